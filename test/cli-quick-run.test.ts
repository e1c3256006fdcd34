// The README's first command, with --quick, as a child process: starts its own embedded Postgres,
// prints the results table, writes the three report files, stops the server and exits 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../reports/read-report.ts';
import { runCli } from './helpers/run-cli.ts';

describe('npx bakeoff run insert-strategies --quick', () => {
  it('runs end to end on an embedded Postgres and writes report.json, report.md and report.html', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-cli-'));
    const embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-embedded-'));
    fs.chmodSync(embeddedDir, 0o755);
    const result = await runCli(['run', 'insert-strategies', '--quick', '--out', out], { env: { BAKEOFF_EMBEDDED_DIR: embeddedDir } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('single-row-autocommit');
    expect(result.stdout).toContain('Recommendation:');
    for (const file of ['report.json', 'report.md', 'report.html']) expect(fs.existsSync(path.join(out, file))).toBe(true);
    const report = parseReportText(fs.readFileSync(path.join(out, 'report.json'), 'utf8'), 'report.json');
    expect(report.status).toBe('completed');
    expect(report.target.kind).toBe('embedded');
    expect(report.variants.every((v) => v.status === 'ok')).toBe(true);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('| single-row-autocommit |');
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('<svg');
    // The embedded server was stopped and its data directory removed.
    expect(fs.readdirSync(embeddedDir)).toEqual([]);
  });
});

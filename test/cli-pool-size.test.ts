// `npx bakeoff run pool-size --quick` as a user runs it: its own embedded Postgres, the pool-size table in
// the terminal, a recommendation, and the three report files with the time series kept in report.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../reports/read-report.ts';
import { runCli } from './helpers/run-cli.ts';

describe('npx bakeoff run pool-size --quick', () => {
  it('runs end to end on an embedded Postgres and reports every pool size', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-cli-pool-'));
    const embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-embedded-'));
    fs.chmodSync(embeddedDir, 0o755);
    const result = await runCli(['run', 'pool-size', '--quick', '--out', out], { env: { BAKEOFF_EMBEDDED_DIR: embeddedDir } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Pool sizes');
    expect(result.stdout).toContain('connection-per-operation');
    expect(result.stdout).toMatch(/Recommendation: pool-(2|8)/);
    const report = parseReportText(fs.readFileSync(path.join(out, 'report.json'), 'utf8'), 'report.json');
    expect(report.status).toBe('completed');
    expect(report.variants.map((v) => v.name)).toEqual(['pool-2', 'pool-8', 'connection-per-operation']);
    for (const v of report.variants) {
      expect(v.status, v.reason).toBe('ok');
      expect(v.trials).toHaveLength(2);
      for (const t of v.trials) expect(t.check.ok, t.check.detail).toBe(true);
    }
    const series = report.variants[1]!.trials[0]!.extra?.timeSeries as Array<{ tMs: number; poolInUse?: number; serverConnections?: number }>;
    expect(series.length).toBeGreaterThan(0);
    expect(series.every((p) => (p.serverConnections ?? 0) <= 8)).toBe(true);
    expect(report.claims.some((c) => c.claim.startsWith('pooling is 10-100x'))).toBe(true);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="chart-pool-curve"');
    expect(html).toContain('id="chart-pool-time-series"');
    expect(fs.readdirSync(embeddedDir)).toEqual([]);
  });
});

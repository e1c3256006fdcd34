// Two runs against the same database at the same time do not collide: each works in its own schema
// (same table and prepared-statement names inside), each verifies its own rows, each gets its own default
// output folder even when both start in the same second, and each drops only its own schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportText } from '../reports/read-report.ts';
import { runCli } from './helpers/run-cli.ts';
import { sharedClient, sharedDatabaseUrl } from './helpers/shared-target.ts';

describe('two runs on one database at once', () => {
  it('both complete, verified, with separate schemas, reports and folders; both schemas are dropped', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-concurrent-'));
    // No --out: both use the default results/<timestamp>-insert-strategies, started in the same second.
    const args = ['run', 'insert-strategies', '--quick', '--trials', '2', '--rows', '1500', '--database-url', sharedDatabaseUrl()];
    const [a, b] = await Promise.all([runCli(args, { cwd }), runCli(args, { cwd })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const folders = fs.readdirSync(path.join(cwd, 'results'));
    expect(folders).toHaveLength(2);
    const reports = folders.map((f) => parseReportText(fs.readFileSync(path.join(cwd, 'results', f, 'report.json'), 'utf8'), f));
    expect(reports[0]!.runId).not.toBe(reports[1]!.runId);
    for (const report of reports) {
      expect(report.status).toBe('completed');
      for (const variant of report.variants) {
        expect(variant.status, `${variant.name}: ${variant.reason}`).toBe('ok');
        expect(variant.trials).toHaveLength(2);
        expect(variant.trials.every((t) => t.check.ok && t.units === 1500 && t.failure === undefined)).toBe(true);
        expect(variant.summary.errors).toEqual({});
      }
    }
    const client = await sharedClient();
    try {
      const schemas = reports.map((r) => `bakeoff_${r.runId}`);
      const left = await client.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [schemas]);
      expect(left.rows).toEqual([]);
    } finally {
      await client.end();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

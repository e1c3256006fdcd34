// Interrupting `bakeoff run` as a user or a CI runner would: Ctrl-C (SIGINT) or SIGTERM stops the load,
// writes a partial report with status `interrupted`, drops the run's schema and stops the embedded
// server; a second Ctrl-C exits at once; SIGKILL leaves debris that the next run sweeps up (its own
// only). Each run is the real CLI as a child process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../core/quote.ts';
import { isPostgresOf, isProcessAlive, sweepStaleEmbedded } from '../core/targets/stale-embedded.ts';
import { parseReportText } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import { sharedClient, sharedDatabaseUrl } from './helpers/shared-target.ts';
import { startCli, type RunningCli } from './helpers/run-cli.ts';

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

afterAll(async () => {
  // Whatever a failed assertion left running in our own folders.
  for (const dir of made) await sweepStaleEmbedded(dir);
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** The embedded server a running CLI started in `baseDir`: its data directory and postmaster pid. */
function embeddedServerIn(baseDir: string): { dataDir: string; postmaster: number } | undefined {
  const owner = fs.readdirSync(baseDir).find((e) => e.endsWith('.owner.json'));
  if (!owner) return undefined;
  const dataDir = path.join(baseDir, owner.slice(0, -'.owner.json'.length));
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return { dataDir, postmaster };
  } catch {
    return undefined;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

function readReport(outDir: string): Report {
  return parseReportText(fs.readFileSync(path.join(outDir, 'report.json'), 'utf8'), 'report.json');
}

/** An embedded run long enough to be interrupted after its first trials. */
function startEmbeddedRun(baseDir: string, outDir: string): RunningCli {
  return startCli(
    ['run', 'insert-strategies', '--variants', 'multi-row-values,single-row-transaction', '--rows', '3000', '--payload-bytes', '16', '--trials', '20', '--warmup', '0', '--out', outDir],
    { env: { BAKEOFF_EMBEDDED_DIR: baseDir } },
  );
}

const FIRST_TRIALS_DONE = /\[trial 1\/20\] multi-row-values: .*ok/;

describe('interrupting a run', () => {
  let killedServer: { dataDir: string; postmaster: number } | undefined;
  let baseDir: string;

  beforeAll(() => {
    baseDir = tempDir('bakeoff-signals-');
  });

  it('SIGKILL leaves the embedded server running (nothing can stop that), with an owner record', async () => {
    const cli = startEmbeddedRun(baseDir, tempDir('bakeoff-out-'));
    await cli.waitForStderr(FIRST_TRIALS_DONE);
    killedServer = embeddedServerIn(baseDir);
    expect(killedServer).toBeDefined();
    cli.child.kill('SIGKILL');
    const result = await cli.done;
    expect(result.signal).toBe('SIGKILL');
    expect(isPostgresOf(killedServer!.postmaster, killedServer!.dataDir)).toBe(true);
    expect(fs.existsSync(`${killedServer!.dataDir}.owner.json`)).toBe(true);
  });

  it('SIGTERM: the next run first sweeps up the killed run, then stops, reports `interrupted`, stops its server', async () => {
    expect(killedServer).toBeDefined();
    const outDir = tempDir('bakeoff-out-');
    const cli = startEmbeddedRun(baseDir, outDir);
    await cli.waitForStderr(FIRST_TRIALS_DONE);
    // By now the stale server of the SIGKILLed run is gone, and so is its data directory.
    expect(isProcessAlive(killedServer!.postmaster) && isPostgresOf(killedServer!.postmaster, killedServer!.dataDir)).toBe(false);
    expect(fs.existsSync(killedServer!.dataDir)).toBe(false);
    const own = embeddedServerIn(baseDir);
    expect(own).toBeDefined();
    cli.child.kill('SIGTERM');
    const result = await cli.done;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('SIGTERM: stopping the run');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const report = readReport(outDir);
    expect(report.status).toBe('interrupted');
    // The trials that completed before the signal are in the report, verified.
    const done = report.variants.flatMap((v) => v.trials);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.every((t) => t.check.ok && t.units === 3000)).toBe(true);
    // Its own embedded server is stopped and its data directory removed.
    expect(isProcessAlive(own!.postmaster) && isPostgresOf(own!.postmaster, own!.dataDir)).toBe(false);
    expect(fs.readdirSync(baseDir)).toEqual([]);
  });

  it('a second Ctrl-C exits at once (130); the server it leaves is swept by the next run', async () => {
    const dir = tempDir('bakeoff-signals-');
    const cli = startEmbeddedRun(dir, tempDir('bakeoff-out-'));
    await cli.waitForStderr(FIRST_TRIALS_DONE);
    const server = embeddedServerIn(dir);
    expect(server).toBeDefined();
    cli.child.kill('SIGINT');
    await cli.waitForStderr(/SIGINT: stopping the run/);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(130);
    // On its way out it asked its server to shut down; the data directory is left for the next run.
    expect(await waitUntil(() => !isProcessAlive(server!.postmaster), 15_000)).toBe(true);
    const swept = await sweepStaleEmbedded(dir);
    expect(swept.removed).toEqual([server!.dataDir]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('Ctrl-C cancels a statement stuck on a lock at once: partial report, schema dropped', async () => {
    const locker = await sharedClient();
    const watcher = await sharedClient();
    const outDir = tempDir('bakeoff-out-');
    try {
      // Limits far beyond the test's patience: only the cancel on interrupt can end the wait in time.
      const cli = startCli([
        'run', 'insert-strategies', '--database-url', sharedDatabaseUrl(), '--variants', 'single-row-autocommit',
        '--rows', '100000', '--trials', '1', '--warmup', '0', '--lock-timeout', '0', '--statement-timeout', '600000',
        '--verbose', '--out', outDir,
      ]);
      await cli.waitForStderr(/working in schema (bakeoff_\w+)/);
      const schema = /working in schema (bakeoff_\w+)/.exec(cli.output().stderr)![1]!;
      // Wait until rows are going in, then block the inserts.
      for (;;) {
        const n = await locker.query('SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2', [schema, 'orders']);
        if (n.rowCount === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${quoteIdent(schema)}.orders IN ACCESS EXCLUSIVE MODE`);
      const blockedInserts = async () =>
        Number(
          (
            await watcher.query<{ n: string }>(
              "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pg-bakeoff' AND state = 'active' AND wait_event_type = 'Lock' AND query LIKE $1",
              [`INSERT INTO ${quoteIdent(schema)}%`],
            )
          ).rows[0]!.n,
        );
      // The run's insert is now waiting on our lock, and would wait for ten minutes.
      let blocked = 0;
      for (let i = 0; i < 100 && blocked === 0; i += 1) {
        blocked = await blockedInserts();
        if (blocked === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(blocked).toBe(1);
      const signalled = Date.now();
      cli.child.kill('SIGINT');
      while (Date.now() - signalled < 20_000 && (await blockedInserts()) > 0) await new Promise((r) => setTimeout(r, 50));
      const stoppedAfterMs = Date.now() - signalled;
      // Release our lock either way, so the run's schema drop can go through.
      await locker.query('COMMIT');
      expect(await blockedInserts()).toBe(0);
      expect(stoppedAfterMs, 'the blocked insert was still waiting 20 s after Ctrl-C').toBeLessThan(20_000);
      const result = await cli.done;
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/interrupt: cancelled what the run's \d+ connection\(s\) were running/);
      const report = readReport(outDir);
      expect(report.status).toBe('interrupted');
      expect(report.variants[0]!.trials).toEqual([]);
      const left = await locker.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      expect(left.rowCount).toBe(0);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await watcher.end();
    }
  });
});

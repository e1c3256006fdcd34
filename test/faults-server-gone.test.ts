// The database goes away for good in the middle of a run (stopped, or frozen so that it accepts TCP
// connections but never answers). `bakeoff run` must end by itself within its timeouts, write a partial
// report with status `failed` and the trials that completed, and exit 1: no hang, no crash, no stack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../core/pg-connect.ts';
import type { EmbeddedTarget } from '../core/targets/embedded.ts';
import { parseReportText } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import { startOwnServer, urlOf } from './helpers/own-server.ts';
import { startCli, type CliResult } from './helpers/run-cli.ts';

let server: EmbeddedTarget;

beforeAll(async () => {
  server = await startOwnServer({ fsync: 'off', synchronous_commit: 'off' });
});

afterAll(async () => {
  await server?.stop();
});

/** The postmaster and every process it started (backends, checkpointer, ...). */
function serverProcesses(dataDir: string): number[] {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent pid (after the parenthesized command name).
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

function expectCleanFailure(result: CliResult, outDir: string): Report {
  expect(result.signal).toBeNull();
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.stderr).not.toMatch(/unhandled|uncaught/i);
  const report = parseReportText(fs.readFileSync(path.join(outDir, 'report.json'), 'utf8'), 'report.json');
  expect(report.status).toBe('failed');
  expect(report.reason).toMatch(/lost the database/);
  for (const file of ['report.md', 'report.html']) expect(fs.existsSync(path.join(outDir, file))).toBe(true);
  // The reader of report.md learns what happened.
  const markdown = fs.readFileSync(path.join(outDir, 'report.md'), 'utf8');
  expect(markdown).toMatch(/lost the database connection/);
  expect(markdown).toMatch(/gave up on the database/);
  expect(report.incidents?.map((i) => i.kind)).toEqual(['connection-lost', 'target-lost']);
  // What completed before the fault is kept, verified.
  const completed = report.variants.flatMap((v) => v.trials).filter((t) => t.failure === undefined);
  expect(completed.length).toBeGreaterThanOrEqual(2);
  expect(completed.every((t) => t.check.ok && t.units === 3000)).toBe(true);
  return report;
}

const RUN_ARGS = ['--variants', 'multi-row-values,single-row-transaction', '--rows', '3000', '--payload-bytes', '16', '--trials', '8', '--warmup', '0'];
// Small limits so the test is short; the defaults bound a real run the same way, only later.
const LIMITS = ['--statement-timeout', '1000', '--connect-timeout', '1000', '--reconnect-timeout', '2000'];

describe('the database goes away mid-run', () => {
  it('frozen (accepts connections, never answers): the run ends on its timeouts, partial report, exit 1', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-frozen-'));
    const cli = startCli(['run', 'insert-strategies', '--database-url', urlOf(server), ...RUN_ARGS, ...LIMITS, '--out', outDir]);
    await cli.waitForStderr(/\[trial 1\/8\] multi-row-values: .*ok/);
    const frozen = serverProcesses(server.dataDir);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    let result: CliResult;
    try {
      result = await cli.done;
    } finally {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
    }
    const report = expectCleanFailure(result, outDir);
    // The statement that hung was given up by the client-side read timeout.
    const failed = report.variants.flatMap((v) => v.trials).filter((t) => t.failure !== undefined);
    expect(failed.length).toBeGreaterThanOrEqual(1);
  });

  it('ending a connection to a frozen server does not wait for it (scenarios end clients in finally blocks)', async () => {
    const client = await connectClient(server, undefined, { application_name: 'bakeoff-test' });
    const frozen = serverProcesses(server.dataDir);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      // pg's own end() would wait here for ever: the server never closes its side.
      const ended = await Promise.race([client.end().then(() => 'ended'), new Promise((r) => setTimeout(() => r('still waiting'), 20_000))]);
      expect(ended).toBe('ended');
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
  });

  it('stopped and not coming back: the run ends within its reconnect timeout, partial report, exit 1', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-stopped-'));
    const cli = startCli(['run', 'insert-strategies', '--database-url', urlOf(server), ...RUN_ARGS, ...LIMITS, '--out', outDir]);
    await cli.waitForStderr(/\[trial 1\/8\] multi-row-values: .*ok/);
    await server.stopServer();
    const result = await cli.done;
    const report = expectCleanFailure(result, outDir);
    expect(report.incidents![1]!.detail).toMatch(/ECONNREFUSED|connect/i);
  });
});

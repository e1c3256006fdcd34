// Database faults in the middle of a run, against the test's own embedded Postgres: every connection of
// the run terminated, the server stopped and started again. insert-strategies trials are fixed work, so
// a trial whose connection dies cannot finish: it is kept as a failed trial with its error counted, the
// run waits for the database, and the variant and the run go on.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../core/engine/run-variants.ts';
import { APPLICATION_NAME } from '../core/pg-connect.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario, type RunOutcome } from '../core/run/run-scenario.ts';
import type { EmbeddedTarget } from '../core/targets/embedded.ts';
import insertStrategies from '../scenarios/insert-strategies/index.ts';
import { startOwnServer, testClient } from './helpers/own-server.ts';

let server: EmbeddedTarget;
let admin: pg.Client;

beforeAll(async () => {
  // Durability is not under test here: without fsync the trials take a fraction of the time.
  server = await startOwnServer({ fsync: 'off', synchronous_commit: 'off' });
  admin = await testClient(server);
});

afterAll(async () => {
  await admin?.end().catch(() => undefined);
  await server?.stop();
});

/** Runs insert-strategies and calls `inject` once, when `variant` has done some rows of trial `trial`. */
async function runWithFault(variant: string, trial: number, inject: () => Promise<void>): Promise<{ outcome: RunOutcome; injected: boolean }> {
  const options = resolveOptions(insertStrategies, {
    rows: '4000',
    batchSize: '500',
    payloadBytes: '16',
    trials: '3',
    warmup: '0',
    variants: `${variant},multi-row-values`,
    reconnectTimeout: '20000',
  });
  let currentTrial = -1;
  let injection: Promise<void> | undefined;
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'trial-start' && event.variant === variant && !event.warmup) currentTrial = event.trial;
    // Progress comes every 500 rows; 3,500 rows are still to go when the fault lands.
    if (event.type === 'trial-progress' && event.variant === variant && currentTrial === trial && event.done >= 500 && !injection) {
      injection = inject();
    }
  };
  const outcome = await runScenario({ scenario: insertStrategies, options, signal: new AbortController().signal, target: server, onEvent });
  await injection;
  return { outcome, injected: injection !== undefined };
}

async function expectCleanServer(schema: string): Promise<void> {
  const schemas = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  expect(schemas.rowCount).toBe(0);
  const sessions = await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [APPLICATION_NAME]);
  expect(sessions.rowCount).toBe(0);
}

function expectFaultCounted(outcome: RunOutcome, variant: string, trial: number): void {
  const faulted = outcome.variants.find((v) => v.name === variant)!;
  expect(faulted.status, faulted.reason).toBe('ok');
  expect(faulted.trials).toHaveLength(3);
  const broken = faulted.trials[trial]!;
  expect(broken.failure).toBeDefined();
  expect(broken.units).toBe(0);
  const brokenKinds = Object.keys(broken.errors);
  expect(brokenKinds).toHaveLength(1);
  expect(brokenKinds[0]).toMatch(/^(57P01 admin_shutdown|08\w+ \w+|connection_error)/);
  // The other trials ran to the end and were verified.
  for (const t of faulted.trials.filter((x) => x.index !== trial)) {
    expect(t.failure).toBeUndefined();
    expect(t.check.ok, t.check.detail).toBe(true);
    expect(t.units).toBe(4000);
  }
  expect(faulted.summary.failedTrials).toBe(1);
  expect(Object.values(faulted.summary.errors).reduce((a, b) => a + b, 0)).toBe(1);
  // The variant that was not hit has all its trials.
  const other = outcome.variants.find((v) => v.name === 'multi-row-values')!;
  expect(other.status).toBe('ok');
  expect(other.trials.every((t) => t.failure === undefined && t.check.ok)).toBe(true);
  expect(other.trials).toHaveLength(3);
}

describe('faults during a run', () => {
  it('every connection of the run terminated mid-variant: that trial fails with the error counted, the run goes on', async () => {
    let terminated = 0;
    const { outcome, injected } = await runWithFault('single-row-autocommit', 1, async () => {
      const result = await admin.query<{ n: string }>(
        'SELECT count(*) AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()) t',
        [APPLICATION_NAME],
      );
      terminated = Number(result.rows[0]!.n);
    });
    expect(injected).toBe(true);
    // The run's own connection, and the trial's two (table admin and inserting worker).
    expect(terminated).toBeGreaterThanOrEqual(3);
    expect(outcome.status, outcome.reason).toBe('completed');
    expectFaultCounted(outcome, 'single-row-autocommit', 1);
    const kinds = (outcome.incidents ?? []).map((i) => i.kind);
    expect(kinds).toEqual(['connection-lost', 'reconnected']);
    expect(outcome.incidents![0]).toMatchObject({ variant: 'single-row-autocommit', trial: 1 });
    await expectCleanServer(outcome.schema);
  });

  it('the server stopped and started again: the run reconnects and finishes, the gap is in the report', async () => {
    const downMs = 1500;
    let stoppedAt = 0;
    let startedAt = 0;
    const { outcome, injected } = await runWithFault('single-row-transaction', 1, async () => {
      await server.stopServer();
      stoppedAt = Date.now();
      await new Promise((r) => setTimeout(r, downMs));
      await server.startServer();
      startedAt = Date.now();
    });
    expect(injected).toBe(true);
    expect(startedAt - stoppedAt).toBeGreaterThanOrEqual(downMs);
    // Our own client went down with the server.
    await admin.end().catch(() => undefined);
    admin = await testClient(server);
    expect(outcome.status, outcome.reason).toBe('completed');
    expectFaultCounted(outcome, 'single-row-transaction', 1);
    const incidents = outcome.incidents ?? [];
    expect(incidents.map((i) => i.kind)).toEqual(['connection-lost', 'reconnected']);
    // The run noticed the outage and waited it out: the wait is part of the report.
    const lostAt = Date.parse(incidents[0]!.at);
    const backAt = Date.parse(incidents[1]!.at);
    expect(lostAt).toBeLessThanOrEqual(startedAt);
    expect(backAt).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(incidents[1]!.waitedMs).toBeGreaterThan(0);
    await expectCleanServer(outcome.schema);
  });
});

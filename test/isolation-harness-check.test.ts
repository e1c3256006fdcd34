// The trial check of the isolation scenario fails only when the harness cannot be trusted: transactions
// that keep hitting 40001 until they give up are a counted result (check ok), while an error retrying
// cannot fix, or commits that do not match the ledger, fail the check. The workloads here are tiny real
// ones whose transactions raise real server errors; nothing is mocked.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../core/pg-connect.ts';
import { qualified } from '../core/quote.ts';
import type { TrialContext } from '../core/scenario.ts';
import type { Target } from '../core/targets/target.ts';
import type { IsolationOptions } from '../scenarios/isolation/options.ts';
import { closeRunConnections } from '../scenarios/isolation/run-connections.ts';
import { runIsolationTrial } from '../scenarios/isolation/run-trial.ts';
import type { Workload } from '../scenarios/isolation/workload.ts';
import { sharedClient, sharedTarget, withTestSchema } from './helpers/shared-target.ts';

let admin: pg.Client;
let target: Target;
let schema: string;
let drop: () => Promise<void>;

const options: IsolationOptions = {
  levels: ['serializable'],
  workload: ['counter'],
  keys: 1,
  skew: 0,
  concurrency: 2,
  duration: 1,
  transactions: 12,
  maxRetries: 2,
};

beforeAll(async () => {
  admin = await sharedClient();
  target = await sharedTarget();
  const created = await withTestSchema(admin);
  schema = created.schema;
  drop = created.drop;
});

afterAll(async () => {
  await closeRunConnections(schema);
  await drop();
  await admin.end();
});

function trialContext(): TrialContext<IsolationOptions> {
  return {
    options,
    target,
    schema,
    table: (name) => qualified(schema, name),
    connect: (overrides) => connectClient(target, schema, overrides),
    signal: new AbortController().signal,
    log: () => undefined,
    trial: 0,
    warmup: false,
    progress: () => undefined,
  };
}

/** A workload whose every transaction runs `sql`, and whose check reports `ledgerRows` and no violation. */
function raisingWorkload(sql: string, ledgerRows: (written: number) => number): Workload {
  let written = 0;
  return {
    name: 'counter',
    description: 'test workload',
    approaches: ['atomic'],
    invariant: 'none',
    minKeys: 1,
    create: async () => undefined,
    async prepare() {
      written = 0;
      return {
        get ledgerRowsWritten() {
          return written;
        },
        async operation(_client, transact) {
          await transact((c) => c.query(sql));
          written += 1;
        },
      };
    },
    check: async () => ({ violations: 0, metrics: {}, ledgerRows: ledgerRows(written), harnessProblems: [], detail: 'checked' }),
  };
}

const raise = (sqlstate: string) => `DO $$ BEGIN RAISE EXCEPTION 'planted' USING ERRCODE = '${sqlstate}'; END $$`;
const key = { level: 'serializable', workload: 'counter', approach: 'atomic' } as const;

describe('the isolation trial check', () => {
  it('passes when every transaction gives up after its retries: give-ups are a result', async () => {
    const m = await runIsolationTrial(trialContext(), key, raisingWorkload(raise('40001'), (w) => w));
    expect(m.check).toMatchObject({ ok: true });
    expect(m.check.detail).toMatch(/12 gave up after 2 retries/);
    expect(m.metrics).toMatchObject({ commits: 0, giveUps: 12, retries: 24, attempts: 36, aborts: 36, abortPct: 100 });
    expect(m.errors).toEqual({ '40001 serialization_failure': 36 });
  });

  it('fails on an error that retrying cannot fix', async () => {
    const m = await runIsolationTrial(trialContext(), key, raisingWorkload(raise('23505'), (w) => w));
    expect(m.check.ok).toBe(false);
    expect(m.check.detail).toMatch(/^12 transactions failed with errors that are not retryable \(12 x 23505 unique_violation\)/);
  });

  it('fails when the committed transactions and the ledger disagree', async () => {
    const m = await runIsolationTrial(trialContext(), key, raisingWorkload('SELECT 1', (w) => w - 1));
    expect(m.metrics.commits).toBe(12);
    expect(m.check.ok).toBe(false);
    expect(m.check.detail).toMatch(/the application saw 12 ledger writes commit, the database holds 11/);
  });

  it('passes for work that commits and reconciles', async () => {
    const m = await runIsolationTrial(trialContext(), key, raisingWorkload('SELECT 1', (w) => w));
    expect(m.check).toMatchObject({ ok: true });
    expect(m.metrics).toMatchObject({ commits: 12, attempts: 12, giveUps: 0, violations: 0 });
    expect(m.units).toBe(12);
    expect(m.histogram.totalCount).toBe(12);
  });
});

// The invariant checks of the isolation workloads: clean after real committed work, and each catches a
// violation planted by corrupting the state directly (a lost update, money appearing from nowhere, a
// shift left with nobody on call), so a check that cannot fail would fail here.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryStats, runTransaction, DEFAULT_RETRY_POLICY } from '../core/load/retry-transaction.ts';
import { skewedKeys } from '../core/load/skewed-keys.ts';
import { qualified } from '../core/quote.ts';
import { counterWorkload } from '../scenarios/isolation/workloads/counter.ts';
import { transferWorkload } from '../scenarios/isolation/workloads/transfer.ts';
import { writeSkewWorkload } from '../scenarios/isolation/workloads/write-skew.ts';
import type { Transact, Workload, WorkloadTables } from '../scenarios/isolation/workload.ts';
import { sharedClient, withTestSchema } from './helpers/shared-target.ts';

let client: pg.Client;
let drop: () => Promise<void>;
let tables: WorkloadTables;
const KEYS = 4;

beforeAll(async () => {
  client = await sharedClient();
  const created = await withTestSchema(client);
  drop = created.drop;
  tables = { table: (name) => qualified(created.schema, name) };
  for (const workload of [transferWorkload, counterWorkload, writeSkewWorkload]) await workload.create(client, tables, KEYS);
});

afterAll(async () => {
  await drop();
  await client.end();
});

/** Resets the workload and runs `operations` of it one after another, each a committed SERIALIZABLE transaction. */
async function runSerially(workload: Workload, operations: number) {
  const trial = await workload.prepare(client, { ...tables, approach: 'read-modify-write', keys: skewedKeys(KEYS, 0) });
  const stats = new RetryStats();
  const transact: Transact = (work) => runTransaction(client, work, { isolation: 'serializable', policy: DEFAULT_RETRY_POLICY, stats });
  for (let i = 0; i < operations; i += 1) await trial.operation(client, transact);
  expect(stats.commits).toBe(operations);
  return trial;
}

describe('transfer invariant', () => {
  it('reconciles every account with the ledger after committed transfers', async () => {
    const trial = await runSerially(transferWorkload, 40);
    const check = await transferWorkload.check(client, tables);
    expect(check).toMatchObject({ violations: 0, ledgerRows: 40, harnessProblems: [], metrics: { lostUpdates: 0, totalDrift: 0 } });
    expect(trial.ledgerRowsWritten).toBe(40);
  });

  it('catches a lost update: an account overwritten with what it held before its last transfer', async () => {
    await runSerially(transferWorkload, 40);
    // Undo the last committed transfer's effect on its receiving account, as a stale overwrite would.
    const last = (await client.query<{ to_id: number; amount: number }>(`SELECT to_id, amount FROM ${tables.table('transfers')} ORDER BY id DESC LIMIT 1`)).rows[0]!;
    await client.query(`UPDATE ${tables.table('accounts')} SET balance = balance - $2, version = version - 1 WHERE id = $1`, [last.to_id, last.amount]);
    const check = await transferWorkload.check(client, tables);
    expect(check.violations).toBe(1);
    expect(check.metrics).toEqual({ lostUpdates: 1, totalDrift: -last.amount });
    expect(check.detail).toMatch(/1 of 4 accounts disagree .* 1 lost updates/);
  });

  it('catches money appearing from nowhere', async () => {
    await runSerially(transferWorkload, 10);
    await client.query(`UPDATE ${tables.table('accounts')} SET balance = balance + 7 WHERE id = 2`);
    const check = await transferWorkload.check(client, tables);
    expect(check.violations).toBe(1);
    expect(check.metrics.totalDrift).toBe(7);
  });
});

describe('counter invariant', () => {
  it('reconciles every counter with its committed increments', async () => {
    await runSerially(counterWorkload, 30);
    const check = await counterWorkload.check(client, tables);
    expect(check).toMatchObject({ violations: 0, ledgerRows: 30, harnessProblems: [], metrics: { lostUpdates: 0 } });
  });

  it('catches a lost increment', async () => {
    await runSerially(counterWorkload, 30);
    await client.query(`UPDATE ${tables.table('counters')} SET value = value - 1 WHERE id = (SELECT counter_id FROM ${tables.table('increments')} LIMIT 1)`);
    const check = await counterWorkload.check(client, tables);
    expect(check).toMatchObject({ violations: 1, metrics: { lostUpdates: 1 } });
  });
});

describe('write-skew invariant', () => {
  it('finds every shift covered after granted and denied requests', async () => {
    const trial = await runSerially(writeSkewWorkload, 40);
    const check = await writeSkewWorkload.check(client, tables);
    expect(check.violations).toBe(0);
    expect(check.harnessProblems).toEqual([]);
    expect(check.ledgerRows).toBe(trial.ledgerRowsWritten);
    expect(check.metrics.shifts).toBeGreaterThan(KEYS);
    expect(check.metrics.leavesGranted).toBeGreaterThan(0);
  });

  it('catches a shift left with nobody on call', async () => {
    await runSerially(writeSkewWorkload, 40);
    const shift = (await client.query<{ group_id: number; shift: number }>(`SELECT group_id, shift FROM ${tables.table('on_call')} WHERE on_call LIMIT 1`)).rows[0]!;
    await client.query(`UPDATE ${tables.table('on_call')} SET on_call = false WHERE group_id = $1 AND shift = $2`, [shift.group_id, shift.shift]);
    const check = await writeSkewWorkload.check(client, tables);
    expect(check.violations).toBe(1);
    expect(check.detail).toMatch(/^1 of \d+ shifts were left with nobody on call/);
    // Taking a doctor off call outside a ledgered transaction is also flagged as a harness problem.
    expect(check.harnessProblems.join(' ')).toMatch(/off call but the ledger grants leave/);
  });
});

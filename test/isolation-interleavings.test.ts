// The Postgres behaviour the isolation scenario measures, shown with two transactions on two connections
// stepped explicitly (T1 read, T2 read, T1 write + commit, T2 write ...), so no outcome depends on timing.
// Where a statement must block, the test keeps it as a pending promise, asks pg_stat_activity until the
// server says that backend waits for a lock, then commits the other transaction and observes the outcome.
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { quoteIdent } from '../core/quote.ts';
import { sqlstateOf } from '../core/sqlstate.ts';
import { sharedClient, withTestSchema } from './helpers/shared-target.ts';

let observer: pg.Client;
let t1: pg.Client;
let t2: pg.Client;
let t2Pid: number;
let drop: () => Promise<void>;
let counters: string;
let onCall: string;

beforeAll(async () => {
  observer = await sharedClient();
  t1 = await sharedClient();
  t2 = await sharedClient();
  // Asked up front: once T2 is blocked, anything sent on its connection queues behind the blocked statement.
  t2Pid = (await t2.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const created = await withTestSchema(observer);
  drop = created.drop;
  counters = `${quoteIdent(created.schema)}.${quoteIdent('counters')}`;
  onCall = `${quoteIdent(created.schema)}.${quoteIdent('on_call')}`;
  await observer.query(`CREATE TABLE ${counters} (id int PRIMARY KEY, value bigint NOT NULL)`);
  await observer.query(`CREATE TABLE ${onCall} (group_id int NOT NULL, doctor int NOT NULL, on_call boolean NOT NULL, PRIMARY KEY (group_id, doctor))`);
});

afterAll(async () => {
  await Promise.all([t1.end(), t2.end()]);
  await drop();
  await observer.end();
});

beforeEach(async () => {
  await observer.query(`TRUNCATE ${counters}, ${onCall}`);
  await observer.query(`INSERT INTO ${counters} VALUES (1, 0)`);
  await observer.query(`INSERT INTO ${onCall} VALUES (1, 0, true), (1, 1, true)`);
});

/** Resolves once the server reports that T2's backend waits for a lock (polls; fails after 10 s). */
async function t2BlockedOnLock(): Promise<void> {
  const pid = t2Pid;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const r = await observer.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (r.rows[0]?.wait === 'Lock') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}

/** A statement's outcome without throwing: the value, or the SQLSTATE it failed with. */
async function outcome<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; sqlstate: string | undefined }> {
  try {
    return { ok: true, value: await work };
  } catch (err) {
    return { ok: false, sqlstate: sqlstateOf(err) };
  }
}

const readValue = async (c: pg.Client, lock = false) => Number((await c.query<{ value: string }>(`SELECT value FROM ${counters} WHERE id = 1${lock ? ' FOR UPDATE' : ''}`)).rows[0]!.value);
const writeValue = (c: pg.Client, value: number) => c.query(`UPDATE ${counters} SET value = $1 WHERE id = 1`, [value]);
const finalValue = () => readValue(observer);
const onCallCount = async (c: pg.Client) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${onCall} WHERE group_id = 1 AND on_call`)).rows[0]!.n);

describe('READ COMMITTED with read-modify-write', () => {
  it('loses an update when the second writer read before the first committed', async () => {
    await t1.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await t2.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const seen1 = await readValue(t1);
    const seen2 = await readValue(t2);
    await writeValue(t1, seen1 + 1);
    await t1.query('COMMIT');
    await writeValue(t2, seen2 + 1);
    await t2.query('COMMIT');
    // Two increments committed, one survived.
    expect([seen1, seen2]).toEqual([0, 0]);
    expect(await finalValue()).toBe(1);
  });

  it('loses an update when the second writer blocks on the first and then overwrites it', async () => {
    await t1.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await t2.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const seen1 = await readValue(t1);
    const seen2 = await readValue(t2);
    await writeValue(t1, seen1 + 1);
    const t2Write = outcome(writeValue(t2, seen2 + 1));
    await t2BlockedOnLock();
    await t1.query('COMMIT');
    // T2 waited for T1, then wrote the value it computed from its stale read.
    expect(await t2Write).toMatchObject({ ok: true });
    await t2.query('COMMIT');
    expect(await finalValue()).toBe(1);
  });
});

describe('REPEATABLE READ with read-modify-write', () => {
  it('fails the second writer with 40001 instead of losing the update; the retried transaction then applies it', async () => {
    await t1.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await t2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const seen1 = await readValue(t1);
    const seen2 = await readValue(t2);
    await writeValue(t1, seen1 + 1);
    const t2Write = outcome(writeValue(t2, seen2 + 1));
    await t2BlockedOnLock();
    await t1.query('COMMIT');
    expect(await t2Write).toEqual({ ok: false, sqlstate: '40001' });
    await t2.query('ROLLBACK');
    expect(await finalValue()).toBe(1);

    // What the retry module does: run the whole transaction again, from the read.
    await t2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const again = await readValue(t2);
    await writeValue(t2, again + 1);
    await t2.query('COMMIT');
    expect(again).toBe(1);
    expect(await finalValue()).toBe(2);
  });

  it('fails the second writer with 40001 at once when the first already committed', async () => {
    await t1.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await t2.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const seen1 = await readValue(t1);
    const seen2 = await readValue(t2);
    await writeValue(t1, seen1 + 1);
    await t1.query('COMMIT');
    expect(await outcome(writeValue(t2, seen2 + 1))).toEqual({ ok: false, sqlstate: '40001' });
    await t2.query('ROLLBACK');
    expect(await finalValue()).toBe(1);
  });
});

describe('the fixes under READ COMMITTED', () => {
  it('SELECT ... FOR UPDATE makes the second transaction wait and then read the committed value', async () => {
    await t1.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await t2.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const seen1 = await readValue(t1, true);
    const t2Read = outcome(readValue(t2, true));
    await t2BlockedOnLock();
    await writeValue(t1, seen1 + 1);
    await t1.query('COMMIT');
    const seen2 = await t2Read;
    expect(seen2).toEqual({ ok: true, value: 1 });
    await writeValue(t2, (seen2 as { value: number }).value + 1);
    await t2.query('COMMIT');
    expect(await finalValue()).toBe(2);
  });

  it('an atomic UPDATE ... SET value = value + 1 waits and then adds to the committed value', async () => {
    const increment = (c: pg.Client) => c.query(`UPDATE ${counters} SET value = value + 1 WHERE id = 1`);
    await t1.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await t2.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await increment(t1);
    const t2Write = outcome(increment(t2));
    await t2BlockedOnLock();
    await t1.query('COMMIT');
    expect(await t2Write).toMatchObject({ ok: true });
    await t2.query('COMMIT');
    expect(await finalValue()).toBe(2);
  });
});

describe('write skew: two doctors, each goes off call after reading that two are on call', () => {
  const goOffCall = (c: pg.Client, doctor: number) => c.query(`UPDATE ${onCall} SET on_call = false WHERE group_id = 1 AND doctor = $1`, [doctor]);

  /** T1 read, T2 read, T1 write, T2 write, T1 commit, T2 commit; a transaction that fails stops there and rolls back. */
  async function interleave(level: string): Promise<Array<{ tx: string; step: string; sqlstate: string | undefined }>> {
    const failures: Array<{ tx: string; step: string; sqlstate: string | undefined }> = [];
    const failed = new Set<pg.Client>();
    const step = async (tx: pg.Client, name: string, work: () => Promise<unknown>) => {
      if (failed.has(tx)) return;
      const result = await outcome(work());
      if (!result.ok) {
        failed.add(tx);
        failures.push({ tx: tx === t1 ? 'T1' : 'T2', step: name, sqlstate: result.sqlstate });
        await tx.query('ROLLBACK');
      }
    };
    await t1.query(`BEGIN ISOLATION LEVEL ${level}`);
    await t2.query(`BEGIN ISOLATION LEVEL ${level}`);
    let seen1 = 0;
    let seen2 = 0;
    await step(t1, 'read', async () => (seen1 = await onCallCount(t1)));
    await step(t2, 'read', async () => (seen2 = await onCallCount(t2)));
    expect([seen1, seen2]).toEqual([2, 2]);
    // Each checks the rule against what it read, and each updates a different row: no row lock is shared.
    await step(t1, 'write', () => goOffCall(t1, 0));
    await step(t2, 'write', () => goOffCall(t2, 1));
    await step(t1, 'commit', () => t1.query('COMMIT'));
    await step(t2, 'commit', () => t2.query('COMMIT'));
    return failures;
  }

  it('is allowed under REPEATABLE READ: both commit and nobody is left on call', async () => {
    expect(await interleave('REPEATABLE READ')).toEqual([]);
    expect(await onCallCount(observer)).toBe(0);
  });

  it('is prevented under SERIALIZABLE: one transaction fails with 40001 and one doctor stays on call', async () => {
    const failures = await interleave('SERIALIZABLE');
    // First committer wins: SSI finds the dangerous structure when T2 tries to commit.
    expect(failures).toEqual([{ tx: 'T2', step: 'commit', sqlstate: '40001' }]);
    expect(await onCallCount(observer)).toBe(1);
  });
});

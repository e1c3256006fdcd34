// runTransaction retries the whole transaction on 40001/40P01 raised by a real server, rolls back every
// failed attempt, gives up after the bounded number of retries, never retries other errors, and counts
// every attempt, commit, retry and give-up.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, RetryStats, runTransaction, TransactionGaveUpError, type RetryPolicy } from '../core/load/retry-transaction.ts';
import { quoteIdent } from '../core/quote.ts';
import { sharedClient, withTestSchema } from './helpers/shared-target.ts';

let client: pg.Client;
let drop: () => Promise<void>;
let table: string;
const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 4 };

/** A real server error with the given SQLSTATE, raised inside the transaction. */
const raise = (c: pg.ClientBase, sqlstate: string) => c.query(`DO $$ BEGIN RAISE EXCEPTION 'planted failure' USING ERRCODE = '${sqlstate}'; END $$`);

beforeAll(async () => {
  client = await sharedClient();
  const created = await withTestSchema(client);
  drop = created.drop;
  table = `${quoteIdent(created.schema)}.${quoteIdent('attempts')}`;
  await client.query(`CREATE TABLE ${table} (attempt int NOT NULL)`);
});

afterAll(async () => {
  await drop();
  await client.end();
});

async function rows(): Promise<number[]> {
  const result = await client.query<{ attempt: number }>(`SELECT attempt FROM ${table} ORDER BY attempt`);
  return result.rows.map((r) => r.attempt);
}

describe('runTransaction', () => {
  it('retries the whole transaction after 40001 and 40P01, keeping only the attempt that committed', async () => {
    await client.query(`TRUNCATE ${table}`);
    const stats = new RetryStats();
    let attempt = 0;
    const result = await runTransaction(
      client,
      async (c) => {
        attempt += 1;
        await c.query(`INSERT INTO ${table} (attempt) VALUES ($1)`, [attempt]);
        if (attempt === 1) await raise(c, '40001');
        if (attempt === 2) await raise(c, '40P01');
        return attempt;
      },
      { isolation: 'serializable', policy, stats },
    );
    expect(result).toBe(3);
    // The rows written by the two failed attempts were rolled back with them.
    expect(await rows()).toEqual([3]);
    expect(stats).toMatchObject({ attempts: 3, commits: 1, retries: 2, giveUps: 0, failures: 0 });
    expect(stats.aborts).toEqual({ '40001 serialization_failure': 1, '40P01 deadlock_detected': 1 });
    expect(stats.latency.totalCount).toBe(1);
  });

  it('gives up after maxRetries retries and says what kept failing', async () => {
    await client.query(`TRUNCATE ${table}`);
    const stats = new RetryStats();
    const error = await runTransaction(
      client,
      async (c) => {
        await c.query(`INSERT INTO ${table} (attempt) VALUES (1)`);
        await raise(c, '40001');
      },
      { isolation: 'repeatable read', policy, stats },
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TransactionGaveUpError);
    expect((error as TransactionGaveUpError).attempts).toBe(policy.maxRetries + 1);
    expect((error as TransactionGaveUpError).lastSqlstate).toBe('40001');
    expect(stats).toMatchObject({ attempts: 4, commits: 0, retries: 3, giveUps: 1, failures: 0 });
    expect(stats.latency.totalCount).toBe(0);
    expect(await rows()).toEqual([]);
    // No transaction was left open: this statement starts its own (a leftover one would have started earlier).
    const own = await client.query<{ fresh: boolean }>('SELECT xact_start = query_start AS fresh FROM pg_stat_activity WHERE pid = pg_backend_pid()');
    expect(own.rows[0]!.fresh).toBe(true);
  });

  it('does not retry an error that retrying cannot fix', async () => {
    const stats = new RetryStats();
    const error = await runTransaction(client, (c) => raise(c, '23505'), { isolation: 'read committed', policy, stats }).catch((err: unknown) => err);
    expect((error as { code?: string }).code).toBe('23505');
    expect(stats).toMatchObject({ attempts: 1, commits: 0, retries: 0, giveUps: 0, failures: 1 });
    expect(stats.aborts).toEqual({ '23505 unique_violation': 1 });
  });

  it('begins every attempt at the requested isolation level', async () => {
    const stats = new RetryStats();
    for (const level of ['read committed', 'repeatable read', 'serializable'] as const) {
      const shown = await runTransaction(client, async (c) => (await c.query<{ l: string }>("SELECT current_setting('transaction_isolation') AS l")).rows[0]!.l, { isolation: level, policy, stats });
      expect(shown).toBe(level);
    }
    expect(stats.commits).toBe(3);
  });
});

describe('backoffMs', () => {
  it('draws from zero up to a cap that doubles per retry and stops at maxDelayMs', () => {
    const p: RetryPolicy = { maxRetries: 10, baseDelayMs: 2, maxDelayMs: 50 };
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffMs(r, p, () => 0.999999))).toEqual([2, 4, 8, 16, 32, 50].map((cap) => expect.closeTo(cap, 3)));
    expect(backoffMs(3, p, () => 0)).toBe(0);
    expect(backoffMs(3, p, () => 0.5)).toBe(8);
  });
});

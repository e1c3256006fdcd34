// The client read timeout of run pools (core/read-watchdog.ts): kept by a sweep instead of pg's timer per
// query, it must still give up a query whose answer does not come, leave quick queries alone however
// many run, and leave the pool usable. A real server keeps the answer back: pg_sleep with the server's
// statement_timeout off, so only the client-side limit can end it.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunPool, runConnectionConfig } from '../core/pg-connect.ts';
import { canWatchReads } from '../core/read-watchdog.ts';
import { classifyError } from '../core/sqlstate.ts';
import type { Target } from '../core/targets/target.ts';
import { sharedTarget } from './helpers/shared-target.ts';

const READ_TIMEOUT_MS = 300;
let target: Target;
let pool: pg.Pool;

beforeAll(async () => {
  target = await sharedTarget();
  pool = createRunPool(Object.assign(runConnectionConfig(target, undefined, { application_name: 'bakeoff-watchdog-test' }), { max: 3, statement_timeout: 0, query_timeout: READ_TIMEOUT_MS }));
});

afterAll(async () => {
  await pool.end();
});

describe('read timeout of run pools', () => {
  it('is kept by the sweep: pooled clients carry no per-query timer (this pg exposes what the sweep reads)', async () => {
    expect(canWatchReads()).toBe(true);
    const client = await pool.connect();
    try {
      expect((client as unknown as { connectionParameters: { query_timeout: unknown } }).connectionParameters.query_timeout).toBeFalsy();
    } finally {
      client.release();
    }
  });

  it('gives up a query whose answer does not come, as a client timeout, and the pool goes on', async () => {
    const slow = pool.query('SELECT pg_sleep(5)');
    const err = await slow.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Query read timeout');
    expect(classifyError(err)).toBe('client_timeout');
    // The connection that hung was dropped; the pool hands out working ones.
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0]!.one).toBe(1);
  });

  it('never gives up queries that answer, however long a stream of them runs', async () => {
    const until = Date.now() + 4 * READ_TIMEOUT_MS;
    let done = 0;
    // Three clients busy back to back for several timeouts: each sweep sees a different active query.
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (Date.now() < until) {
          await pool.query('SELECT pg_sleep(0.02)');
          done += 1;
        }
      }),
    );
    expect(done).toBeGreaterThan(10);
  });

  it('keeps the password when it takes query_timeout off the config (connections still authenticate)', async () => {
    const config = runConnectionConfig(target, undefined, { query_timeout: 5_000 });
    const own = createRunPool(config);
    try {
      expect((await own.query<{ ok: boolean }>('SELECT true AS ok')).rows[0]!.ok).toBe(true);
      // The caller's config is not changed.
      expect(config.query_timeout).toBe(5_000);
    } finally {
      await own.end();
    }
  });
});

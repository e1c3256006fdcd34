// withPooledClient releases every client it borrows: after a success, after a server error (the connection
// is still good and goes back to the pool), after work that throws before returning a promise, and after a
// non-server error (the client is dropped from the pool instead, so nobody gets a broken connection).
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createHistogram, histogramSink } from '../core/histogram.ts';
import { withPooledClient, withPooledClientDone, type WorkDone } from '../core/load/pooled-operation.ts';
import { sqlstateOf } from '../core/sqlstate.ts';
import { sharedDatabaseUrl } from './helpers/shared-target.ts';

describe('withPooledClient', () => {
  const pool = new pg.Pool({ connectionString: sharedDatabaseUrl(), max: 1 });
  const acquire = createHistogram();
  const pid = (client: pg.ClientBase) => client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid').then((r) => r.rows[0]!.pid);
  afterAll(() => pool.end());

  it('resolves with the work, records the acquire wait, and keeps the connection after a server error', async () => {
    const first = await withPooledClient(pool, acquire, pid);
    const failure = await withPooledClient(pool, acquire, (client) => client.query('SELECT 1/0')).catch((err: unknown) => err);
    expect(sqlstateOf(failure)).toBe('22012');
    // The same backend serves the next borrower: the division error did not cost the connection.
    expect(await withPooledClient(pool, acquire, pid)).toBe(first);
    expect(acquire.totalCount).toBe(3);
    expect(pool.idleCount).toBe(1);
  });

  it('releases the client when the work throws before it returns a promise', async () => {
    const failure = await withPooledClient(pool, acquire, () => {
      throw new Error('bad parameters');
    }).catch((err: unknown) => err);
    expect((failure as Error).message).toBe('bad parameters');
    // With a pool of one, the next borrower would wait forever if the client had not been released.
    expect(await withPooledClient(pool, acquire, pid)).toBeGreaterThan(0);
    expect(pool.totalCount).toBe(1);
    expect(pool.waitingCount).toBe(0);
  });

  it('drops a client whose work failed without a SQLSTATE (a broken connection)', async () => {
    const broken = await withPooledClient(pool, acquire, pid);
    await withPooledClient(pool, acquire, async () => {
      throw new Error('socket hang up');
    }).catch(() => undefined);
    // The pool let go of that connection and opens a new one for the next borrower.
    const next = await withPooledClient(pool, acquire, pid);
    expect(next).not.toBe(broken);
  });
});

describe('withPooledClientDone (work in callback form)', () => {
  const pool = new pg.Pool({ connectionString: sharedDatabaseUrl(), max: 1 });
  const acquire = createHistogram();
  const acquireSink = histogramSink(acquire);
  const pidWork = (client: pg.PoolClient, done: WorkDone<number>) =>
    client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', (err, r) => (err ? done(err) : done(null, r.rows[0]!.pid)));
  afterAll(() => pool.end());

  it('resolves with the value it was called back with and keeps the connection after a server error', async () => {
    const first = await withPooledClientDone(pool, acquireSink, pidWork);
    const failure = await withPooledClientDone(pool, acquireSink, (client, done) => client.query('SELECT 1/0', (err) => done(err))).catch((err: unknown) => err);
    expect(sqlstateOf(failure)).toBe('22012');
    expect(await withPooledClientDone(pool, acquireSink, pidWork)).toBe(first);
    expect(acquire.totalCount).toBe(3);
  });

  it('releases the client once when work calls back twice or throws after calling back', async () => {
    const value = await withPooledClientDone<number>(pool, acquireSink, (_client, done) => {
      done(null, 1);
      done(new Error('late second call'));
      throw new Error('thrown after the callback');
    });
    expect(value).toBe(1);
    // A double release would have thrown inside pg-pool ("Release called on client which has already been
    // released"); the pool of one still serves the next borrower.
    expect(await withPooledClientDone(pool, acquireSink, pidWork)).toBeGreaterThan(0);
    expect(pool.totalCount).toBe(1);
    expect(pool.idleCount).toBe(1);
  });

  it('drops the client when work calls back with an error that has no SQLSTATE', async () => {
    const before = await withPooledClientDone(pool, acquireSink, pidWork);
    const failure = await withPooledClientDone(pool, acquireSink, (_client, done) => done(new Error('socket hang up'))).catch((err: unknown) => err);
    expect((failure as Error).message).toBe('socket hang up');
    expect(await withPooledClientDone(pool, acquireSink, pidWork)).not.toBe(before);
  });
});

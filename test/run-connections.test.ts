// A run knows its own connections, pools included, and only those: on Ctrl-C it cancels what they are
// running (a pooled client's statement included) while a statement of another run on the same database,
// under the same application_name, keeps running; at the end it closes whatever is still open. Every
// connection carries the run's limits, asked of Postgres itself.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_NAME, connectClient, runConnectionConfig, withConnectionLimits } from '../core/pg-connect.ts';
import { RunConnections } from '../core/run/run-connections.ts';
import type { Target } from '../core/targets/target.ts';
import { sharedTarget } from './helpers/shared-target.ts';

let shared: Target;

beforeAll(async () => {
  shared = await sharedTarget();
});

describe('a run’s connections', () => {
  let connections: RunConnections;
  let target: Target;
  let pool: pg.Pool;
  let otherRun: pg.Client;

  beforeAll(async () => {
    connections = new RunConnections();
    target = withConnectionLimits(shared, { statementTimeoutMs: 60_000, lockTimeoutMs: 7_000, connectTimeoutMs: 4_000 }, connections.socketFactory);
    pool = new pg.Pool(runConnectionConfig(target, undefined, { max: 2 } as Partial<pg.ClientConfig>));
    pool.on('error', () => undefined);
    // Another run on the same database: same application_name, its own connections.
    otherRun = await connectClient(withConnectionLimits(shared, { statementTimeoutMs: 60_000, lockTimeoutMs: 0, connectTimeoutMs: 4_000 }), undefined);
  });

  afterAll(async () => {
    await pool.end().catch(() => undefined);
    await otherRun.end().catch(() => undefined);
  });

  it('carry the run’s limits and application_name, pooled ones too', async () => {
    const client = await pool.connect();
    try {
      const row = (await client.query('SHOW statement_timeout')).rows[0] as { statement_timeout: string };
      expect(row.statement_timeout).toBe('1min');
      expect((await client.query('SHOW lock_timeout')).rows[0]).toEqual({ lock_timeout: '7s' });
      expect((await client.query('SHOW application_name')).rows[0]).toEqual({ application_name: APPLICATION_NAME });
    } finally {
      client.release();
    }
    expect(connections.openCount).toBeGreaterThanOrEqual(1);
  });

  it('on interrupt, the pooled statement is cancelled and the other run’s is not', async () => {
    const client = await pool.connect();
    const ours = client.query('SELECT pg_sleep(30)').then(
      () => 'finished',
      (err: { code?: string }) => err.code,
    );
    const theirs = otherRun.query('SELECT pg_sleep(3), 1 AS done');
    // Both are running before the cancel goes out.
    await new Promise((r) => setTimeout(r, 300));
    const cancelled = await connections.cancelRunning(target);
    expect(cancelled).toBeGreaterThanOrEqual(1);
    expect(await ours).toBe('57014');
    client.release();
    expect((await theirs).rows[0]).toMatchObject({ done: 1 });
  });

  it('at the end, ends its own clients and lets go of every other socket still open', async () => {
    const own = connections.track(await connectClient(target, undefined));
    const held = await pool.connect(); // checked out and never released: a leak
    expect(connections.openCount).toBeGreaterThanOrEqual(2);
    const left = await connections.closeAll();
    expect(left).toBeGreaterThanOrEqual(2);
    expect(connections.openCount).toBe(0);
    // Its own client is closed; the leaked pool client still works (it was let go, not destroyed).
    await expect(own.query('SELECT 1')).rejects.toThrow();
    expect((await held.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    held.release();
  });
});

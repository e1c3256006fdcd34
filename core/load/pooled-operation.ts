// Runs work on a connection borrowed from a `pg` pool and records how long the borrower waited for it,
// apart from the work itself: a pool that is too small shows up as acquire wait, not as "slow queries".
import type pg from 'pg';
import { recordMs, type Histogram } from '../histogram.ts';
import { sqlstateOf } from '../sqlstate.ts';

/**
 * Borrows a client, records the wait in `acquireHistogram`, runs `work`, and returns the client. A failed
 * acquire (pool timeout, the server refusing a new connection) throws before anything is recorded.
 */
export async function withPooledClient<T>(pool: pg.Pool, acquireHistogram: Histogram, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const asked = performance.now();
  const client = await pool.connect();
  recordMs(acquireHistogram, performance.now() - asked);
  let broken: Error | undefined;
  try {
    return await work(client);
  } catch (err) {
    // A server error (with a SQLSTATE) leaves the connection usable; anything else (a dropped socket, a
    // protocol error) means the pool must not hand this client out again.
    if (sqlstateOf(err) === undefined) broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}

// Runs work on a borrowed connection (from a `pg` pool, or opened for this one operation) and records how
// long it took to get it, apart from the work itself: a pool that is too small shows up as acquire wait,
// and the cost of a new connection per operation shows up as connect time, not as "slow queries".
import pg from 'pg';
import { recordMs, type Histogram } from '../histogram.ts';
import { isConnectionFault, sqlstateOf } from '../sqlstate.ts';

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
    // A server error (with a SQLSTATE) leaves the connection usable, unless it says the connection is gone
    // (57P01 terminated, 08xxx): that, or anything else (a dropped socket, a protocol error), means the
    // pool must not hand this client out again.
    if (sqlstateOf(err) === undefined || isConnectionFault(err)) broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Opens a connection for this operation alone, records the connect time in `acquireHistogram`, runs
 * `work`, and closes the connection (the close is part of the operation's cost).
 */
export async function withNewConnection<T>(config: pg.ClientConfig, acquireHistogram: Histogram, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const asked = performance.now();
  const client = new pg.Client(config);
  // Without a listener a server-side disconnect would be an uncaught exception.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  recordMs(acquireHistogram, performance.now() - asked);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

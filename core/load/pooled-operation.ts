// Runs work on a borrowed connection (from a `pg` pool, or opened for this one operation) and records how
// long it took to get it, apart from the work itself: a pool that is too small shows up as acquire wait,
// and the cost of a new connection per operation shows up as connect time, not as "slow queries".
import pg from 'pg';
import { histogramSink, recordMs, type Histogram, type LatencySink } from '../histogram.ts';
import { isConnectionFault, sqlstateOf } from '../sqlstate.ts';

/** Called once when work in callback form ends: with an error (anything but null/undefined), or with its value. */
export type WorkDone<T> = (err: unknown, value?: T) => void;

/** Work on a borrowed client in callback form (the load's hot path: no promise of its own). */
export type CallbackWork<T> = (client: pg.PoolClient, done: WorkDone<T>) => void;

/**
 * Borrows a client, records the wait in `acquireHistogram`, runs `work`, and returns the client. A failed
 * acquire (pool timeout, the server refusing a new connection) throws before anything is recorded.
 */
export function withPooledClient<T>(pool: pg.Pool, acquireHistogram: Histogram, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withPooledClientDone(pool, histogramSink(acquireHistogram), (client, done) => {
    work(client).then(
      (value) => done(null, value),
      // A rejection without a reason is still a failure.
      (err: unknown) => done(err ?? new Error('the work failed without an error')),
    );
  });
}

/**
 * withPooledClient for work in callback form. This runs once per operation in every pooled load, so it
 * makes one promise per call: pg-pool's callback form of `connect`, no async frame, and work that calls
 * back instead of returning a promise of its own. Profiled at 1,000 point selects/s (bench
 * open-loop-layers): the async version cost about 4 us more CPU per select than `pool.query`, and a promise
 * per layer (borrow, then the work) about 2% more CPU than one promise for both.
 */
export function withPooledClientDone<T>(pool: pg.Pool, acquire: LatencySink, work: CallbackWork<T>): Promise<T> {
  const asked = performance.now();
  return new Promise<T>((resolve, reject) => {
    pool.connect((connectError, client, release) => {
      if (connectError || !client) {
        reject(connectError ?? new Error('the pool returned no client'));
        return;
      }
      acquire.record(performance.now() - asked);
      // One flag and no helper closure: a closure more per operation measured ~2% more CPU at 1,000
      // selects/s (bench open-loop-layers).
      let ended = false;
      try {
        work(client, (err, value) => {
          // Work that calls back twice must not release the client twice.
          if (ended) return;
          ended = true;
          if (err !== null && err !== undefined) {
            release(errorToDropClient(err));
            reject(err);
          } else {
            release();
            resolve(value as T);
          }
        });
      } catch (err) {
        if (ended) return;
        ended = true;
        release(errorToDropClient(err));
        reject(err);
      }
    });
  });
}

/**
 * What to hand pg-pool's release after failed work: nothing when the connection is still good (a server
 * error with a SQLSTATE), or an error, which makes the pool drop the client: a SQLSTATE that says the
 * connection is gone (57P01 terminated, 08xxx), or anything else (a dropped socket, a protocol error).
 */
function errorToDropClient(err: unknown): Error | undefined {
  const broken = sqlstateOf(err) === undefined || isConnectionFault(err);
  return broken ? (err instanceof Error ? err : new Error(String(err))) : undefined;
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

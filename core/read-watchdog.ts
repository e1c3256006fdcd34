// The client-side read timeout of pooled connections, kept by one periodic sweep per pool instead of
// pg's `query_timeout`, which arms and clears a timer for every query. Profiled at 1,000 point selects/s
// (bench open-loop): the per-query timer cost 7-10% of the load generator's CPU, more than everything
// else pg-bakeoff adds; a sweep every second costs nothing per query.
//
// The sweep looks at each pooled client's active query (pg's `_activeQuery`): a query seen active on two
// sweeps more than the timeout apart is given up the way pg gives it up ("Query read timeout"), and its
// connection is destroyed, since a connection whose answer never came cannot be trusted with the next
// query. Like pg's timer this is a backstop for a server that stopped answering (frozen, or the network
// dropped); statement_timeout, enforced by the server, stays the normal limit. A query is timed from the
// first sweep that sees it, so it is given up between the timeout and the timeout plus one sweep.
import pg from 'pg';

interface PendingQuery {
  callback?: ((err: Error) => void) | undefined;
  handleError?(err: Error, connection: unknown): void;
}

interface ClientInternals {
  _activeQuery?: PendingQuery | null;
  connection?: { stream?: { destroy(): void } };
}

let watchable: boolean | undefined;

/** Whether this pg exposes what the sweep reads; if not, pools keep pg's own per-query timer. */
export function canWatchReads(): boolean {
  watchable ??= '_activeQuery' in (new pg.Client() as unknown as ClientInternals);
  return watchable;
}

export function sweepEveryMs(readTimeoutMs: number): number {
  return Math.min(1_000, Math.max(50, Math.floor(readTimeoutMs / 4)));
}

/** Starts the sweep over `pool`'s clients; returns the function that stops it. */
export function watchReadTimeouts(pool: pg.Pool, readTimeoutMs: number): () => void {
  // Per client: the active query last seen and when it was first seen.
  const seen = new Map<pg.PoolClient, { query: PendingQuery | null | undefined; since: number }>();
  pool.on('connect', (client) => seen.set(client, { query: undefined, since: 0 }));
  pool.on('remove', (client) => seen.delete(client));
  const timer = setInterval(() => {
    const now = performance.now();
    for (const [client, last] of seen) {
      const active = (client as unknown as ClientInternals)._activeQuery;
      if (!active || active !== last.query) {
        last.query = active;
        last.since = now;
      } else if (now - last.since >= readTimeoutMs) {
        seen.delete(client);
        giveUp(client as unknown as ClientInternals, active);
      }
    }
  }, sweepEveryMs(readTimeoutMs));
  // The sweep never keeps the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}

function giveUp(client: ClientInternals, query: PendingQuery): void {
  const error = new Error('Query read timeout');
  const callback = query.callback;
  // The answer, should it still come, or the connection's end must not complete the query a second time.
  query.callback = () => undefined;
  client.connection?.stream?.destroy();
  if (callback) callback(error);
  else query.handleError?.(error, client.connection);
}

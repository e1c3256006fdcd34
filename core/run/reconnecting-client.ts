// A client for a scenario's bookkeeping connection (an observer that samples pg_stat_activity during the
// load and reads the tables before and after): when its connection is lost (terminated, or the server
// restarted) the next query opens a fresh one and is tried once more, so an outage leaves a gap in the
// samples instead of failing the whole trial. The measured load has its own connections; this one only
// watches.
import type pg from 'pg';
import { endWithin } from '../pg-connect.ts';
import { isConnectionFault } from '../sqlstate.ts';

/** The part of a pg client that bookkeeping code uses: `query` and `end`. */
export type WatchingClient = Pick<pg.ClientBase, 'query'> & { end(): Promise<void> };

export async function reconnectingClient(connect: () => Promise<pg.Client>): Promise<WatchingClient> {
  let current: pg.Client | undefined = await connect();
  const fresh = async (): Promise<pg.Client> => {
    if (current) await endWithin(current, 200);
    current = undefined;
    current = await connect();
    return current;
  };
  const query = (async (...args: unknown[]) => {
    const client = current ?? (await fresh());
    try {
      return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (err) {
      if (!isConnectionFault(err)) throw err;
      return (await fresh()).query(...(args as [string]));
    }
  }) as unknown as pg.ClientBase['query'];
  return {
    query,
    async end() {
      if (current) await endWithin(current, 1_000);
      current = undefined;
    },
  };
}

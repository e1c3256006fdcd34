// Keeps track of the connections a run has open, so that on Ctrl-C their running statements can be
// cancelled on the server (pg_cancel_backend): a statement waiting on a lock or running long would
// otherwise keep the run going until its timeout, far past the 2 s an interrupt promises.
import type pg from 'pg';
import { connectClient, endWithin } from '../pg-connect.ts';
import type { Target } from '../targets/target.ts';

export class RunConnections {
  private readonly _open = new Set<pg.Client>();

  /** Registers a client until it ends. */
  track<C extends pg.Client>(client: C): C {
    this._open.add(client);
    client.once('end', () => this._open.delete(client));
    return client;
  }

  get openCount(): number {
    return this._open.size;
  }

  /** Backend process ids of the open connections. */
  get backendPids(): number[] {
    return [...this._open].map((c) => (c as unknown as { processID?: number }).processID).filter((p): p is number => typeof p === 'number' && p > 0);
  }

  /**
   * Closes whatever the scenario left open (a leak, or a client abandoned after an error), so that no
   * socket keeps the process alive. A polite end() waits for the server to close its side, which a
   * frozen server never does: after `graceMs` the socket is destroyed.
   */
  async closeAll(graceMs = 1_000): Promise<number> {
    const left = [...this._open];
    await Promise.all(left.map((client) => endWithin(client, graceMs)));
    this._open.clear();
    return left.length;
  }

  /**
   * Asks the server to cancel whatever the run's connections are running. Only these backends, found by
   * pid, are touched: another run on the same database keeps going. Never throws.
   */
  async cancelRunning(target: Target, timeoutMs = 2_000): Promise<number> {
    const pids = this.backendPids;
    if (pids.length === 0) return 0;
    try {
      const admin = await connectClient(target, undefined, { connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
      try {
        const result = await admin.query<{ cancelled: boolean }>('SELECT pg_cancel_backend(pid) AS cancelled FROM unnest($1::int[]) AS pid', [pids]);
        return result.rows.filter((r) => r.cancelled).length;
      } finally {
        await endWithin(admin, 1_000);
      }
    } catch {
      // The server may be the thing that is gone; the cooperative stop (AbortSignal) still applies.
      return 0;
    }
  }
}


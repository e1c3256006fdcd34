// Keeps track of every connection a run opens, so the run can (1) cancel on the server what they are
// running when the user presses Ctrl-C (pg_cancel_backend): a statement waiting on a lock or running
// long would otherwise keep the run going until its timeout, far past the 2 s an interrupt promises; and
// (2) close or let go at the end of whatever is still open, so that no socket (a leaked client, a pool
// whose polite end() waits for a frozen server) keeps the process alive.
// Clients from ctx.connect are tracked directly (their backend pid is known). Everything else built from
// the run's target config, pools included, is tracked by its socket: the limited target hands pg a
// socket factory (see withConnectionLimits), and a socket is matched to its backend by the client
// address and port the server sees.
import net from 'node:net';
import type pg from 'pg';
import { connectClient, endWithin } from '../pg-connect.ts';
import type { Target } from '../targets/target.ts';

export class RunConnections {
  private readonly _clients = new Set<pg.Client>();
  private readonly _sockets = new Set<net.Socket>();

  /** Registers a client until it ends. */
  track<C extends pg.Client>(client: C): C {
    this._clients.add(client);
    client.once('end', () => this._clients.delete(client));
    return client;
  }

  /** A pg `stream` factory: every connection made with it is known to the run until its socket closes. */
  readonly socketFactory = (): net.Socket => {
    const socket = new net.Socket();
    this._sockets.add(socket);
    socket.once('close', () => this._sockets.delete(socket));
    return socket;
  };

  get openCount(): number {
    return this._sockets.size;
  }

  /** Backend process ids of the tracked clients. */
  get backendPids(): number[] {
    return [...this._clients].map((c) => (c as unknown as { processID?: number }).processID).filter((p): p is number => typeof p === 'number' && p > 0);
  }

  /** The client address and port of each open TCP socket, as the server sees them (without NAT). */
  private get _endpoints(): Array<{ address: string; port: number }> {
    return [...this._sockets].flatMap((s) => (s.localAddress && s.localPort ? [{ address: s.localAddress, port: s.localPort }] : []));
  }

  /**
   * Ends what the run's connect() handed out (a polite end(), then the socket is destroyed after
   * `graceMs`: a frozen server never closes its side), and lets go of every other socket still open (a
   * pool the scenario did not end, or whose end() waits on a frozen server): those are unref'd, not
   * destroyed, since destroying the socket of a checked-out pool client without an error listener
   * would crash the process. Either way, nothing keeps the process alive. Returns how many were left.
   */
  async closeAll(graceMs = 1_000): Promise<number> {
    const clients = [...this._clients];
    await Promise.all(clients.map((client) => endWithin(client, graceMs)));
    const sockets = [...this._sockets].filter((s) => !s.destroyed);
    for (const socket of sockets) socket.unref();
    this._clients.clear();
    this._sockets.clear();
    return clients.length + sockets.length;
  }

  /**
   * Asks the server to cancel whatever the run's connections are running. Only these backends are
   * touched (by pid, or by the exact client address and port of one of this process's open sockets,
   * whatever application_name a scenario gave them): another run on the same database keeps going.
   * Never throws.
   */
  async cancelRunning(target: Target, timeoutMs = 2_000): Promise<number> {
    const pids = this.backendPids;
    const endpoints = this._endpoints;
    if (pids.length === 0 && endpoints.length === 0) return 0;
    let admin: pg.Client | undefined;
    try {
      admin = await connectClient(target, undefined, { connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, stream: undefined });
      const result = await admin.query<{ cancelled: boolean }>(
        `SELECT pg_cancel_backend(a.pid) AS cancelled
           FROM pg_stat_activity a
          WHERE a.pid <> pg_backend_pid()
            AND (a.pid = ANY($1::int[])
                 OR (host(a.client_addr), a.client_port) IN (SELECT * FROM unnest($2::text[], $3::int[])))`,
        [pids, endpoints.map((e) => e.address), endpoints.map((e) => e.port)],
      );
      return result.rows.filter((r) => r.cancelled).length;
    } catch {
      // The server may be the thing that is gone; the cooperative stop (AbortSignal) still applies.
      return 0;
    } finally {
      if (admin) await endWithin(admin, 1_000);
    }
  }
}

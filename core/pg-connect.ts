// Opens pg connections for a run: tagged with application_name so they can be found in
// pg_stat_activity, search_path set to the run schema, bounded by the run's timeouts, and with an error
// listener so a server-side disconnect becomes a counted error instead of an uncaught exception.
// Every connection a run opens gets its settings from here (directly, or through the limited target).
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { canWatchReads, watchReadTimeouts } from './read-watchdog.ts';
import type { Target } from './targets/target.ts';

export const APPLICATION_NAME = 'pg-bakeoff';

/** The limits every connection of a run carries, so nothing a run does can hang on the database. */
export interface ConnectionLimits {
  /** Server-side `statement_timeout` (ms); 0 leaves the server's setting. */
  statementTimeoutMs: number;
  /** Server-side `lock_timeout` (ms); 0 leaves the server's setting. */
  lockTimeoutMs: number;
  /** Client-side limit on opening a connection (ms). */
  connectTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { statementTimeoutMs: 30_000, lockTimeoutMs: 10_000, connectTimeoutMs: 10_000 };

/**
 * How long the client waits for any answer beyond the statement timeout: half of it, between 1 and 5 s.
 * The server enforces statement_timeout itself (a clean 57014); this backstop only fires when the
 * server stops answering altogether (frozen, or the network dropped), where no server-side timeout can.
 */
function clientReadMarginMs(statementTimeoutMs: number): number {
  return Math.min(5_000, Math.max(1_000, Math.round(statementTimeoutMs / 2)));
}

export function limitsConfig(limits: ConnectionLimits): Partial<pg.ClientConfig> {
  return {
    connectionTimeoutMillis: limits.connectTimeoutMs,
    // TCP keepalive notices a peer that vanished without closing the socket.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // pg sends these as startup parameters, so they hold from the first statement on.
    ...(limits.statementTimeoutMs > 0
      ? { statement_timeout: limits.statementTimeoutMs, query_timeout: limits.statementTimeoutMs + clientReadMarginMs(limits.statementTimeoutMs) }
      : {}),
    ...(limits.lockTimeoutMs > 0 ? { lock_timeout: limits.lockTimeoutMs } : {}),
  };
}

/**
 * The same target, with the run's limits applied to every connection config it hands out, so pools and
 * clients that scenarios build from `target.connectionConfig()` carry them too. Explicit overrides win
 * (a scenario that needs a longer statement, e.g. a big CREATE INDEX, can ask for it).
 */
export function withConnectionLimits<T extends Target>(target: T, limits: ConnectionLimits, socketFactory?: () => Duplex): T {
  // The socket factory (RunConnections) lets the run find every connection made from this config, pools
  // included. It is a plain property so pg-pool copies it into each client's config; worker processes
  // get their config as JSON, where it drops out (a worker tracks its own).
  const base = { ...limitsConfig(limits), ...(socketFactory ? { stream: socketFactory } : {}) };
  const inner = target.connectionConfig.bind(target);
  return { ...target, connectionConfig: (overrides: Partial<pg.ClientConfig> = {}) => inner({ application_name: APPLICATION_NAME, ...base, ...overrides }) };
}

export function runConnectionConfig(target: Target, schema: string | undefined, overrides: Partial<pg.ClientConfig> = {}): pg.ClientConfig {
  return target.connectionConfig({
    application_name: APPLICATION_NAME,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    ...overrides,
  });
}

/** How long end() waits for the server to close the connection before the socket is destroyed. */
const END_GRACE_MS = 1_000;

/**
 * A pg client whose end() cannot hang: pg's polite end() waits for the server to close its side, which
 * a frozen server (or a dropped network) never does; after a moment the socket is destroyed instead.
 * Scenarios end their clients in `finally` blocks, so this is what keeps a frozen server from freezing
 * the run.
 */
class RunClient extends pg.Client {
  override end(): Promise<void>;
  override end(callback: (err: Error) => void): void;
  override end(callback?: (err: Error) => void): Promise<void> | void {
    const done = endWithin(this, END_GRACE_MS);
    if (!callback) return done;
    void done.then(() => callback(undefined as unknown as Error));
  }
}

export async function connectClient(target: Target, schema: string | undefined, overrides: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  const client = new RunClient(runConnectionConfig(target, schema, overrides));
  // Without a listener, an idle client's connection error would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    // A failed connect can leave a half-open socket behind; make sure it is closed.
    await endWithin(client, 1_000);
    throw err;
  }
  return client;
}

/** Ends a client, destroying its socket if the server does not close it within `graceMs`. */
export async function endWithin(client: pg.Client, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const destroyLater = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      resolve();
    }, graceMs);
  });
  // The plain pg end(), also for a RunClient (whose own end() is this function).
  const politeEnd = (pg.Client.prototype.end as (this: pg.Client) => Promise<void>).call(client);
  await Promise.race([politeEnd.catch(() => undefined), destroyLater]);
  clearTimeout(timer);
}

/**
 * A pg pool that cannot crash the process when the server drops its connections: pg-pool listens for
 * errors only on idle clients, so a checked-out client whose connection is terminated between
 * statements would emit 'error' with no listener (an uncaught exception). Every client gets a listener;
 * a checked-out client's error still surfaces, and is counted, on its next query. A client that loses
 * its connection while idle, or while checked out between queries, is silently replaced by pg-pool, so
 * no operation ever sees that loss: `onIdleConnectionLost` is where a caller counts it. Build pools with this.
 */
export function createRunPool(config: pg.PoolConfig, onIdleConnectionLost?: (err: Error) => void): pg.Pool {
  // The client read timeout is kept by a sweep (core/read-watchdog.ts), not by pg's timer per query.
  const readTimeoutMs = typeof config.query_timeout === 'number' && canWatchReads() ? config.query_timeout : 0;
  const pool = new pg.Pool(readTimeoutMs > 0 ? withoutReadTimeout(config) : config);
  pool.on('error', (err) => onIdleConnectionLost?.(err));
  // A connection can also die while checked out with no query running (the server's "terminating
  // connection" can arrive in the same read as the last result, before the operation hands the client
  // back): pg-pool then drops the client on release without a word, so it is counted here, with the
  // error the client saw.
  const lastError = new WeakMap<pg.PoolClient, Error>();
  pool.on('connect', (client) => client.on('error', (err) => lastError.set(client, err)));
  pool.on('release', (err: Error | undefined, client: pg.PoolClient) => {
    if (!err && (client as unknown as { _queryable?: boolean })._queryable === false) {
      onIdleConnectionLost?.(lastError.get(client) ?? new Error('Connection terminated unexpectedly'));
    }
  });
  if (readTimeoutMs > 0) {
    const stopWatching = watchReadTimeouts(pool, readTimeoutMs);
    const end = pool.end.bind(pool) as (...args: unknown[]) => Promise<void>;
    pool.end = ((...args: unknown[]) => {
      stopWatching();
      return end(...args);
    }) as typeof pool.end;
  }
  return pool;
}

/** A copy of the config without `query_timeout`, keeping the non-enumerable password. */
function withoutReadTimeout(config: pg.PoolConfig): pg.PoolConfig {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(config)) as pg.PoolConfig;
  delete copy.query_timeout;
  return copy;
}

// A small HTTP service in front of Postgres, the way an application exposes a database: one connection
// source (a `pg` pool of a given size, or a new connection per request), and an endpoint that runs one
// unit of work per request. pg-bakeoff drives it with autocannon locally; the AWS stack will put the same
// service behind a Lambda function URL. It knows nothing about any scenario: the work is passed in.
//
//   GET /op      runs one unit of work -> 200 {"op": "<what it did>"}; 503 when no connection could be
//                had (pool acquire timeout, the server refusing connections); 500 for other errors
//   GET /stats   counters, errors by kind, encoded HDR histograms (connection acquire wait, and the whole
//                /op handling time), the pool's counts and its sampled time series
//   GET /health  200 {"ok": true}
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { createHistogram, encodeHistogram, recordMs } from '../histogram.ts';
import { withNewConnection, withPooledClient } from '../load/pooled-operation.ts';
import { poolReader, startSampler, type LoadSample, type Sampler } from '../load/sampler.ts';
import { classifyError } from '../sqlstate.ts';

export type ConnectionSource = { kind: 'pool'; pool: pg.Pool } | { kind: 'per-request'; config: pg.ClientConfig };

export interface HttpServiceOptions {
  source: ConnectionSource;
  /** One unit of work on a borrowed connection; returns a short label of what it did (e.g. `select`). */
  work(client: pg.ClientBase): Promise<string>;
  /** Extra counters to report in /stats (e.g. the workload's own). */
  counters?(): Record<string, number>;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How often to sample the pool's counts for /stats (ms); 0 for never. */
  sampleEveryMs?: number;
}

export interface ServiceStats {
  /** Requests to /op received. */
  requests: number;
  ok: number;
  failed: number;
  byOperation: Record<string, number>;
  errors: Record<string, number>;
  counters: Record<string, number>;
  /** Encoded HDR histograms (microseconds): `acquire` (wait for a connection), `handler` (whole /op request). */
  histograms: { acquire: string; handler: string };
  pool?: { total: number; idle: number; waiting: number };
  samples: LoadSample[];
}

export interface RunningService {
  url: string;
  stats(): ServiceStats;
  /** Stops taking requests, waits for the work in flight to finish, and stops sampling. */
  close(): Promise<void>;
}

/** Errors that mean "no connection to be had" (the service is overloaded), as opposed to a failed query. */
function unavailable(kind: string): boolean {
  return kind === 'pool_acquire_timeout' || kind.startsWith('53300') || kind.startsWith('53400');
}

/** A route's answer, whatever carries it (node:http here, a Lambda function URL in lambdas/http.ts). */
export interface ServiceResponse {
  status: number;
  body: unknown;
}

/** The service's routes and counts without a server: the same handling serves node:http and Lambda. */
export interface ServiceRoutes {
  handle(method: string, path: string): Promise<ServiceResponse>;
  stats(): ServiceStats;
  /** Resolves when no /op is in flight. */
  drained(): Promise<void>;
  /** Stops sampling. */
  stop(): Promise<void>;
}

export function createServiceRoutes(options: Omit<HttpServiceOptions, 'host' | 'port'>): ServiceRoutes {
  const acquire = createHistogram();
  const handler = createHistogram();
  const byOperation: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  let failed = 0;
  // Work still running, so a close can wait for it: counts must not change after the service stopped.
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const { source } = options;
  const borrow = <T>(work: (client: pg.ClientBase) => Promise<T>) =>
    source.kind === 'pool' ? withPooledClient(source.pool, acquire, work) : withNewConnection(source.config, acquire, work);
  const sampler: Sampler | undefined =
    source.kind === 'pool' && (options.sampleEveryMs ?? 0) > 0 ? startSampler(poolReader(source.pool), options.sampleEveryMs) : undefined;

  const stats = (): ServiceStats => ({
    requests,
    ok,
    failed,
    byOperation: { ...byOperation },
    errors: { ...errors },
    counters: options.counters?.() ?? {},
    histograms: { acquire: encodeHistogram(acquire), handler: encodeHistogram(handler) },
    ...(source.kind === 'pool' ? { pool: { total: source.pool.totalCount, idle: source.pool.idleCount, waiting: source.pool.waitingCount } } : {}),
    samples: sampler?.snapshot() ?? [],
  });

  const op = async (): Promise<ServiceResponse> => {
    requests += 1;
    const t0 = performance.now();
    inFlight += 1;
    try {
      const name = await borrow((client) => options.work(client));
      ok += 1;
      byOperation[name] = (byOperation[name] ?? 0) + 1;
      recordMs(handler, performance.now() - t0);
      return { status: 200, body: { op: name } };
    } catch (err) {
      failed += 1;
      const kind = classifyError(err);
      errors[kind] = (errors[kind] ?? 0) + 1;
      return { status: unavailable(kind) ? 503 : 500, body: { error: kind } };
    } finally {
      // Counted before the work leaves flight, so a drained service has final counts.
      inFlight -= 1;
      if (inFlight === 0) for (const wake of waiting.splice(0)) wake();
    }
  };

  return {
    async handle(method, path) {
      if (method === 'GET' && path === '/op') return op();
      if (method === 'GET' && path === '/stats') return { status: 200, body: stats() };
      if (method === 'GET' && path === '/health') return { status: 200, body: { ok: true } };
      return { status: 404, body: { error: `no route for ${method} ${path}; try GET /op, /stats or /health` } };
    },
    stats,
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    async stop() {
      await sampler?.stop();
    },
  };
}

export async function startHttpService(options: HttpServiceOptions): Promise<RunningService> {
  const routes = createServiceRoutes(options);
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    void routes.handle(req.method ?? 'GET', path).then((answer) => send(res, answer.status, answer.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    stats: routes.stats,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await routes.drained();
      await routes.stop();
      server.closeAllConnections();
      await closed;
    },
  };
}

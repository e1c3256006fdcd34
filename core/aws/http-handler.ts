// The HTTP endpoint Lambda's work, apart from its wiring (lambdas/http.ts): the same routes as the local
// HTTP mode (core/http-service: GET /op, /stats, /health), answered for Lambda function URL events
// (payload format 2.0). A Lambda instance serves one request at a time, so its pg pool is tiny (max 2)
// and made once per container, outside the handler; concurrency comes from Lambda running more instances.
// Which work /op runs is named in the query: `?scenario=pool-size&schema=bakeoff_<run id>` plus the
// scenario's options as on the command line (validated the same way), e.g. `&mix=select=90,update=10`.
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { errorMessage, UsageError } from '../errors.ts';
import { createServiceRoutes, type ServiceRoutes } from '../http-service/service.ts';
import { runConnectionConfig } from '../pg-connect.ts';
import { resolveOptions } from '../run/resolve-options.ts';
import { isRunSchema } from '../run-schema.ts';
import type { Scenario } from '../scenario.ts';
import type { Target } from '../targets/target.ts';
import type { LambdaHandler } from './lambda-context.ts';
import type { HttpWorkFactory } from '../../scenarios/http-works.ts';

/** The parts of a function URL (payload format 2.0) event the endpoint reads. */
export interface FunctionUrlEvent {
  rawPath?: string;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext?: { http?: { method?: string; path?: string } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpHandlerDependencies {
  target(): Promise<Target>;
  findScenario(name: string): Scenario<any> | undefined;
  findWork(scenario: string): HttpWorkFactory | undefined;
  /** Connections per Lambda instance (default 2: one request at a time, plus one for /stats or a straggler). */
  poolMax?: number;
}

export const HTTP_APPLICATION_NAME = 'pg-bakeoff-http';

const json = (statusCode: number, body: unknown): FunctionUrlResult => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export function createHttpHandler(deps: HttpHandlerDependencies): LambdaHandler<FunctionUrlEvent, FunctionUrlResult> {
  let pool: Promise<pg.Pool> | undefined;
  const routes = new Map<string, Promise<ServiceRoutes>>();
  // Each instance draws its own operations; two instances must not replay the same sequence.
  const seed = randomInt(1, 2 ** 31);

  const poolFor = () =>
    (pool ??= deps.target().then((target) => {
      // The target's config object keeps the password non-enumerable; set the pool's fields on it.
      const config: pg.PoolConfig = runConnectionConfig(target, undefined, { application_name: HTTP_APPLICATION_NAME });
      Object.assign(config, { max: deps.poolMax ?? 2, connectionTimeoutMillis: 5_000 });
      const p = new pg.Pool(config);
      p.on('error', () => undefined);
      return p;
    })).catch((err: unknown) => {
      pool = undefined;
      throw err;
    });

  const routesFor = async (query: Record<string, string | undefined>): Promise<ServiceRoutes> => {
    const { scenario: name, schema, ...raw } = query;
    if (!name || !schema) throw new UsageError('name the work: ?scenario=<name>&schema=bakeoff_<run id> (plus the scenario\'s options)');
    if (!isRunSchema(schema)) throw new UsageError(`schema ${JSON.stringify(schema)} is not a pg-bakeoff run schema (bakeoff_<run id>)`);
    const scenario = deps.findScenario(name);
    const factory = deps.findWork(name);
    if (!scenario || !factory) throw new UsageError(`scenario ${JSON.stringify(name)} has no HTTP mode`);
    const key = JSON.stringify([name, schema, Object.entries(raw).sort()]);
    let found = routes.get(key);
    if (!found) {
      const options = resolveOptions(scenario, raw).scenario;
      const work = factory(schema, options, seed);
      // The promise is kept, so requests arriving together share one service and its counts.
      found = poolFor().then((p) => createServiceRoutes({ source: { kind: 'pool', pool: p }, work: work.work, ...(work.counters ? { counters: work.counters } : {}) }));
      routes.set(key, found);
      found.catch(() => routes.delete(key));
    }
    return found;
  };

  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
    if (path === '/health') return json(200, { ok: true });
    if (path !== '/op' && path !== '/stats') return json(404, { error: `no route for ${method} ${path}; try GET /op, /stats or /health` });
    try {
      const service = await routesFor(event.queryStringParameters ?? {});
      const answer = await service.handle(method, path);
      return json(answer.status, answer.body);
    } catch (err) {
      if (err instanceof UsageError) return json(400, { error: errorMessage(err) });
      return json(503, { error: `the service could not start: ${errorMessage(err)}` });
    }
  };
}

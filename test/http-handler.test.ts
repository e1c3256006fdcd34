// The HTTP endpoint Lambda's handler invoked as a function with function URL events, against the suite's
// embedded Postgres: the same routes as the local HTTP mode, the work verified in the tables, at most
// two connections per instance (asked of pg_stat_activity), and bad requests answered 400/404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createHttpHandler, HTTP_APPLICATION_NAME, type FunctionUrlEvent } from '../core/aws/http-handler.ts';
import type { ServiceStats } from '../core/http-service/service.ts';
import { findHttpWork } from '../scenarios/http-works.ts';
import { findScenario } from '../scenarios/index.ts';
import { createWorkloadTables, snapshotWorkload, workloadTables } from '../scenarios/pool-size/tables.ts';
import { sharedClient, sharedTarget, withTestSchema } from './helpers/shared-target.ts';

let admin: pg.Client;
let schema: string;
let dropSchema: () => Promise<void>;

const event = (path: string, query: Record<string, string> = {}): FunctionUrlEvent => ({
  rawPath: path,
  queryStringParameters: query,
  requestContext: { http: { method: 'GET', path } },
});

beforeAll(async () => {
  admin = await sharedClient();
  ({ schema, drop: dropSchema } = await withTestSchema(admin));
  await createWorkloadTables(admin, workloadTables(schema), 200);
});

afterAll(async () => {
  await dropSchema();
  await admin.end();
});

describe('the HTTP endpoint handler', () => {
  it('serves /op with the scenario\'s work on at most two connections, and /stats counts it', async () => {
    const target = await sharedTarget();
    const handler = createHttpHandler({ target: async () => target, findScenario, findWork: findHttpWork, poolMax: 2 });
    const query = { scenario: 'pool-size', schema, mix: 'select=50,update=25,insert=25', accounts: '200' };
    const before = await snapshotWorkload(admin, workloadTables(schema));

    // Lambda sends an instance one request at a time; a few at once here still stay within the pool.
    const answers = await Promise.all(Array.from({ length: 30 }, () => handler(event('/op', query))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(30).fill(200));
    expect(answers.every((a) => ['select', 'update', 'insert'].includes(JSON.parse(a.body).op))).toBe(true);

    const connections = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [HTTP_APPLICATION_NAME]);
    expect(connections.rows[0].n).toBeGreaterThan(0);
    expect(connections.rows[0].n).toBeLessThanOrEqual(2);

    const stats = JSON.parse((await handler(event('/stats', query))).body) as ServiceStats;
    expect(stats.requests).toBe(30);
    expect(stats.ok).toBe(30);
    expect(stats.pool?.total).toBeLessThanOrEqual(2);
    const after = await snapshotWorkload(admin, workloadTables(schema));
    expect(after.orders - before.orders).toBe(stats.byOperation.insert ?? 0);
    expect(stats.byOperation.select! + (stats.byOperation.update ?? 0) + (stats.byOperation.insert ?? 0)).toBe(30);
  });

  it('answers bad requests with 400 and unknown routes with 404, without touching the database', async () => {
    let opened = 0;
    const handler = createHttpHandler({
      target: async () => {
        opened += 1;
        return sharedTarget();
      },
      findScenario,
      findWork: findHttpWork,
    });
    expect((await handler(event('/health'))).statusCode).toBe(200);
    const missing = await handler(event('/op'));
    expect(missing.statusCode).toBe(400);
    expect(JSON.parse(missing.body).error).toMatch(/\?scenario=<name>&schema=bakeoff_<run id>/);
    expect((await handler(event('/op', { scenario: 'pool-size', schema: 'public' }))).statusCode).toBe(400);
    expect(JSON.parse((await handler(event('/op', { scenario: 'insert-strategies', schema }))).body).error).toMatch(/has no HTTP mode/);
    const badOption = await handler(event('/op', { scenario: 'pool-size', schema, accounts: 'many' }));
    expect(badOption.statusCode).toBe(400);
    expect(JSON.parse(badOption.body).error).toMatch(/--accounts must be a whole number/);
    expect((await handler(event('/nope'))).statusCode).toBe(404);
    expect(opened).toBe(0);
  });
});

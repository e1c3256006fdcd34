// HTTP mode: the node:http service runs one unit of work per request on a pool of the given size, and
// autocannon's count of requests matches the service's count of operations, exactly for a fixed number
// of requests, and within the requests in flight at the deadline for a timed pool-size --http trial
// (whose writes are also checked against the tables).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../core/histogram.ts';
import { startHttpService } from '../core/http-service/service.ts';
import { runHttpLoad } from '../core/load/http-load.ts';
import { quoteIdent } from '../core/quote.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import poolSize from '../scenarios/pool-size/index.ts';
import { sharedClient, sharedDatabaseUrl, sharedTarget, withTestSchema } from './helpers/shared-target.ts';

describe('HTTP service driven by autocannon', () => {
  it('answers exactly the requests autocannon made, one operation each', async () => {
    const admin = await sharedClient();
    const { schema, drop } = await withTestSchema(admin);
    const table = `${quoteIdent(schema)}.${quoteIdent('hits')}`;
    await admin.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
    const pool = new pg.Pool({ connectionString: sharedDatabaseUrl(), max: 3 });
    const service = await startHttpService({
      source: { kind: 'pool', pool },
      work: async (client) => {
        await client.query(`INSERT INTO ${table} DEFAULT VALUES`);
        return 'insert';
      },
      sampleEveryMs: 50,
    });
    try {
      const load = await runHttpLoad({ url: `${service.url}/op`, connections: 8, amount: 400 });
      const stats = service.stats();
      expect(load.responses).toBe(400);
      expect(load.ok2xx).toBe(400);
      expect(load.histogram.totalCount).toBe(400);
      expect(stats.requests).toBe(400);
      expect(stats.ok).toBe(400);
      expect(stats.byOperation).toEqual({ insert: 400 });
      expect(decodeHistogram(stats.histograms.acquire).totalCount).toBe(400);
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      expect(Number(rows[0]!.n)).toBe(400);
      // Eight connections on a pool of three: never more than three connections in the pool.
      expect(Math.max(...stats.samples.map((s) => s.poolTotal ?? 0))).toBeLessThanOrEqual(3);
      expect((await fetch(`${service.url}/nowhere`)).status).toBe(404);
    } finally {
      await service.close();
      await pool.end();
      await drop();
      await admin.end();
    }
  });

  it('reconciles autocannon with the service in a timed pool-size --http trial', async () => {
    const target = await sharedTarget();
    const options = resolveOptions(poolSize, {
      http: true,
      pool: '4',
      concurrency: '8',
      duration: '1',
      accounts: '200',
      trials: '1',
      warmup: '0',
      variants: 'pool-4',
    });
    const outcome = await runScenario({ scenario: poolSize, options, signal: new AbortController().signal, target });
    expect(outcome.status, outcome.reason).toBe('completed');
    const variant = outcome.variants[0]!;
    expect(variant.status, variant.reason).toBe('ok');
    const trial = variant.trials[0]!;
    expect(trial.check.ok).toBe(true);
    const http = (trial.extra as { http: { ok2xx: number; serviceOk: number; serviceRequests: number; countsMatch: boolean } }).http;
    expect(http.countsMatch).toBe(true);
    expect(http.ok2xx).toBeGreaterThan(0);
    expect(trial.units).toBe(http.ok2xx);
    // The service may have finished requests autocannon stopped waiting for, at most one per connection.
    expect(http.serviceOk - http.ok2xx).toBeGreaterThanOrEqual(0);
    expect(http.serviceOk - http.ok2xx).toBeLessThanOrEqual(8);
    expect(trial.metrics.serverConnectionsMax).toBeLessThanOrEqual(4);
  });
});

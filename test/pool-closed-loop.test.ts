// A closed loop through a pg pool on the real server: the requested operations complete with the
// requested concurrency, pool wait is recorded apart from the query, and the server never sees more
// connections for the pool's application_name than the pool's size (asked of pg_stat_activity).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createHistogram } from '../core/histogram.ts';
import { runClosedLoop } from '../core/load/closed-loop.ts';
import { withPooledClient } from '../core/load/pooled-operation.ts';
import { poolReader, serverConnectionReader, startSampler } from '../core/load/sampler.ts';
import { combineSamples } from '../core/load/time-series.ts';
import { sharedClient, sharedDatabaseUrl } from './helpers/shared-target.ts';

describe('closed loop through a pool', () => {
  it('runs every operation with the requested concurrency and never exceeds the pool size on the server', async () => {
    const applicationName = `bakeoff-test-pool-${process.pid}`;
    const poolSize = 3;
    const concurrency = 12;
    const pool = new pg.Pool({ connectionString: sharedDatabaseUrl(), application_name: applicationName, max: poolSize });
    const observer = await sharedClient();
    const acquire = createHistogram();
    let inFlight = 0;
    let peakClients = 0;
    let peakHeld = 0;
    let held = 0;
    const seenBackends = new Set<number>();
    const server = startSampler(serverConnectionReader(observer, applicationName), 20);
    const local = startSampler(poolReader(pool), 20);
    try {
      const result = await runClosedLoop(
        async () => {
          inFlight += 1;
          peakClients = Math.max(peakClients, inFlight);
          try {
            await withPooledClient(pool, acquire, async (client) => {
              held += 1;
              peakHeld = Math.max(peakHeld, held);
              // pg_sleep keeps each connection busy long enough for the sampler to see them all.
              const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.002)');
              seenBackends.add(rows[0]!.pid);
              held -= 1;
            });
          } finally {
            inFlight -= 1;
          }
        },
        { concurrency, operations: 600 },
      );
      const serverSamples = await server.stop();
      const poolSamples = await local.stop();
      expect(result.succeeded).toBe(600);
      expect(result.failed).toBe(0);
      expect(result.histogram.totalCount).toBe(600);
      expect(peakClients).toBe(concurrency);
      // Every operation waited for a connection in its own histogram, apart from its latency.
      expect(acquire.totalCount).toBe(600);
      expect(peakHeld).toBe(poolSize);
      expect(seenBackends.size).toBe(poolSize);
      // The server's own count of this pool's connections, sampled throughout, never went above the size.
      const counts = serverSamples.map((s) => s.serverConnections!);
      expect(counts.length).toBeGreaterThan(2);
      expect(Math.max(...counts)).toBeLessThanOrEqual(poolSize);
      expect(Math.max(...counts)).toBe(poolSize);
      // Twelve clients on three connections: the pool had waiters.
      expect(Math.max(...poolSamples.map((s) => s.poolWaiting!))).toBeGreaterThan(0);
      const series = combineSamples([poolSamples, serverSamples], poolSamples[0]!.atMs, 20);
      expect(series.every((p) => (p.poolInUse ?? 0) <= poolSize && (p.serverConnections ?? 0) <= poolSize)).toBe(true);
    } finally {
      await server.stop();
      await local.stop();
      await pool.end();
      await observer.end();
    }
  });
});

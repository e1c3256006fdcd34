// Scenario `pool-size`: which pool `max` gives the most throughput at a latency you accept, on your own
// database and workload. Every pool size (and a connection-per-operation baseline) runs the same OLTP mix
// under closed-loop load (--concurrency clients) or open-loop load (--rate arrivals/s), optionally behind an
// HTTP service (--http); the report gives throughput, latency, pool wait, utilization and errors per size,
// and recommends the smallest pool within 5% of the best throughput whose p99 stays within a bound.
import os from 'node:os';
import { defineScenario, type TrialContext, type VariantDefinition } from '../../core/scenario.ts';
import { poolSizeClaims } from './claims.ts';
import type { PoolVariantParams } from './measurement.ts';
import { POOL_SIZE_OPTIONS, POOL_SIZE_QUICK, validatePoolSizeOptions, type PoolSizeOptions } from './options.ts';
import { recommendPoolSize } from './recommend.ts';
import { createWorkloadTables, workloadTables } from './tables.ts';
import { runHttpTrial } from './http-trial.ts';
import { runDirectTrial } from './trial.ts';

export const BASELINE_VARIANT = 'connection-per-operation';

export function poolVariantName(poolSize: number | null, rate: number | null): string {
  const base = poolSize === null ? BASELINE_VARIANT : `pool-${poolSize}`;
  return rate === null ? base : `${base}-at-${rate}`;
}

function variantsFor(options: PoolSizeOptions): VariantDefinition<PoolSizeOptions>[] {
  const rates: Array<number | null> = options.rate ?? [null];
  const sizes: Array<number | null> = [...options.pool, null];
  return rates.flatMap((rate) =>
    sizes.map((poolSize) => {
      const params: PoolVariantParams = {
        poolSize,
        mode: rate === null ? 'closed' : 'open',
        rate,
        concurrency: options.concurrency,
        http: options.http,
        workers: options.workers,
      };
      const name = poolVariantName(poolSize, rate);
      const load = rate === null ? `${options.concurrency} clients back to back` : `${rate.toLocaleString('en-US')} arrivals/s (${options.arrival}), up to ${options.concurrency} in flight`;
      return {
        name,
        description:
          (poolSize === null ? 'a new connection for every operation (open, query, close)' : `a pool of at most ${poolSize} connections`) +
          `, ${load}${options.http ? ', through the HTTP service' : ''}`,
        params: params as unknown as Record<string, unknown>,
        run: (ctx: TrialContext<PoolSizeOptions>) => (params.http ? runHttpTrial(ctx, params) : runDirectTrial(ctx, name, params)),
      };
    }),
  );
}

export default defineScenario<PoolSizeOptions>({
  name: 'pool-size',
  description: 'Compare pool sizes (and a connection per operation) under an OLTP mix; recommend the smallest pool near the best throughput',
  throughputUnit: 'ops/s',
  options: POOL_SIZE_OPTIONS,
  quick: POOL_SIZE_QUICK,
  validate: validatePoolSizeOptions,
  variants: variantsFor,
  async setup(ctx) {
    const client = await ctx.connect();
    try {
      await createWorkloadTables(client, workloadTables(ctx.schema), ctx.options.accounts);
    } finally {
      await client.end();
    }
  },
  metricColumns: [
    // The full per-pool-size table is the scenario's own report section; this keeps the main table narrow.
    { key: 'utilizationPct', header: 'pool util %', digits: 0 },
  ],
  baselineVariant: BASELINE_VARIANT,
  recommend: (outcomes, options) => recommendPoolSize(outcomes, options, os.cpus().length),
  claims: (outcomes, options) => poolSizeClaims(outcomes, options, os.cpus().length),
});

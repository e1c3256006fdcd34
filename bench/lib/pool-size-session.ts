// The pool-size scenario opened for the point-select benches: select-only mix, the accounts table loaded
// once, and pg-bakeoff's side of each comparison = one engine trial of a pool-size variant (closed loop
// with --concurrency clients, or open loop at --rate), exactly what `bakeoff run pool-size` measures.
import type { TrialResult } from '../../core/engine/result-model.ts';
import type { Target } from '../../core/targets/target.ts';
import poolSize, { poolVariantName } from '../../scenarios/pool-size/index.ts';
import type { PoolSizeOptions } from '../../scenarios/pool-size/options.ts';
import type { PointSelectTable } from './bare-loops.ts';
import { openScenarioSession, type ScenarioSession } from './scenario-session.ts';

export interface PointSelectLoad {
  pool: number;
  concurrency: number;
  seconds: number;
  accounts: number;
  /** Open loop at this many arrivals per second; closed loop when absent. */
  rate?: number;
  workers?: number;
}

export interface PoolSizeBench {
  table: PointSelectTable;
  session: ScenarioSession<PoolSizeOptions>;
  /** One pg-bakeoff trial; its metrics carry the generator's ELU and CPU over the load window. */
  trial(): Promise<TrialResult>;
}

export async function openPoolSizeBench(target: Target, load: PointSelectLoad): Promise<PoolSizeBench> {
  const session = await openScenarioSession(target, poolSize, {
    pool: String(load.pool),
    concurrency: String(load.concurrency),
    duration: String(load.seconds),
    mix: 'select=100',
    accounts: String(load.accounts),
    workers: String(load.workers ?? 1),
    ...(load.rate === undefined ? {} : { rate: String(load.rate) }),
  });
  const variant = poolVariantName(load.pool, load.rate ?? null);
  return {
    table: { target, schema: session.schema, accounts: load.accounts },
    session,
    trial: () => session.trial(variant),
  };
}

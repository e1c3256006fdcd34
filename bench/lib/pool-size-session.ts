// The pool-size scenario opened for the point-select benches: select-only mix, the accounts table loaded
// once, and pg-bakeoff's side of each comparison = one engine trial of a pool-size variant (closed loop
// with --concurrency clients, or open loop at --rate), exactly what `bakeoff run pool-size` measures.
import type { TrialResult } from '../../core/engine/result-model.ts';
import type { Target } from '../../core/targets/target.ts';
import poolSize, { poolVariantName } from '../../scenarios/pool-size/index.ts';
import type { PoolSizeOptions } from '../../scenarios/pool-size/options.ts';
import { createSlicePool } from '../../scenarios/pool-size/slice.ts';
import type { PointSelectTable } from './bare-loops.ts';
import type { Side } from './interleave.ts';
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
    table: {
      target,
      schema: session.schema,
      accounts: load.accounts,
      runPool: (size) => createSlicePool(session.ctx.target, session.schema, 'bench-bare', size, session.options.acquireTimeoutMs),
    },
    session,
    trial: () => session.trial(variant),
  };
}

/**
 * pg-bakeoff's side: ops/s of one trial, and the generator's CPU per operation over the load window (CPU
 * time per operation is steadier than throughput on a busy machine, where a process waits for a core).
 */
export function bakeoffSide(name: string, bench: PoolSizeBench): Side {
  return {
    name,
    async run() {
      const trial = await bench.trial();
      const cpu = trial.metrics.clientCpu ?? NaN;
      const elu = trial.metrics.clientElu ?? NaN;
      return {
        value: trial.throughput,
        figures: { cpuUsPerOp: (cpu * trial.elapsedMs * 1000) / trial.units },
        note: `CPU ${((cpu * trial.elapsedMs * 1000) / trial.units).toFixed(1)} us/op (load window: ELU ${elu.toFixed(2)}, CPU ${cpu.toFixed(2)})`,
      };
    },
  };
}

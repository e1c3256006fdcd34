// The open-loop bench's sides, shared by its two ways of running them: in turn in the bench's own process
// (bench/lib/interleave.ts) and all at once, one child process each (bench/lib/side-processes.ts with
// bench/lib/open-loop-child.ts). Each side runs pool-size's point select at the same fixed rate for the
// same time and reports this process's CPU over its load window, in cores.
import type pg from 'pg';
import { createHistogram, stagedRecorder } from '../../core/histogram.ts';
import { runOpenLoop } from '../../core/load/open-loop.ts';
import { withPooledClientDone } from '../../core/load/pooled-operation.ts';
import { randomInt, seededRandom } from '../../core/load/seeded-random.ts';
import { startSelfWatch } from '../../core/load/self-watch.ts';
import { createWorkload, workloadStatements } from '../../scenarios/pool-size/workload.ts';
import { workloadTables } from '../../scenarios/pool-size/tables.ts';
import { bareOpenLoop } from './bare-loops.ts';
import type { Side } from './interleave.ts';
import type { PoolSizeBench } from './pool-size-session.ts';

export const OPEN_LOOP_SIDE_NAMES = {
  bakeoff: 'pg-bakeoff (pool-size)',
  bareRun: 'bare loop, same pool',
  barePlain: 'bare loop, pg defaults',
  /** bench open-loop-layers' steps between the bare loop and the whole trial */
  engineLoop: 'engine loop',
  withOperation: '+ operation',
} as const;

export interface OpenLoopLoad {
  pool: number;
  concurrency: number;
  seconds: number;
  accounts: number;
  rate: number;
}

const perSelect = (cpu: number, elapsedMs: number, operations: number) => ((cpu * elapsedMs * 1000) / operations).toFixed(1);

/** Every side's `figures.operations` says how many selects it completed (to check it kept the rate). */
export function openLoopSides(bakeoff: PoolSizeBench, load: OpenLoopLoad): Side[] {
  return [
    {
      name: OPEN_LOOP_SIDE_NAMES.bakeoff,
      async run() {
        const trial = await bakeoff.trial();
        const cpu = trial.metrics.clientCpu ?? NaN;
        return {
          value: cpu,
          figures: { operations: trial.units, cpuUsPerOp: (cpu * trial.elapsedMs * 1000) / trial.units },
          note: `${trial.units} selects, ${perSelect(cpu, trial.elapsedMs, trial.units)} us CPU each, late ${trial.metrics.late ?? 0}, ELU ${trial.metrics.clientElu?.toFixed(2)}`,
        };
      },
    },
    ...(['run', 'plain'] as const).map(
      (settings): Side => ({
        name: settings === 'run' ? OPEN_LOOP_SIDE_NAMES.bareRun : OPEN_LOOP_SIDE_NAMES.barePlain,
        async run() {
          const r = await bareOpenLoop(bakeoff.table, { pool: load.pool, rate: load.rate, seconds: load.seconds, settings });
          return { value: r.cpu, figures: { operations: r.operations, cpuUsPerOp: (r.cpu * r.elapsedMs * 1000) / r.operations }, note: `${r.operations} selects, ${perSelect(r.cpu, r.elapsedMs, r.operations)} us CPU each` };
        },
      }),
    ),
  ];
}

/**
 * bench open-loop-layers' two middle steps, on pg-bakeoff's run pool: `engine loop` is runOpenLoop
 * (schedule, queue, three histograms) around a bare pool.query; `+ operation` is runOpenLoop around
 * pool-size's own operation (withPooledClientDone + the workload's run).
 */
export function openLoopLayerSides(bakeoff: PoolSizeBench, load: OpenLoopLoad): Side[] {
  const table = bakeoff.table;
  const select = { name: 'bakeoff-pool-select', text: workloadStatements(workloadTables(table.schema)).select };
  const engineLoop = async (withOperation: boolean) => {
    const p = table.runPool(load.pool);
    const warm = await Promise.all(Array.from({ length: load.pool }, () => p.connect()));
    for (const c of warm) c.release();
    const random = seededRandom(5);
    const workload = createWorkload(workloadTables(table.schema), { accounts: load.accounts, mix: { select: 1, update: 0, insert: 0 }, heavy: 0, holdMs: 0 }, 5, stagedRecorder(createHistogram()));
    // Staged like pool-size's slice does (core/histogram.ts stagedRecorder).
    const acquire = stagedRecorder(createHistogram());
    const run = (client: pg.ClientBase, done: (err: Error | null) => void) => workload.run(client, done);
    const operation = withOperation
      ? () => withPooledClientDone(p, acquire, run)
      : () => p.query({ name: select.name, text: select.text, values: [randomInt(random, 1, load.accounts)] });
    try {
      const watch = startSelfWatch();
      const r = await runOpenLoop(operation, { ratePerSecond: load.rate, durationMs: load.seconds * 1000, concurrency: load.concurrency });
      const cpu = watch.stop().cpu;
      if (r.succeeded !== r.scheduled) throw new Error(`engine loop: ${r.succeeded} of ${r.scheduled} succeeded`);
      return { value: cpu, figures: { operations: r.succeeded }, note: `${r.succeeded} selects, ${perSelect(cpu, r.elapsedMs, r.succeeded)} us CPU each` };
    } finally {
      await p.end();
    }
  };
  return [
    { name: OPEN_LOOP_SIDE_NAMES.engineLoop, run: () => engineLoop(false) },
    { name: OPEN_LOOP_SIDE_NAMES.withOperation, run: () => engineLoop(true) },
  ];
}

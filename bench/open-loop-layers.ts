// Bench `open-loop-layers`: where pg-bakeoff's open-loop CPU goes, layer by layer, at a fixed rate on one
// pool (pool-size's run pool), interleaved A B C D ...:
//   bare          a timer loop sending each due select through pool.query (as bench open-loop's bare side)
//   engine loop   runOpenLoop (schedule, queue, three histograms) around the same pool.query
//   + operation   runOpenLoop around pool-size's operation (withPooledClient + the workload's runOne)
//   whole trial   one pool-size engine trial (adds the samplers, progress, the worker slice protocol)
// Each step's ratio to the one before says what that layer costs. Not a target: a map for profiling.
import type pg from 'pg';
import { createHistogram } from '../core/histogram.ts';
import { runOpenLoop } from '../core/load/open-loop.ts';
import { withPooledClient } from '../core/load/pooled-operation.ts';
import { randomInt, seededRandom } from '../core/load/seeded-random.ts';
import { startSelfWatch } from '../core/load/self-watch.ts';
import { workloadStatements, createWorkload } from '../scenarios/pool-size/workload.ts';
import { workloadTables } from '../scenarios/pool-size/tables.ts';
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { bareOpenLoop } from './lib/bare-loops.ts';
import { interleave, medians, pairedRatio, type Side } from './lib/interleave.ts';
import { openPoolSizeBench } from './lib/pool-size-session.ts';

const bench: BenchModule = {
  name: 'open-loop-layers',
  description: "where the open loop's CPU goes: bare loop, engine loop, + pool-size's operation, whole trial (no target)",
  flags: {
    seconds: { type: 'string', description: 'seconds per run (default 5, --quick 2)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 9, --quick 2)' },
    rate: { type: 'string', description: 'arrivals per second (default 1000)' },
  },
  async run(ctx) {
    const seconds = numberFlag(ctx.flags, 'seconds', { full: 5, quick: 2 }, 0.1);
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 9, quick: 2 }, 1);
    const rate = numberFlag(ctx.flags, 'rate', 1000, 1);
    const pool = 8;
    const concurrency = 16;
    const accounts = 10_000;
    const bakeoff = await openPoolSizeBench(await ctx.server(), { pool, concurrency, seconds, accounts, rate });
    const table = bakeoff.table;
    const select = { name: 'bakeoff-pool-select', text: workloadStatements(workloadTables(table.schema)).select };
    const perSelect = (cpu: number, elapsedMs: number, ops: number) => `${((cpu * elapsedMs * 1000) / ops).toFixed(1)} us CPU each`;

    const engineLoop = async (withOperation: boolean) => {
      const p = table.runPool(pool);
      const warm = await Promise.all(Array.from({ length: pool }, () => p.connect()));
      for (const c of warm) c.release();
      const random = seededRandom(5);
      const workload = createWorkload(workloadTables(table.schema), { accounts, mix: { select: 1, update: 0, insert: 0 }, heavy: 0, holdMs: 0 }, 5, createHistogram());
      const acquire = createHistogram();
      const runOne = (client: pg.ClientBase) => workload.runOne(client);
      const operation = withOperation
        ? () => withPooledClient(p, acquire, runOne)
        : () => p.query({ name: select.name, text: select.text, values: [randomInt(random, 1, accounts)] });
      try {
        const watch = startSelfWatch();
        const r = await runOpenLoop(operation, { ratePerSecond: rate, durationMs: seconds * 1000, concurrency });
        const cpu = watch.stop().cpu;
        if (r.succeeded !== r.scheduled) throw new Error(`engine loop: ${r.succeeded} of ${r.scheduled} succeeded`);
        return { value: cpu, note: `${r.succeeded} selects, ${perSelect(cpu, r.elapsedMs, r.succeeded)}` };
      } finally {
        await p.end();
      }
    };

    const sides: Side[] = [
      {
        name: 'bare',
        async run() {
          const r = await bareOpenLoop(table, { pool, rate, seconds, settings: 'run' });
          return { value: r.cpu, note: `${r.operations} selects, ${perSelect(r.cpu, r.elapsedMs, r.operations)}` };
        },
      },
      { name: 'engine loop', run: () => engineLoop(false) },
      { name: '+ operation', run: () => engineLoop(true) },
      {
        name: 'whole trial',
        async run() {
          const trial = await bakeoff.trial();
          const cpu = trial.metrics.clientCpu ?? NaN;
          return { value: cpu, note: `${trial.units} selects, ${perSelect(cpu, trial.elapsedMs, trial.units)}` };
        },
      },
    ];
    try {
      ctx.log(`${rate} arrivals/s, pool ${pool}, ${seconds} s per run, ${rounds} rounds`);
      const samples = await interleave(sides, { rounds, unit: 'cores', log: ctx.log, only: ctx.flags.only as string | undefined });
      medians(samples, 'CPU in cores over the load window', ctx.log);
      const names = sides.map((s) => s.name);
      for (let i = 1; i < names.length; i += 1) ctx.log(`  ${names[i]} / ${names[i - 1]}: ${pairedRatio(samples, names[i]!, names[i - 1]!).toFixed(3)} (median of round ratios)`);
      ctx.log(`  whole trial / bare: ${pairedRatio(samples, 'whole trial', 'bare').toFixed(3)}`);
    } finally {
      await bakeoff.session.close();
    }
  },
};

export default bench;

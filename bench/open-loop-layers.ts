// Bench `open-loop-layers`: where pg-bakeoff's open-loop CPU goes, layer by layer, at a fixed rate on
// pg-bakeoff's run pool (bench/lib/open-loop-sides.ts):
//   bare          a timer loop sending each due select through pool.query (bench open-loop's bare side)
//   engine loop   runOpenLoop (schedule, queue, three histograms) around the same pool.query
//   + operation   runOpenLoop around pool-size's operation (withPooledClientDone + the workload's run)
//   whole trial   one pool-size engine trial (adds the samplers, progress, the worker slice protocol)
// Each step's ratio to the one before says what that layer costs. Like bench open-loop, the sides run at
// the same time in processes of their own unless --in-turn. Not a target: a map for profiling.
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { medians, pairedRatio } from './lib/interleave.ts';
import { inTurn, runOpenLoopSides, SIDE_MODE_FLAGS } from './lib/open-loop-runner.ts';
import { OPEN_LOOP_SIDE_NAMES, type OpenLoopLoad } from './lib/open-loop-sides.ts';

const LAYERS = [OPEN_LOOP_SIDE_NAMES.bareRun, OPEN_LOOP_SIDE_NAMES.engineLoop, OPEN_LOOP_SIDE_NAMES.withOperation, OPEN_LOOP_SIDE_NAMES.bakeoff];

const bench: BenchModule = {
  name: 'open-loop-layers',
  description: "where the open loop's CPU goes: bare loop, engine loop, + pool-size's operation, whole trial (no target)",
  flags: {
    seconds: { type: 'string', description: 'seconds per run (default 5, --quick 2)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 9, --quick 2)' },
    rate: { type: 'string', description: 'arrivals per second (default 1000)' },
    ...SIDE_MODE_FLAGS,
  },
  async run(ctx) {
    const load: OpenLoopLoad = {
      seconds: numberFlag(ctx.flags, 'seconds', { full: 5, quick: 2 }, 0.1),
      rate: numberFlag(ctx.flags, 'rate', 1000, 1),
      pool: 8,
      concurrency: 16,
      accounts: 10_000,
    };
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 9, quick: 2 }, 1);
    ctx.log(`${load.rate} arrivals/s, pool ${load.pool}, ${load.seconds} s per run, ${rounds} rounds, ${inTurn(ctx) ? 'layers in turn in this process' : 'layers at the same time, one process each'}`);
    const samples = await runOpenLoopSides(ctx, load, LAYERS, rounds);
    medians(samples, 'CPU in cores over the load window', ctx.log);
    const names = [...samples.keys()];
    for (let i = 1; i < names.length; i += 1) ctx.log(`  ${names[i]} / ${names[i - 1]}: ${pairedRatio(samples, names[i]!, names[i - 1]!).toFixed(3)} (median of round ratios)`);
    if (names.length > 1) ctx.log(`  ${names.at(-1)} / ${names[0]}: ${pairedRatio(samples, names.at(-1)!, names[0]!).toFixed(3)}`);
  },
};

export default bench;

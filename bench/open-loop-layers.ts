// Bench `open-loop-layers`: where pg-bakeoff's open-loop CPU goes, layer by layer, at a fixed rate on
// pg-bakeoff's run pool (bench/lib/open-loop-sides.ts):
//   bare          a timer loop sending each due select through pool.query (bench open-loop's bare side)
//   engine loop   runOpenLoop (schedule, queue, three histograms) around the same pool.query
//   + operation   runOpenLoop around pool-size's operation (withPooledClientDone + the workload's run)
//   whole trial   one pool-size engine trial (adds the samplers, progress, the worker slice protocol)
// Each step's ratio to the one before says what that layer costs. Like bench open-loop, the sides run at
// the same time in processes of their own unless --in-turn. Not a target: a map for profiling.
import path from 'node:path';
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { connectionUrl } from './lib/connection-url.ts';
import { interleave, medians, pairedRatio, type Sample } from './lib/interleave.ts';
import { REPO_ROOT } from './lib/node-child.ts';
import { OPEN_LOOP_SIDE_NAMES, openLoopLayerSides, openLoopSides, type OpenLoopLoad } from './lib/open-loop-sides.ts';
import { openPoolSizeBench } from './lib/pool-size-session.ts';
import { together } from './lib/side-processes.ts';

const CHILD = path.join(REPO_ROOT, 'bench', 'lib', 'open-loop-child.ts');
const LAYERS = [OPEN_LOOP_SIDE_NAMES.bareRun, OPEN_LOOP_SIDE_NAMES.engineLoop, OPEN_LOOP_SIDE_NAMES.withOperation, OPEN_LOOP_SIDE_NAMES.bakeoff];

const bench: BenchModule = {
  name: 'open-loop-layers',
  description: "where the open loop's CPU goes: bare loop, engine loop, + pool-size's operation, whole trial (no target)",
  flags: {
    seconds: { type: 'string', description: 'seconds per run (default 5, --quick 2)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 9, --quick 2)' },
    rate: { type: 'string', description: 'arrivals per second (default 1000)' },
    'in-turn': { type: 'boolean', description: 'run the sides one after another in this process, not all at once in processes of their own' },
    'cpu-prof-dir': { type: 'string', description: "write a CPU profile of each side's measured runs (not its setup) here (sides run together only)" },
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
    const inTurn = ctx.flags['in-turn'] === true;
    const only = ctx.flags.only as string | undefined;
    const target = await ctx.server();
    ctx.log(`${load.rate} arrivals/s, pool ${load.pool}, ${load.seconds} s per run, ${rounds} rounds, ${inTurn ? 'layers in turn in this process' : 'layers at the same time, one process each'}`);
    let samples: Map<string, Sample[]>;
    if (inTurn) {
      const bakeoff = await openPoolSizeBench(target, load);
      try {
        const all = [...openLoopSides(bakeoff, load), ...openLoopLayerSides(bakeoff, load)];
        const sides = LAYERS.map((name) => all.find((s) => s.name === name)!);
        samples = await interleave(sides, { rounds, unit: 'cores', log: ctx.log, only, warmupRounds: 3 });
      } finally {
        await bakeoff.session.close();
      }
    } else {
      samples = await together({
        module: CHILD,
        args: [load.pool, load.concurrency, load.seconds, load.accounts, load.rate].map(String),
        env: { DATABASE_URL: connectionUrl(target) },
        sides: LAYERS.filter((name) => only === undefined || name.startsWith(only)),
        rounds,
        // As bench open-loop: the JIT is still compiling pg-bakeoff's per-trial code in the first rounds.
        warmupRounds: 3,
        unit: 'cores',
        log: ctx.log,
        ...(typeof ctx.flags['cpu-prof-dir'] === 'string' ? { profileDir: ctx.flags['cpu-prof-dir'] } : {}),
      });
    }
    medians(samples, 'CPU in cores over the load window', ctx.log);
    const names = [...samples.keys()];
    for (let i = 1; i < names.length; i += 1) ctx.log(`  ${names[i]} / ${names[i - 1]}: ${pairedRatio(samples, names[i]!, names[i - 1]!).toFixed(3)} (median of round ratios)`);
    if (names.length > 1) ctx.log(`  ${names.at(-1)} / ${names[0]}: ${pairedRatio(samples, names.at(-1)!, names[0]!).toFixed(3)}`);
  },
};

export default bench;

// How bench open-loop and open-loop-layers run their sides: by default all at once, each in a process of
// its own (bench/lib/side-processes.ts with bench/lib/open-loop-child.ts); with --in-turn one after
// another in this process (bench/lib/interleave.ts). Both ways start with three unreported rounds: traced
// with --trace-opt, TurboFan still compiled 25-55 ms per trial for pg-bakeoff's side in its 2nd to 4th
// trial (its per-trial code getting hot), against ~5 ms later on.
import path from 'node:path';
import type { BenchContext, FlagSpec } from './bench-module.ts';
import { connectionUrl } from './connection-url.ts';
import { interleave, type Sample } from './interleave.ts';
import { REPO_ROOT } from './node-child.ts';
import { openLoopLayerSides, openLoopSides, type OpenLoopLoad } from './open-loop-sides.ts';
import { openPoolSizeBench } from './pool-size-session.ts';
import { together } from './side-processes.ts';

const CHILD = path.join(REPO_ROOT, 'bench', 'lib', 'open-loop-child.ts');
const WARMUP_ROUNDS = 3;

export const SIDE_MODE_FLAGS: Record<string, FlagSpec> = {
  'in-turn': { type: 'boolean', description: 'run the sides one after another in this process, not all at once in processes of their own' },
  'cpu-prof-dir': { type: 'string', description: "write a CPU profile of each side's measured runs (not its setup) here (sides run together only)" },
};

export function inTurn(ctx: BenchContext): boolean {
  return ctx.flags['in-turn'] === true;
}

/** Runs the named sides (open-loop-sides.ts names) at `load`, `rounds` times, the way the flags say. */
export async function runOpenLoopSides(ctx: BenchContext, load: OpenLoopLoad, sideNames: readonly string[], rounds: number): Promise<Map<string, Sample[]>> {
  const only = ctx.flags.only as string | undefined;
  const target = await ctx.server();
  if (inTurn(ctx)) {
    const bakeoff = await openPoolSizeBench(target, load);
    try {
      const all = [...openLoopSides(bakeoff, load), ...openLoopLayerSides(bakeoff, load)];
      const sides = sideNames.map((name) => all.find((s) => s.name === name)!);
      return await interleave(sides, { rounds, unit: 'cores', log: ctx.log, only, warmupRounds: WARMUP_ROUNDS });
    } finally {
      await bakeoff.session.close();
    }
  }
  const profileDir = ctx.flags['cpu-prof-dir'];
  return together({
    module: CHILD,
    args: [load.pool, load.concurrency, load.seconds, load.accounts, load.rate].map(String),
    env: { DATABASE_URL: connectionUrl(target) },
    sides: sideNames.filter((name) => only === undefined || name.startsWith(only)),
    rounds,
    warmupRounds: WARMUP_ROUNDS,
    unit: 'cores',
    log: ctx.log,
    ...(typeof profileDir === 'string' ? { profileDir } : {}),
  });
}

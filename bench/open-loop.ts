// Bench `open-loop`: what does pg-bakeoff's open loop cost in CPU? pool-size's point select arriving at a
// fixed rate (bench/lib/open-loop-sides.ts):
//   A  pg-bakeoff: one engine trial of pool-size at --rate (open loop: schedule, queue, late/dropped
//      counting, latency from the intended start, service and start-delay histograms, pool sampling)
//   B  a bare loop on the same pool: a timer that sends each due select through pool.query on schedule, on
//      the pool pg-bakeoff uses (its acquire timeout, the run's statement/lock/client read timeouts)
//   C  (--in-turn only) the same bare loop on a pg.Pool with pg's defaults: what those safety nets cost
// The figure is a process's CPU (process.cpuUsage, in cores) over the load window, at the same rate for
// the same time. By default A and B run at the same time, each in a process of its own, round after round
// (bench/lib/side-processes.ts): on this shared machine one round's CPU per select moves by up to 20%
// between moments, and sides run together meet the same moment. Two at once, not three: every process
// running at once makes the others' wake-ups costlier (caches shared by 2 cores), which is not the
// harness's cost; a user's run has one load generator. `--in-turn` runs A B C, B C A, ... in this process
// instead. Target: A <= 1.05 x B. Every side must keep the rate (otherwise they did different work and the
// comparison says nothing).
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { medians, pairedRatio, type Sample } from './lib/interleave.ts';
import { inTurn, runOpenLoopSides, SIDE_MODE_FLAGS } from './lib/open-loop-runner.ts';
import { OPEN_LOOP_SIDE_NAMES, type OpenLoopLoad } from './lib/open-loop-sides.ts';

export const OPEN_LOOP_CPU_TARGET = 1.05;
/** A side that completed fewer operations than this share of the schedule did not keep the rate. */
const KEPT_RATE = 0.97;

const bench: BenchModule = {
  name: 'open-loop',
  description: 'CPU of pg-bakeoff open-loop point selects vs bare timer loops (same pool; pg defaults) at the same rate (target <= 1.05x same pool)',
  flags: {
    seconds: { type: 'string', description: 'seconds per run (default 5, --quick 2)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 11, --quick 2)' },
    rate: { type: 'string', description: 'arrivals per second (default 1000)' },
    pool: { type: 'string', description: 'pool size (default 8)' },
    concurrency: { type: 'string', description: "pg-bakeoff's most operations in flight (default 16)" },
    accounts: { type: 'string', description: 'rows in the accounts table (default 10000)' },
    ...SIDE_MODE_FLAGS,
  },
  async run(ctx) {
    const seconds = numberFlag(ctx.flags, 'seconds', { full: 5, quick: 2 }, 0.1);
    // 11 rounds: even run together, one round's ratio moves by several per cent, and the target is 5%.
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 11, quick: 2 }, 1);
    const load: OpenLoopLoad = {
      seconds,
      rate: numberFlag(ctx.flags, 'rate', 1000, 1),
      pool: numberFlag(ctx.flags, 'pool', 8, 1),
      concurrency: numberFlag(ctx.flags, 'concurrency', 16, 1),
      accounts: numberFlag(ctx.flags, 'accounts', 10_000, 10),
    };
    ctx.log(
      `${load.rate.toLocaleString('en-US')} arrivals/s, pool ${load.pool}, ${seconds} s per run, ${rounds} rounds, point select on ${load.accounts.toLocaleString('en-US')} accounts, ` +
        (inTurn(ctx) ? 'sides in turn in this process' : 'sides at the same time, one process each'),
    );
    const { bakeoff: a, bareRun: b, barePlain: c } = OPEN_LOOP_SIDE_NAMES;
    // As a pair when run together; the loop on pg's defaults joins in turn (see the top of this file).
    const samples = await runOpenLoopSides(ctx, load, inTurn(ctx) ? [a, b, c] : [a, b], rounds);
    const expected = load.rate * seconds;
    const shortfalls = [...samples].flatMap(([name, runs]) =>
      runs.filter((r) => (r.figures?.operations ?? 0) < KEPT_RATE * expected).map((r) => `${name} completed ${r.figures?.operations} of ${Math.round(expected)} scheduled`),
    );
    const m = medians(samples, 'CPU in cores over the load window', ctx.log);
    const line = (x: string, y: string) => `${(m.get(x)! / m.get(y)!).toFixed(3)} (round ratios ${pairedRatio(samples, x, y).toFixed(3)})`;
    ctx.log(`  pg-bakeoff / bare, same pool: ${line(a, b)}`);
    if (samples.has(c)) {
      ctx.log(`  pg-bakeoff / bare, pg defaults: ${line(a, c)}`);
      ctx.log(`  bare same pool / bare pg defaults (the run's timeouts): ${line(b, c)}`);
    }
    if (shortfalls.length > 0) ctx.log(`  the rate was not kept: ${shortfalls.join('; ')}`);
    ctx.targets.check({
      bench: 'open-loop',
      what: `pg-bakeoff / bare loop on the same pool (CPU at ${load.rate}/s, median of round ratios${inTurn(ctx) ? ', in turn' : ', run together'})`,
      measured: pairedRatio(samples, a, b),
      op: '<=',
      threshold: OPEN_LOOP_CPU_TARGET,
      kind: 'hard',
      note:
        shortfalls.length > 0
          ? `not comparable: ${shortfalls.length} run(s) did not keep the rate (try a lower --rate)`
          : samples.has(c)
            ? `vs a pg.Pool with pg's defaults: ${pairedRatio(samples, a, c).toFixed(3)}`
            : `CPU per select ${medianCpuPerSelect(samples, a)} vs ${medianCpuPerSelect(samples, b)} us`,
    });
    if (shortfalls.length > 0) ctx.targets.fail('open-loop', 'a side did not keep the rate, so the CPU figures are not for the same work');
  },
};

/** Median CPU per select of a side's runs, in us (from the note's figures). */
function medianCpuPerSelect(samples: Map<string, Sample[]>, side: string): string {
  const values = (samples.get(side) ?? []).map((s) => s.figures?.cpuUsPerOp ?? NaN).sort((x, y) => x - y);
  return values.length ? values[Math.floor(values.length / 2)]!.toFixed(1) : 'n/a';
}

export default bench;

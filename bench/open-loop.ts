// Bench `open-loop`: what does pg-bakeoff's open loop cost in CPU? pool-size's point select arriving at a
// fixed rate, two ways, interleaved A B, A B, ...:
//   A  pg-bakeoff: one engine trial of pool-size at --rate (open loop: schedule, queue, late/dropped
//      counting, latency from the intended start, service and start-delay histograms, pool sampling)
//   B  a bare loop on the same pool: a timer that sends each due select through pool.query on schedule, on
//      the pool pg-bakeoff uses (its acquire timeout, the run's statement/lock/client read timeouts)
//   C  the same bare loop on a pg.Pool with pg's defaults (no timeouts): what those safety nets cost
// The figure is this process's CPU (process.cpuUsage, in cores) over the load window, at the same rate
// for the same time. Target: A <= 1.05 x B; A / C is printed. Every side must keep the rate (otherwise
// they did different work and the comparison says nothing).
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { bareOpenLoop } from './lib/bare-loops.ts';
import { interleave, medians, pairedRatio, type Side } from './lib/interleave.ts';
import { openPoolSizeBench } from './lib/pool-size-session.ts';

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
  },
  async run(ctx) {
    const seconds = numberFlag(ctx.flags, 'seconds', { full: 5, quick: 2 }, 0.1);
    // 11 rounds: one round's CPU per select varies by up to 20% here, and the target is 5%.
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 11, quick: 2 }, 1);
    const rate = numberFlag(ctx.flags, 'rate', 1000, 1);
    const pool = numberFlag(ctx.flags, 'pool', 8, 1);
    const concurrency = numberFlag(ctx.flags, 'concurrency', 16, 1);
    const accounts = numberFlag(ctx.flags, 'accounts', 10_000, 10);
    const target = await ctx.server();
    const bakeoff = await openPoolSizeBench(target, { pool, concurrency, seconds, accounts, rate });
    const expected = rate * seconds;
    const shortfalls: string[] = [];
    const kept = (name: string, done: number) => {
      if (done < KEPT_RATE * expected) shortfalls.push(`${name} completed ${done} of ${Math.round(expected)} scheduled`);
    };
    try {
      ctx.log(`${rate.toLocaleString('en-US')} arrivals/s, pool ${pool}, ${seconds} s per run, ${rounds} rounds, point select on ${accounts.toLocaleString('en-US')} accounts`);
      const sides: Side[] = [
        {
          name: 'pg-bakeoff (pool-size)',
          async run() {
            const trial = await bakeoff.trial();
            kept('pg-bakeoff', trial.units);
            const cpu = trial.metrics.clientCpu ?? NaN;
            return { value: cpu, note: `${trial.units} selects, ${((cpu * trial.elapsedMs * 1000) / trial.units).toFixed(1)} us CPU each, late ${trial.metrics.late ?? 0}, ELU ${trial.metrics.clientElu?.toFixed(2)}` };
          },
        },
        ...(['run', 'plain'] as const).map((settings) => ({
          name: settings === 'run' ? 'bare loop, same pool' : 'bare loop, pg defaults',
          async run() {
            const r = await bareOpenLoop(bakeoff.table, { pool, rate, seconds, settings });
            kept(`bare loop (${settings})`, r.operations);
            return { value: r.cpu, note: `${r.operations} selects, ${((r.cpu * r.elapsedMs * 1000) / r.operations).toFixed(1)} us CPU each` };
          },
        })),
      ];
      const samples = await interleave(sides, { rounds, unit: 'cores', log: ctx.log, only: ctx.flags.only as string | undefined });
      const [a, b, c] = ['pg-bakeoff (pool-size)', 'bare loop, same pool', 'bare loop, pg defaults'];
      const m = medians(samples, 'CPU in cores over the load window', ctx.log);
      const line = (x: string, y: string) => `${(m.get(x)! / m.get(y)!).toFixed(3)} (round ratios ${pairedRatio(samples, x, y).toFixed(3)})`;
      ctx.log(`  pg-bakeoff / bare, same pool: ${line(a, b)}`);
      ctx.log(`  pg-bakeoff / bare, pg defaults: ${line(a, c)}`);
      ctx.log(`  bare same pool / bare pg defaults (the run's timeouts): ${line(b, c)}`);
      if (shortfalls.length > 0) ctx.log(`  the rate was not kept: ${shortfalls.join('; ')}`);
      ctx.targets.check({
        bench: 'open-loop',
        what: `pg-bakeoff / bare loop on the same pool (CPU at ${rate}/s, median of round ratios)`,
        measured: pairedRatio(samples, a, b),
        op: '<=',
        threshold: OPEN_LOOP_CPU_TARGET,
        kind: 'hard',
        note:
          shortfalls.length > 0
            ? `not comparable: ${shortfalls.length} run(s) did not keep the rate (try a lower --rate)`
            : `vs a pg.Pool with pg's defaults: ${pairedRatio(samples, a, c).toFixed(3)}`,
      });
      if (shortfalls.length > 0) ctx.targets.fail('open-loop', 'a side did not keep the rate, so the CPU figures are not for the same work');
    } finally {
      await bakeoff.session.close();
    }
  },
};

export default bench;

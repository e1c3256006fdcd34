// Bench `closed-loop`: does pg-bakeoff's closed loop cost throughput? pool-size's point select (select-only
// mix) with the same pool and concurrency three ways, interleaved A B C, A B C, ...:
//   A  pg-bakeoff: one engine trial of pool-size (closed loop, pool, latency/acquire/query histograms,
//      pool sampling, server sampling, verification), as `bakeoff run pool-size` runs it
//   B  a bare pg loop on the same pool: --concurrency loops doing `await pool.query()` back to back on the
//      pool pg-bakeoff uses (its acquire timeout, the run's statement/lock/client read timeouts)
//   C  the same bare loop on a pg.Pool with pg's defaults (no timeouts): what those safety nets cost
// Target: A >= 0.95 x B (selects/s): the harness itself. A / C is printed: harness and safety nets.
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { barePooledClosedLoop, loopSide } from './lib/bare-loops.ts';
import { interleave, medians, pairedRatio } from './lib/interleave.ts';
import { bakeoffSide, openPoolSizeBench } from './lib/pool-size-session.ts';

export const CLOSED_LOOP_TARGET = 0.95;

const bench: BenchModule = {
  name: 'closed-loop',
  description: 'pg-bakeoff closed-loop point selects vs bare pg loops on the same pool and on pg defaults, same concurrency (target >= 0.95x same pool)',
  flags: {
    seconds: { type: 'string', description: 'seconds per run (default 5, --quick 2)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 5, --quick 2)' },
    pool: { type: 'string', description: 'pool size (default 8)' },
    concurrency: { type: 'string', description: 'concurrent clients (default 8)' },
    accounts: { type: 'string', description: 'rows in the accounts table (default 10000)' },
  },
  async run(ctx) {
    const seconds = numberFlag(ctx.flags, 'seconds', { full: 5, quick: 2 }, 0.1);
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 5, quick: 2 }, 1);
    const pool = numberFlag(ctx.flags, 'pool', 8, 1);
    const concurrency = numberFlag(ctx.flags, 'concurrency', 8, 1);
    const accounts = numberFlag(ctx.flags, 'accounts', 10_000, 10);
    const target = await ctx.server();
    const bakeoff = await openPoolSizeBench(target, { pool, concurrency, seconds, accounts });
    try {
      ctx.log(`pool ${pool}, ${concurrency} clients, ${seconds} s per run, ${rounds} rounds, point select on ${accounts.toLocaleString('en-US')} accounts`);
      const [a, b, c] = ['pg-bakeoff (pool-size)', 'bare loop, same pool', 'bare loop, pg defaults'];
      const samples = await interleave(
        [
          bakeoffSide(a, bakeoff),
          loopSide(b, () => barePooledClosedLoop(bakeoff.table, { pool, concurrency, seconds, settings: 'run' })),
          loopSide(c, () => barePooledClosedLoop(bakeoff.table, { pool, concurrency, seconds, settings: 'plain' })),
        ],
        { rounds, unit: 'selects/s', log: ctx.log, only: ctx.flags.only as string | undefined },
      );
      const m = medians(samples, 'selects/s', ctx.log);
      const cpu = medians(samples, 'CPU us per select (this process, load window)', ctx.log, (s) => s.figures?.cpuUsPerOp ?? NaN);
      const line = (x: string, y: string) =>
        `${(m.get(x)! / m.get(y)!).toFixed(3)} (round ratios ${pairedRatio(samples, x, y).toFixed(3)}), CPU per select ${(cpu.get(x)! / cpu.get(y)!).toFixed(3)}`;
      ctx.log(`  pg-bakeoff / bare, same pool: ${line(a, b)}`);
      ctx.log(`  pg-bakeoff / bare, pg defaults: ${line(a, c)}`);
      ctx.log(`  bare same pool / bare pg defaults (the run's timeouts): ${line(b, c)}`);
      ctx.targets.check({
        bench: 'closed-loop',
        what: 'pg-bakeoff / bare loop on the same pool (selects/s, median of round ratios)',
        measured: pairedRatio(samples, a, b),
        note: `vs a pg.Pool with pg's defaults: ${pairedRatio(samples, a, c).toFixed(3)}`,
        op: '>=',
        threshold: CLOSED_LOOP_TARGET,
        kind: 'hard',
      });
    } finally {
      await bakeoff.session.close();
    }
  },
};

export default bench;

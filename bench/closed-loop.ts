// Bench `closed-loop`: does pg-bakeoff's closed loop cost throughput? pool-size's point select (select-only
// mix) with the same pool and concurrency two ways, interleaved A B, A B, ...:
//   A  pg-bakeoff: one engine trial of pool-size (closed loop, pool, latency/acquire/query histograms,
//      pool sampling, server sampling, verification), as `bakeoff run pool-size` runs it
//   B  a bare pg loop: --concurrency loops over a pg.Pool of the same size, `await pool.query()` back to back
// Target: median A >= 0.95 x median B (selects/s).
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { barePooledClosedLoop, loopSide } from './lib/bare-loops.ts';
import { interleave, medians, pairedRatio } from './lib/interleave.ts';
import { bakeoffSide, openPoolSizeBench } from './lib/pool-size-session.ts';

export const CLOSED_LOOP_TARGET = 0.95;

const bench: BenchModule = {
  name: 'closed-loop',
  description: 'pg-bakeoff closed-loop point selects vs a bare pg loop, same pool and concurrency (target >= 0.95x)',
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
      const samples = await interleave(
        [
          bakeoffSide('pg-bakeoff (pool-size)', bakeoff),
          loopSide('bare pg loop', () => barePooledClosedLoop(bakeoff.table, { pool, concurrency, seconds })),
        ],
        { rounds, unit: 'selects/s', log: ctx.log, only: ctx.flags.only as string | undefined },
      );
      const [a, b] = ['pg-bakeoff (pool-size)', 'bare pg loop'];
      const m = medians(samples, 'selects/s', ctx.log);
      const cpu = medians(samples, 'CPU us per select (this process, load window)', ctx.log, (s) => s.figures?.cpuUsPerOp ?? NaN);
      ctx.log(`  pg-bakeoff / bare: ratio of medians ${(m.get(a)! / m.get(b)!).toFixed(3)}, CPU per select ${(cpu.get(a)! / cpu.get(b)!).toFixed(3)}`);
      ctx.targets.check({
        bench: 'closed-loop',
        what: 'pg-bakeoff / bare pg loop (selects/s, median of round ratios)',
        measured: pairedRatio(samples, a, b),
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

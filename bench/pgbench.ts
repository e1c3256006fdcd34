// Bench `pgbench`: pg-bakeoff against pgbench on the same server, workload and concurrency. pool-size's
// point select three ways, interleaved A B C, A B C, ...:
//   A  pg-bakeoff: one engine trial of pool-size (pool of --clients, --clients concurrent, select-only)
//   B  a bare pg loop: one pg.Client per concurrent loop, no pool, no timing (the most Node + pg can do)
//   C  pgbench -M prepared with a script running the same SELECT on the same table, --clients connections
// Goal: A >= 0.5 x C. On a small machine the client's CPU competes with the server's, and pgbench's C
// client is far cheaper than Node + pg; when even B stays under 0.5 x C the driver, not pg-bakeoff, is
// the limit, and the goal is reported as missed without failing the bench. If B reaches it and A does
// not, pg-bakeoff is the reason and the bench fails.
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { bareClientsClosedLoop, loopSide } from './lib/bare-loops.ts';
import { interleave, medians, pairedRatio } from './lib/interleave.ts';
import { pgbenchPointSelect } from './lib/pgbench-point-select.ts';
import { requireProgram } from './lib/pg-tools.ts';
import { bakeoffSide, openPoolSizeBench } from './lib/pool-size-session.ts';

export const PGBENCH_GOAL = 0.5;

const bench: BenchModule = {
  name: 'pgbench',
  description: 'pg-bakeoff point selects vs a bare pg loop vs pgbench -M prepared, same server and clients (goal >= 0.5x pgbench)',
  flags: {
    seconds: { type: 'string', description: 'seconds per run (default 5, --quick 2)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 3, --quick 2)' },
    clients: { type: 'string', description: 'concurrent clients = pool size = pgbench -c (default 8)' },
    threads: { type: 'string', description: 'pgbench -j (default 2)' },
    accounts: { type: 'string', description: 'rows in the accounts table (default 10000)' },
    workers: { type: 'string', description: "pg-bakeoff's --workers (local worker processes; default 1)" },
  },
  async run(ctx) {
    const seconds = numberFlag(ctx.flags, 'seconds', { full: 5, quick: 2 }, 1);
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 3, quick: 2 }, 1);
    const clients = numberFlag(ctx.flags, 'clients', 8, 1);
    const threads = numberFlag(ctx.flags, 'threads', 2, 1);
    const accounts = numberFlag(ctx.flags, 'accounts', 10_000, 10);
    const workers = numberFlag(ctx.flags, 'workers', 1, 1);
    const pgbench = requireProgram('pgbench', 'postgresql');
    const target = await ctx.server();
    const bakeoff = await openPoolSizeBench(target, { pool: clients, concurrency: clients, seconds, accounts, workers });
    try {
      ctx.log(`${clients} clients, ${seconds} s per run, ${rounds} rounds, point select on ${accounts.toLocaleString('en-US')} accounts${workers > 1 ? `, pg-bakeoff --workers ${workers}` : ''}`);
      const names = { bakeoff: 'pg-bakeoff (pool-size)', bare: 'bare pg clients', pgbench: 'pgbench -M prepared' };
      const samples = await interleave(
        [
          bakeoffSide(names.bakeoff, bakeoff),
          loopSide(names.bare, () => bareClientsClosedLoop(bakeoff.table, { concurrency: clients, seconds })),
          {
            name: names.pgbench,
            inProcess: false,
            run: async () => ({ value: (await pgbenchPointSelect(pgbench, bakeoff.table, { clients, threads, seconds })).tps }),
          },
        ],
        { rounds, unit: 'selects/s', log: ctx.log, only: ctx.flags.only as string | undefined },
      );
      const m = medians(samples, 'selects/s', ctx.log);
      medians(new Map([...samples].filter(([name]) => name !== names.pgbench)), 'CPU us per select (this process, load window)', ctx.log, (s) => s.figures?.cpuUsPerOp ?? NaN);
      const vsPgbench = pairedRatio(samples, names.bakeoff, names.pgbench);
      const bareVsPgbench = pairedRatio(samples, names.bare, names.pgbench);
      ctx.log(
        `  ratios of medians: pg-bakeoff / pgbench ${(m.get(names.bakeoff)! / m.get(names.pgbench)!).toFixed(3)}, ` +
          `pg-bakeoff / bare ${(m.get(names.bakeoff)! / m.get(names.bare)!).toFixed(3)}, bare / pgbench ${(m.get(names.bare)! / m.get(names.pgbench)!).toFixed(3)}`,
      );
      const driverBound = bareVsPgbench < PGBENCH_GOAL;
      ctx.targets.check({
        bench: 'pgbench',
        what: 'pg-bakeoff / pgbench (selects/s, median of round ratios)',
        measured: vsPgbench,
        op: '>=',
        threshold: PGBENCH_GOAL,
        kind: driverBound ? 'goal' : 'hard',
        note: driverBound
          ? `even the bare pg loop reaches only ${bareVsPgbench.toFixed(3)}x pgbench here: Node + pg's CPU per query, competing with the server for the cores, is the limit`
          : `bare pg loop / pgbench = ${bareVsPgbench.toFixed(3)}`,
      });
    } finally {
      await bakeoff.session.close();
    }
  },
};

export default bench;

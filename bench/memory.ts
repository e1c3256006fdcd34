// Bench `memory`: does the load generator's memory grow with the length of a run? The same pool-size
// open-loop trial (--rate arrivals/s of point selects) run for --short-seconds and for --long-seconds, each
// in a fresh child process (bench/lib/memory-child.ts), in turn; the figure is each process's peak RSS.
// Latencies go into HDR histograms and time series are capped, so nothing should grow per operation.
// Target: peak RSS of the long run <= 1.2 x the short run's (the 10 s vs 100 s by default).
import path from 'node:path';
import { formatBytes } from '../reports/format.ts';
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { interleave, medians, pairedRatio } from './lib/interleave.ts';
import type { MemoryChildResult } from './lib/memory-child.ts';
import { REPO_ROOT, runTsModule } from './lib/node-child.ts';
import { connectionUrl } from './lib/connection-url.ts';

export const MEMORY_TARGET = 1.2;
const CHILD = path.join(REPO_ROOT, 'bench', 'lib', 'memory-child.ts');

const bench: BenchModule = {
  name: 'memory',
  description: 'peak RSS of the load generator: a --short-seconds vs a --long-seconds run at the same rate (target <= 1.2x)',
  flags: {
    'short-seconds': { type: 'string', description: 'the short run (default 10, --quick 3)' },
    'long-seconds': { type: 'string', description: 'the long run (default 100, --quick 30)' },
    pairs: { type: 'string', description: 'short/long pairs (default 1)' },
    rate: { type: 'string', description: 'arrivals per second (default 1000)' },
  },
  async run(ctx) {
    const short = numberFlag(ctx.flags, 'short-seconds', { full: 10, quick: 3 }, 0.5);
    const long = numberFlag(ctx.flags, 'long-seconds', { full: 100, quick: 30 }, 0.5);
    const pairs = numberFlag(ctx.flags, 'pairs', 1, 1);
    const rate = numberFlag(ctx.flags, 'rate', 1000, 1);
    const target = await ctx.server();
    const env = { DATABASE_URL: connectionUrl(target) };
    ctx.log(`${rate.toLocaleString('en-US')} arrivals/s, pool 8, ${short} s vs ${long} s, ${pairs} pair(s), each in a fresh process`);
    const child = (seconds: number) => async () => {
      const run = await runTsModule(CHILD, [seconds, rate, 8, 16, 10_000].map(String), env);
      const line = run.stdout.trim().split('\n').at(-1) ?? '';
      if (run.code !== 0 || !line.startsWith('{')) throw new Error(`memory child (${seconds} s) exited with ${run.code}: ${run.stderr.slice(-500)}`);
      const r = JSON.parse(line) as MemoryChildResult;
      if (r.units < 0.97 * rate * seconds) throw new Error(`the ${seconds} s run completed ${r.units} of ${rate * seconds} arrivals: lower --rate`);
      return { value: r.maxRssBytes / 1024 ** 2, note: `(${r.units} selects; RSS before the trial ${formatBytes(r.rssBeforeBytes)}, heap used at the end ${formatBytes(r.heapUsedBytes)})` };
    };
    const names = [`${short} s run`, `${long} s run`];
    const samples = await interleave(
      [
        { name: names[0]!, run: child(short), inProcess: false },
        { name: names[1]!, run: child(long), inProcess: false },
      ],
      { rounds: pairs, unit: 'MiB peak RSS', warmup: false, log: ctx.log, only: ctx.flags.only as string | undefined },
    );
    medians(samples, 'MiB peak RSS', ctx.log);
    ctx.targets.check({
      bench: 'memory',
      what: `peak RSS ${long} s / ${short} s`,
      measured: pairedRatio(samples, names[1]!, names[0]!),
      op: '<=',
      threshold: MEMORY_TARGET,
      kind: 'hard',
    });
  },
};

export default bench;

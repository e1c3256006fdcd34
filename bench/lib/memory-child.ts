// The load generator alone, in its own process, for the memory bench: one pool-size open-loop trial
// through the engine against DATABASE_URL (read by core/config.ts), then one JSON line on stdout with the
// process's peak RSS and what the trial did. Nothing else runs in the process, so its peak RSS is the
// generator's: a generator that kept per-operation samples would grow with the run's length.
//   node --import tsx bench/lib/memory-child.ts <seconds> <rate> <pool> <concurrency> <accounts>
import { readEnvironment } from '../../core/config.ts';
import { openUrlTarget } from '../../core/targets/url.ts';
import { openPoolSizeBench } from './pool-size-session.ts';

export interface MemoryChildResult {
  maxRssBytes: number;
  /** RSS just before the trial (after setup): the peak minus this is what the load itself added. */
  rssBeforeBytes: number;
  heapUsedBytes: number;
  units: number;
  scheduled: number;
  elapsedMs: number;
}

const [seconds, rate, pool, concurrency, accounts] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const url = readEnvironment().databaseUrl;
if (!url) throw new Error('memory-child needs DATABASE_URL');
const target = await openUrlTarget(url);
const bench = await openPoolSizeBench(target, { pool, concurrency, seconds, accounts, rate });
try {
  const rssBeforeBytes = process.memoryUsage().rss;
  const trial = await bench.trial();
  const result: MemoryChildResult = {
    // resourceUsage().maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rssBeforeBytes,
    heapUsedBytes: process.memoryUsage().heapUsed,
    units: trial.units,
    scheduled: trial.metrics.scheduled ?? 0,
    elapsedMs: trial.elapsedMs,
  };
  console.log(JSON.stringify(result));
} finally {
  await bench.session.close();
  await target.stop();
}

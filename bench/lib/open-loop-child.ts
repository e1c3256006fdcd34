// One side of bench open-loop in a process of its own (see bench/lib/side-processes.ts): opens pool-size on
// DATABASE_URL with its own run schema and table, then runs whichever side of bench open-loop or
// open-loop-layers it is asked for.
//   node --import tsx bench/lib/open-loop-child.ts <pool> <concurrency> <seconds> <accounts> <rate>
import { readEnvironment } from '../../core/config.ts';
import { openUrlTarget } from '../../core/targets/url.ts';
import { openLoopLayerSides, openLoopSides } from './open-loop-sides.ts';
import { openPoolSizeBench } from './pool-size-session.ts';
import { serveSides } from './side-processes.ts';

const [pool, concurrency, seconds, accounts, rate] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const url = readEnvironment().databaseUrl;
if (!url) throw new Error('open-loop-child needs DATABASE_URL');
const target = await openUrlTarget(url);
const load = { pool, concurrency, seconds, accounts, rate };
const bench = await openPoolSizeBench(target, load);
try {
  await serveSides([...openLoopSides(bench, load), ...openLoopLayerSides(bench, load)]);
} finally {
  await bench.session.close();
  await target.stop();
}

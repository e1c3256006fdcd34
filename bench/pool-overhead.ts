// Benchmark (not a test): what does pg-bakeoff's measuring cost? The same point-select workload
// (`SELECT abalance FROM pgbench_accounts WHERE aid = $1`, prepared, random aid) runs three ways against
// one embedded server, interleaved A B C, A B C, ... so drift hits all alike:
//   A  pg-bakeoff: closed loop + pool + pool-wait and latency HDR histograms (what `pool-size` does)
//   B  a bare `pg` loop: one client per connection, no pool, no timing
//   C  pgbench -S -M prepared (if pgbench is installed), same clients, same table
// Prints each round, the medians and the ratios. Usage: npm run bench -- [--seconds 5] [--clients 8] [--rounds 3]
import { execFileSync, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { median } from 'simple-statistics';
import { createHistogram, recordMs } from '../core/histogram.ts';
import { runClosedLoop } from '../core/load/closed-loop.ts';
import { withPooledClient } from '../core/load/pooled-operation.ts';
import { randomInt, seededRandom } from '../core/load/seeded-random.ts';
import { startSelfWatch } from '../core/load/self-watch.ts';
import { startEmbedded } from '../core/targets/embedded.ts';
import type { Target } from '../core/targets/target.ts';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, clients: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' } },
});
const seconds = Number(args.seconds);
const clients = Number(args.clients);
const rounds = Number(args.rounds);
const SCALE = 1; // pgbench scale: 100,000 accounts
const ACCOUNTS = 100_000 * SCALE;
const QUERY = { name: 'bench-select', text: 'SELECT abalance FROM pgbench_accounts WHERE aid = $1' };

function findPgbench(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function runPgbench(pgbench: string, target: Target, pgArgs: string[]): Promise<string> {
  const config = target.connectionConfig();
  return new Promise((resolve, reject) => {
    // The password reaches pgbench through its environment only, never its command line.
    const child = spawn(pgbench, ['-h', String(config.host), '-p', String(config.port), '-U', String(config.user), ...pgArgs, String(config.database)], {
      env: { PGPASSWORD: String(config.password), LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited with ${code}: ${out.slice(-500)}`))));
  });
}

/** A: the way the pool-size scenario drives the database. */
async function viaBakeoff(target: Target): Promise<number> {
  const pool = new pg.Pool(Object.assign(target.connectionConfig({ application_name: 'bench-bakeoff' }), { max: clients }));
  const acquire = createHistogram();
  const query = createHistogram();
  const random = seededRandom(1);
  try {
    const warm = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
    warm.forEach((c) => c.release());
    const result = await runClosedLoop(
      () =>
        withPooledClient(pool, acquire, async (client) => {
          const t0 = performance.now();
          await client.query({ ...QUERY, values: [randomInt(random, 1, ACCOUNTS)] });
          recordMs(query, performance.now() - t0);
        }),
      { concurrency: clients, durationMs: seconds * 1000 },
    );
    if (result.failed > 0) throw new Error(`pg-bakeoff loop: ${JSON.stringify(result.errors)}`);
    return (result.succeeded * 1000) / result.elapsedMs;
  } finally {
    await pool.end();
  }
}

/** B: the least a Node program can do: a client per connection, query after query. */
async function viaBarePg(target: Target): Promise<number> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client(target.connectionConfig({ application_name: 'bench-bare' }));
      await c.connect();
      return c;
    }),
  );
  const random = seededRandom(2);
  let done = 0;
  const begin = performance.now();
  const deadline = begin + seconds * 1000;
  try {
    await Promise.all(
      conns.map(async (c) => {
        while (performance.now() < deadline) {
          await c.query({ ...QUERY, values: [randomInt(random, 1, ACCOUNTS)] });
          done += 1;
        }
      }),
    );
    return (done * 1000) / (performance.now() - begin);
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** C: pgbench's built-in select-only script, the same query on the same table. */
async function viaPgbench(pgbench: string, target: Target): Promise<number> {
  const out = await runPgbench(pgbench, target, ['-S', '-M', 'prepared', '-n', '-c', String(clients), '-j', '2', '-T', String(seconds)]);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  if (!tps) throw new Error(`could not read tps from pgbench output: ${out.slice(-300)}`);
  return Number(tps[1]);
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(9);

async function main(): Promise<void> {
  const pgbench = findPgbench();
  const target = await startEmbedded();
  try {
    console.log(`embedded server: ${target.displayName}; ${clients} clients, ${seconds} s per run, ${rounds} rounds`);
    if (pgbench) await runPgbench(pgbench, target, ['-i', '-q', '-s', String(SCALE)]);
    else {
      // Without pgbench, create the same table it would.
      const c = new pg.Client(target.connectionConfig());
      await c.connect();
      await c.query('CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84))');
      await c.query("INSERT INTO pgbench_accounts SELECT g, 1, 0, '' FROM generate_series(1, $1::int) g", [ACCOUNTS]);
      await c.query('ANALYZE pgbench_accounts');
      await c.end();
      console.log('pgbench not found: comparing pg-bakeoff with a bare pg loop only');
    }
    const ways: Array<[string, () => Promise<number>]> = [
      ['pg-bakeoff (pool + HDR)', () => viaBakeoff(target)],
      ['bare pg loop', () => viaBarePg(target)],
      ...(pgbench ? ([['pgbench -S -M prepared', () => viaPgbench(pgbench, target)]] as Array<[string, () => Promise<number>]>) : []),
    ];
    // One unreported pass first: caches, prepared plans and Node's JIT warm up before anything counts.
    for (const [, run] of ways) await run();
    const results = new Map<string, number[]>(ways.map(([name]) => [name, []]));
    for (let round = 1; round <= rounds; round += 1) {
      for (const [name, run] of ways) {
        // This process's event-loop utilization says whether Node (not the server) set the pace; for
        // pgbench it only shows the bench process waiting.
        const watch = startSelfWatch();
        const tps = await run();
        const self = watch.stop();
        results.get(name)!.push(tps);
        const elu = name.startsWith('pgbench') ? '' : `  (node ELU ${self.eventLoopUtilization.toFixed(2)}, CPU ${self.cpu.toFixed(2)} core)`;
        console.log(`round ${round}  ${name.padEnd(24)} ${fmt(tps)} selects/s${elu}`);
      }
    }
    console.log('\nmedian selects/s (range)');
    const medians = new Map<string, number>();
    for (const [name, values] of results) {
      medians.set(name, median(values));
      console.log(`  ${name.padEnd(24)} ${fmt(median(values))}  (${fmt(Math.min(...values)).trim()}-${fmt(Math.max(...values)).trim()})`);
    }
    const a = medians.get('pg-bakeoff (pool + HDR)')!;
    const b = medians.get('bare pg loop')!;
    console.log('\nratios of medians');
    console.log(`  pg-bakeoff / bare pg loop:   ${(a / b).toFixed(3)}`);
    const c = medians.get('pgbench -S -M prepared');
    if (c !== undefined) {
      console.log(`  pg-bakeoff / pgbench:        ${(a / c).toFixed(3)}`);
      console.log(`  bare pg loop / pgbench:      ${(b / c).toFixed(3)}`);
    }
  } finally {
    await target.stop();
  }
}

await main();

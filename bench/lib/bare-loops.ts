// The least a Node program can do to run pool-size's point select (`SELECT ... FROM accounts WHERE id = $1`,
// a named prepared statement, random id): the sides pg-bakeoff is measured against. No histograms, no
// error classification, no sampling: only the driver, a counter and the loop, and a check that every
// select found its row (a fast wrong answer would flatter the baseline).
import pg from 'pg';
import { randomInt, seededRandom } from '../../core/load/seeded-random.ts';
import { runConnectionConfig } from '../../core/pg-connect.ts';
import { startSelfWatch } from '../../core/load/self-watch.ts';
import type { Target } from '../../core/targets/target.ts';
import type { Side } from './interleave.ts';
import { workloadStatements } from '../../scenarios/pool-size/workload.ts';
import { workloadTables } from '../../scenarios/pool-size/tables.ts';

export interface PointSelectTable {
  /** The target as opened (plain pg connection settings). */
  target: Target;
  schema: string;
  accounts: number;
  /** pg-bakeoff's pool for this table: pool-size's pool options and the run's connection settings. */
  runPool(size: number): pg.Pool;
}

/**
 * `plain`: a pg.Pool with pg's defaults, what a minimal Node program uses. `run`: the very pool pg-bakeoff
 * drives its load through (acquire timeout, and the run's statement, lock and client read timeouts), so
 * a comparison shows the harness alone.
 */
export type PoolSettings = 'plain' | 'run';

export interface LoopResult {
  operations: number;
  elapsedMs: number;
  /** CPU of this process over the load window, in cores (see core/load/self-watch.ts). */
  cpu: number;
}

/** A bare loop as a side: ops/s, and CPU per operation over the load window. */
export function loopSide(name: string, loop: () => Promise<LoopResult>): Side {
  return {
    name,
    async run() {
      const r = await loop();
      const cpuUsPerOp = (r.cpu * r.elapsedMs * 1000) / r.operations;
      return { value: (r.operations * 1000) / r.elapsedMs, figures: { cpuUsPerOp }, note: `CPU ${cpuUsPerOp.toFixed(1)} us/op (load window CPU ${r.cpu.toFixed(2)})` };
    },
  };
}

function pointSelect(table: PointSelectTable): { name: string; text: string } {
  // The same statement name as pool-size, so both sides prepare once per connection and then only bind.
  return { name: 'bakeoff-pool-select', text: workloadStatements(workloadTables(table.schema)).select };
}

function checkRow(result: pg.QueryResult): void {
  if (result.rowCount !== 1) throw new Error(`a point select returned ${result.rowCount} rows instead of 1`);
}

async function openPool(table: PointSelectTable, size: number, settings: PoolSettings): Promise<pg.Pool> {
  const pool =
    settings === 'run'
      ? table.runPool(size)
      : new pg.Pool(Object.assign(runConnectionConfig(table.target, table.schema, { application_name: 'bench-bare' }), { max: size, idleTimeoutMillis: 0 }));
  // Connections are opened before the clock starts, as pg-bakeoff's pool-size does.
  const warm = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of warm) client.release();
  return pool;
}

/** `concurrency` loops sharing a `pg.Pool` of `pool` connections, each `await pool.query(...)` back to back. */
export async function barePooledClosedLoop(table: PointSelectTable, options: { pool: number; concurrency: number; seconds: number; settings: PoolSettings }): Promise<LoopResult> {
  const pool = await openPool(table, options.pool, options.settings);
  const { name, text } = pointSelect(table);
  const random = seededRandom(2);
  let operations = 0;
  try {
    const watch = startSelfWatch();
    const begin = performance.now();
    const deadline = begin + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          checkRow(await pool.query({ name, text, values: [randomInt(random, 1, table.accounts)] }));
          operations += 1;
        }
      }),
    );
    const elapsedMs = performance.now() - begin;
    return { operations, elapsedMs, cpu: watch.stop().cpu };
  } finally {
    await pool.end();
  }
}

/** One `pg.Client` per concurrent loop, no pool at all: the floor of what Node and pg cost per query. */
export async function bareClientsClosedLoop(table: PointSelectTable, options: { concurrency: number; seconds: number }): Promise<LoopResult> {
  const config = runConnectionConfig(table.target, table.schema, { application_name: 'bench-bare' });
  const clients = await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      const client = new pg.Client(config);
      await client.connect();
      return client;
    }),
  );
  const { name, text } = pointSelect(table);
  const random = seededRandom(3);
  let operations = 0;
  try {
    const watch = startSelfWatch();
    const begin = performance.now();
    const deadline = begin + options.seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          checkRow(await client.query({ name, text, values: [randomInt(random, 1, table.accounts)] }));
          operations += 1;
        }
      }),
    );
    const elapsedMs = performance.now() - begin;
    return { operations, elapsedMs, cpu: watch.stop().cpu };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/**
 * Point selects arriving evenly at `rate` per second for `seconds`, each sent through `pool.query` when
 * due (the pool queues them if every connection is busy). One timer wakes for whatever is due, the way
 * pg-bakeoff's open loop does, so both sides pay the same timer cost.
 */
export async function bareOpenLoop(table: PointSelectTable, options: { pool: number; rate: number; seconds: number; settings: PoolSettings }): Promise<LoopResult> {
  const pool = await openPool(table, options.pool, options.settings);
  const { name, text } = pointSelect(table);
  const random = seededRandom(4);
  const gapMs = 1000 / options.rate;
  let operations = 0;
  try {
    const watch = startSelfWatch();
    const begin = performance.now();
    const deadline = begin + options.seconds * 1000;
    await new Promise<void>((resolve, reject) => {
      let next = begin;
      let inFlight = 0;
      let arrivalsOver = false;
      const done = (result: pg.QueryResult) => {
        checkRow(result);
        operations += 1;
        inFlight -= 1;
        if (arrivalsOver && inFlight === 0) resolve();
      };
      const tick = () => {
        const now = performance.now();
        while (next <= now && next < deadline) {
          inFlight += 1;
          pool.query({ name, text, values: [randomInt(random, 1, table.accounts)] }).then(done).catch(reject);
          next += gapMs;
        }
        if (next < deadline) setTimeout(tick, Math.max(0, next - performance.now()));
        else {
          arrivalsOver = true;
          if (inFlight === 0) resolve();
        }
      };
      tick();
    });
    const elapsedMs = performance.now() - begin;
    return { operations, elapsedMs, cpu: watch.stop().cpu };
  } finally {
    await pool.end();
  }
}

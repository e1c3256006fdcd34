// The pool-size operation mix: point select by primary key, update by primary key, small insert, and an
// optional heavier range aggregate, chosen at random by weight; then, optionally, application work while
// the connection is still held (--hold-ms). The same workload runs in-process, in worker processes and
// behind the HTTP service, so all three measure the same thing.
import type pg from 'pg';
import type { LatencySink } from '../../core/histogram.ts';
import { randomInt, seededRandom } from '../../core/load/seeded-random.ts';
import { sqlstateOf } from '../../core/sqlstate.ts';
import type { MixName } from './options.ts';
import type { WorkloadTables } from './tables.ts';

export type OperationKind = MixName | 'heavy';
export const OPERATION_KINDS: readonly OperationKind[] = ['select', 'update', 'insert', 'heavy'];

export interface WorkloadSettings {
  accounts: number;
  mix: Record<MixName, number>;
  heavy: number;
  holdMs: number;
}

/** Accounts one heavy query aggregates over. */
const HEAVY_RANGE = 1000;

/** The SQL of each operation (the benches run the same point select bare, to measure what pg-bakeoff adds). */
export function workloadStatements(tables: WorkloadTables): Record<OperationKind, string> {
  return {
    select: `SELECT id, owner, balance FROM ${tables.accounts} WHERE id = $1`,
    update: `UPDATE ${tables.accounts} SET balance = balance + 1 WHERE id = $1`,
    insert: `INSERT INTO ${tables.orders} (account_id, amount, note) VALUES ($1, $2, 'pool-size')`,
    heavy:
      `SELECT o.account_id, count(*) AS orders, sum(o.amount) AS total FROM ${tables.orders} o ` +
      `WHERE o.account_id BETWEEN $1 AND $1 + ${HEAVY_RANGE} GROUP BY o.account_id ORDER BY total DESC LIMIT 10`,
  };
}

export interface Workload {
  /** Picks an operation by weight and runs it (then holds the connection for --hold-ms). */
  runOne(client: pg.ClientBase): Promise<OperationKind>;
  /** runOne in callback form, for the load's hot path (core/load/pooled-operation.ts withPooledClientDone). */
  run(client: pg.ClientBase, done: (err: Error | null, kind?: OperationKind) => void): void;
  /** Successful operations by kind. */
  readonly done: Record<OperationKind, number>;
  /** Writes that failed after being sent without a SQLSTATE (a lost connection): applied or not, unknown. */
  readonly ambiguousWrites: number;
}

/** `queryTimes` receives the time of the statement alone (no acquire wait, no hold time). */
export function createWorkload(tables: WorkloadTables, settings: WorkloadSettings, seed: number, queryTimes: LatencySink): Workload {
  const random = seededRandom(seed);
  const sql = workloadStatements(tables);
  const weights: Array<[OperationKind, number]> = [
    ['select', settings.mix.select],
    ['update', settings.mix.update],
    ['insert', settings.mix.insert],
    ['heavy', settings.heavy],
  ];
  const total = weights.reduce((s, [, w]) => s + w, 0);
  if (!(total > 0)) throw new Error('the operation mix needs at least one weight above 0');
  const done: Record<OperationKind, number> = { select: 0, update: 0, insert: 0, heavy: 0 };
  let ambiguousWrites = 0;

  const pick = (): OperationKind => {
    let r = random() * total;
    for (const [kind, weight] of weights) {
      if (r < weight) return kind;
      r -= weight;
    }
    // Floating-point leftovers land on the last operation that has any weight.
    return weights.filter(([, w]) => w > 0).at(-1)![0];
  };
  const values = (kind: OperationKind): unknown[] => {
    const account = randomInt(random, 1, settings.accounts);
    return kind === 'insert' ? [account, randomInt(random, 1, 1000)] : [account];
  };

  // Named statements: each connection parses once and then only binds, as a tuned service would. The
  // names are built once here, not per operation.
  const names: Record<OperationKind, string> = { select: 'bakeoff-pool-select', update: 'bakeoff-pool-update', insert: 'bakeoff-pool-insert', heavy: 'bakeoff-pool-heavy' };

  const run = (client: pg.ClientBase, callback: (err: Error | null, kind?: OperationKind) => void): void => {
    const kind = pick();
    const t0 = performance.now();
    client.query({ name: names[kind], text: sql[kind], values: values(kind) }, (err: Error | null) => {
      if (err) {
        if ((kind === 'update' || kind === 'insert') && sqlstateOf(err) === undefined) ambiguousWrites += 1;
        callback(err);
        return;
      }
      queryTimes.record(performance.now() - t0);
      if (settings.holdMs > 0) {
        setTimeout(() => {
          done[kind] += 1;
          callback(null, kind);
        }, settings.holdMs);
      } else {
        done[kind] += 1;
        callback(null, kind);
      }
    });
  };

  return {
    done,
    get ambiguousWrites() {
      return ambiguousWrites;
    },
    run,
    // pg's callback form inside one promise: the promise form adds a promise and closures of its own per query.
    runOne: (client) => new Promise<OperationKind>((resolve, reject) => run(client, (err, kind) => (err ? reject(err) : resolve(kind!)))),
  };
}

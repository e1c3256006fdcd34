// The orders dataset every index variant reads and writes: generated deterministically from a seed,
// loaded once with COPY into `orders_base`, and copied server-side into a fresh `orders` table before
// every trial, so each variant starts from the same rows in the same physical order (row count and
// checksum verified) and nothing a trial wrote or built survives into the next one.
//
// Skew that matters for plans: user_id follows a Zipf-like distribution (user 1 has the most orders),
// status is 'pending' for about 2% of rows (the newest ones), created_at increases with id (one order a
// minute).
import type pg from 'pg';
import { copyRows, type CopyValue } from '../../core/copy-rows.ts';
import { prng } from '../../core/prng.ts';
import { LineChecksum, countAndChecksum } from '../../core/table-checksum.ts';
import { skewedKeys } from '../../core/load/skewed-keys.ts';

export const BASE_TABLE = 'orders_base';
/** The table queries and index statements name; the only table user index statements may touch. */
export const ORDERS_TABLE = 'orders';
export const ORDER_COLUMNS = ['id', 'user_id', 'status', 'created_at', 'total_cents', 'note'] as const;

export const DATA_START_MS = Date.UTC(2025, 0, 1);
export const ORDER_INTERVAL_MS = 60_000;
const DATA_SEED = 20250101;

/**
 * Status by age, as orders move on over time: the newest 3% are mostly pending (2% of all rows), the
 * next 5% paid or shipped, older ones delivered or cancelled. Pending rows are rare and sit together in
 * the newest pages, which is what makes a partial index on them small and quick.
 */
const STATUS_BY_AGE: ReadonlyArray<{ newerThan: number; weights: ReadonlyArray<[string, number]> }> = [
  { newerThan: 0.03, weights: [['pending', 2 / 3], ['paid', 1 / 3]] },
  { newerThan: 0.08, weights: [['paid', 0.3], ['shipped', 0.7]] },
  { newerThan: Infinity, weights: [['delivered', 0.94], ['cancelled', 0.06]] },
];
const NOTE_WORDS = ['leave', 'at', 'the', 'door', 'gift', 'wrap', 'please', 'ring', 'bell', 'fragile', 'call', 'on', 'arrival', 'back', 'office', 'desk'];

export interface DatasetShape {
  rows: number;
  users: number;
  /** Zipf exponent of orders per user. */
  skew: number;
  /** Heap fillfactor: free space per page is what lets an update stay HOT. */
  fillfactor: number;
}

export interface OrderRow {
  id: number;
  userId: number;
  status: string;
  createdAtMs: number;
  totalCents: number;
  note: string;
}

/** The created_at span of the loaded rows, for parameter generators that draw times. */
export function dataTimeSpan(shape: Pick<DatasetShape, 'rows'>): { startMs: number; endMs: number } {
  return { startMs: DATA_START_MS, endMs: DATA_START_MS + shape.rows * ORDER_INTERVAL_MS };
}

/**
 * Order rows from `firstId` on, in id order. The loaded rows use the data seed; rows inserted by the
 * write phase continue the ids and times with their own seed, so they never collide with loaded ones.
 */
export function orderGenerator(shape: DatasetShape, firstId = 1, seed = DATA_SEED): () => OrderRow {
  const random = prng(seed);
  const users = skewedKeys(shape.users, shape.skew, random);
  let id = firstId;
  return () => {
    // Age 0 is the newest loaded row; rows the write phase inserts later are newer still (age < 0).
    const age = (shape.rows - id) / shape.rows;
    const weights = STATUS_BY_AGE.find((b) => age < b.newerThan)!.weights;
    const statusDraw = random();
    let status = weights[weights.length - 1]![0];
    let acc = 0;
    for (const [name, weight] of weights) {
      acc += weight;
      if (statusDraw < acc) {
        status = name;
        break;
      }
    }
    const words = 4 + Math.floor(random() * 5);
    const note: string[] = [];
    for (let w = 0; w < words; w += 1) note.push(NOTE_WORDS[Math.floor(random() * NOTE_WORDS.length)]!);
    const row: OrderRow = {
      id,
      userId: users.pick() + 1,
      status,
      // Whole milliseconds inside the row's own minute: strictly increasing with id, exact in Postgres.
      createdAtMs: DATA_START_MS + (id - 1) * ORDER_INTERVAL_MS + Math.floor(random() * ORDER_INTERVAL_MS),
      totalCents: 100 + Math.floor(random() * 99_900),
      note: note.join(' '),
    };
    id += 1;
    return row;
  };
}

export function rowValues(row: OrderRow): CopyValue[] {
  return [row.id, row.userId, row.status, new Date(row.createdAtMs).toISOString(), row.totalCents, row.note];
}

/** One row as CHECKSUM_LINE_SQL renders it in Postgres. */
function checksumLine(row: OrderRow): string {
  return `${row.id}|${row.userId}|${row.status}|${row.createdAtMs * 1000}|${row.totalCents}|${row.note}`;
}
const CHECKSUM_LINE_SQL = "concat_ws('|', id, user_id, status, (extract(epoch FROM created_at) * 1000000)::bigint, total_cents, note)";

export interface DatasetFingerprint {
  count: number;
  checksum: string;
}

export function tableChecksum(client: pg.ClientBase, table: string): Promise<DatasetFingerprint> {
  return countAndChecksum(client, table, CHECKSUM_LINE_SQL, 'id');
}

/**
 * CREATE TABLE for the orders shape, without its primary key: loading first and adding the key after
 * builds the index in one sorted pass. Autovacuum is off so VACUUM/ANALYZE happen only where a trial says.
 */
export async function createOrdersTable(client: pg.ClientBase, table: string, fillfactor: number): Promise<void> {
  await client.query(
    `CREATE TABLE ${table} (
       id bigint NOT NULL,
       user_id integer NOT NULL,
       status text NOT NULL,
       created_at timestamptz NOT NULL,
       total_cents integer NOT NULL,
       note text NOT NULL
     ) WITH (fillfactor = ${Math.trunc(fillfactor)}, autovacuum_enabled = false)`,
  );
}

async function addPrimaryKey(client: pg.ClientBase, table: string): Promise<void> {
  await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (id)`);
}

/**
 * Creates and loads the base table with COPY, and returns the count and checksum computed in Node from
 * the generated rows (the expected fingerprint every refreshed copy must match).
 */
export async function loadBaseTable(
  client: pg.ClientBase,
  table: string,
  shape: DatasetShape,
  options: { signal?: AbortSignal; progress?(done: number): void } = {},
): Promise<DatasetFingerprint> {
  await createOrdersTable(client, table, shape.fillfactor);
  const next = orderGenerator(shape);
  const sum = new LineChecksum();
  const copied = await copyRows(client, {
    table,
    columns: ORDER_COLUMNS,
    count: shape.rows,
    row: () => {
      const row = next();
      sum.add(checksumLine(row));
      return rowValues(row);
    },
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  await addPrimaryKey(client, table);
  await client.query(`VACUUM (ANALYZE) ${table}`);
  return { count: copied, checksum: sum.digest() };
}

/**
 * Replaces `orders` with a fresh copy of the base rows in the same physical order, with its primary key,
 * vacuumed so the visibility map is set (index-only scans depend on it). The caller builds the variant's
 * indexes and then ANALYZEs.
 */
export async function refreshOrdersTable(client: pg.ClientBase, base: string, table: string, fillfactor: number): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await createOrdersTable(client, table, fillfactor);
  await client.query(`INSERT INTO ${table} SELECT * FROM ${base} ORDER BY id`);
  await addPrimaryKey(client, table);
  await client.query(`VACUUM ${table}`);
}

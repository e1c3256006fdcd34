// The rows every insert strategy writes: generated deterministically from a seed, so each variant and
// trial inserts exactly the same data, and the expected checksum is known before anything is inserted.
import { createHash } from 'node:crypto';

export interface OrderRow {
  id: number;
  userId: number;
  status: string;
  /** numeric(12,2) in its text form, e.g. "12.30". */
  amount: string;
  /** ISO-8601 UTC; microsecond-exact in Postgres because it is whole milliseconds. */
  createdAt: string;
  createdAtUs: number;
  payload: string;
}

export const ORDER_COLUMNS = ['id', 'user_id', 'status', 'amount', 'created_at', 'payload'] as const;
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'];
const PAYLOAD_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
const EPOCH_START_MS = Date.UTC(2025, 0, 1);

/** mulberry32: a tiny, fast, seedable PRNG; quality is plenty for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateRows(count: number, payloadBytes: number, seed = 42): OrderRow[] {
  const random = prng(seed);
  const rows: OrderRow[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const cents = 100 + Math.floor(random() * 99_900);
    const createdAtMs = EPOCH_START_MS + i * 1000 + Math.floor(random() * 1000);
    let payload = '';
    for (let b = 0; b < payloadBytes; b += 1) payload += PAYLOAD_ALPHABET[Math.floor(random() * PAYLOAD_ALPHABET.length)];
    rows[i] = {
      id: i + 1,
      userId: 1 + Math.floor(random() * 10_000),
      status: STATUSES[Math.floor(random() * STATUSES.length)]!,
      amount: `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      createdAt: new Date(createdAtMs).toISOString(),
      createdAtUs: createdAtMs * 1000,
      payload,
    };
  }
  return rows;
}

/** One row as the checksum query renders it (see CHECKSUM_SQL_EXPRESSION). */
function checksumLine(row: OrderRow): string {
  return `${row.id}|${row.userId}|${row.status}|${row.amount}|${row.createdAtUs}|${row.payload}`;
}

/** md5 over every row in id order: the same value CHECKSUM_SQL computes in Postgres. */
export function expectedChecksum(rows: readonly OrderRow[]): string {
  const hash = createHash('md5');
  rows.forEach((row, i) => {
    if (i > 0) hash.update('\n');
    hash.update(checksumLine(row));
  });
  return hash.digest('hex');
}

/** SQL that renders each row exactly as checksumLine does, for count + checksum of a table. */
export function checksumSql(table: string): string {
  return (
    `SELECT count(*)::bigint AS count, coalesce(md5(string_agg(` +
    `concat_ws('|', id, user_id, status, amount, (extract(epoch FROM created_at) * 1000000)::bigint, payload), ` +
    `E'\\n' ORDER BY id)), '') AS checksum FROM ${table}`
  );
}

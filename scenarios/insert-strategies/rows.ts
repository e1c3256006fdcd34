// The rows every insert strategy writes: generated deterministically from a seed, so each variant and
// trial inserts exactly the same data, and the expected checksum is known before anything is inserted.
import { prng } from '../../core/prng.ts';
import { md5OfLines } from '../../core/table-checksum.ts';

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

/** One row as the checksum query renders it (see CHECKSUM_LINE_SQL). */
function checksumLine(row: OrderRow): string {
  return `${row.id}|${row.userId}|${row.status}|${row.amount}|${row.createdAtUs}|${row.payload}`;
}

/** md5 over every row in id order: the same value CHECKSUM_LINE_SQL gives in Postgres. */
export function expectedChecksum(rows: readonly OrderRow[]): string {
  return md5OfLines(rows.map(checksumLine));
}

/** SQL that renders each row exactly as checksumLine does (see core/table-checksum.ts). */
export const CHECKSUM_LINE_SQL = "concat_ws('|', id, user_id, status, amount, (extract(epoch FROM created_at) * 1000000)::bigint, payload)";

// The write phase of a trial: what an index set costs on writes. Inserts new orders in multi-row
// batches (so index maintenance, not one commit per row, dominates) and measures rows/s and WAL bytes
// per row; then runs an update mix, one kind at a time, and reads from pg_stat_user_tables how many
// updates were HOT (no index entry written), which an index on the updated column prevents.
import type pg from 'pg';
import { runClosedLoop } from '../../core/load/closed-loop.ts';
import { prng } from '../../core/prng.ts';
import { flushPendingStats } from '../../core/stats-flush.ts';
import { currentWalLsn, walBytesSince } from '../../core/wal.ts';
import { updateCounts } from './catalog.ts';
import { orderGenerator, type DatasetShape, type OrderRow } from './dataset.ts';

const INSERT_SEED = 424242;

export interface InsertResult {
  rows: number;
  elapsedMs: number;
  walBytes: number;
  failed: number;
  errors: Record<string, number>;
}

// Rows the write phase inserts depend only on the shape and count: generated once per run.
let insertRowCache: { key: string; rows: OrderRow[] } | undefined;
function rowsToInsert(shape: DatasetShape, count: number): OrderRow[] {
  const key = JSON.stringify([shape, count]);
  if (insertRowCache?.key !== key) {
    const next = orderGenerator(shape, shape.rows + 1, INSERT_SEED);
    insertRowCache = { key, rows: Array.from({ length: count }, next) };
  }
  return insertRowCache.rows;
}

export async function runInserts(
  admin: pg.ClientBase,
  writers: readonly pg.ClientBase[],
  job: { table: string; shape: DatasetShape; count: number; batch: number; signal: AbortSignal },
): Promise<InsertResult> {
  const rows = rowsToInsert(job.shape, job.count);
  const batches = Math.ceil(rows.length / job.batch);
  const text =
    `INSERT INTO ${job.table} (id, user_id, status, created_at, total_cents, note) ` +
    'SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::timestamptz[], $5::integer[], $6::text[])';
  let inserted = 0;
  const startLsn = await currentWalLsn(admin);
  const result = await runClosedLoop(
    async (client, sequence) => {
      const batch = rows.slice(sequence * job.batch, (sequence + 1) * job.batch);
      const out = await writers[client]!.query({
        name: 'bakeoff_insert_orders',
        text,
        values: [
          batch.map((r) => r.id),
          batch.map((r) => r.userId),
          batch.map((r) => r.status),
          batch.map((r) => new Date(r.createdAtMs).toISOString()),
          batch.map((r) => r.totalCents),
          batch.map((r) => r.note),
        ],
      });
      inserted += out.rowCount ?? 0;
    },
    { concurrency: writers.length, operations: batches, signal: job.signal },
  );
  const walBytes = await walBytesSince(admin, startLsn);
  return { rows: inserted, elapsedMs: result.elapsedMs, walBytes, failed: result.failed, errors: result.errors };
}

export interface UpdateKind {
  name: string;
  /** Which column it changes, for the report. */
  column: string;
  text: string;
  values(id: number): unknown[];
}

/** The update mix: each kind changes one column, so the HOT ratio shows which indexed column blocks HOT. */
export function updateKinds(table: string): UpdateKind[] {
  return [
    {
      name: 'status',
      column: 'status',
      text: `UPDATE ${table} SET status = CASE WHEN status = 'shipped' THEN 'delivered' ELSE 'shipped' END WHERE id = $1`,
      values: (id) => [id],
    },
    { name: 'total-cents', column: 'total_cents', text: `UPDATE ${table} SET total_cents = total_cents + 1 WHERE id = $1`, values: (id) => [id] },
    { name: 'note', column: 'note', text: `UPDATE ${table} SET note = $2 WHERE id = $1`, values: (id) => [id, `updated note for order ${id}`] },
  ];
}

export interface UpdateKindResult {
  column: string;
  updates: number;
  hotUpdates: number;
  elapsedMs: number;
  failed: number;
}

/** Runs `total` single-row updates split over the kinds, each kind's HOT count read after a flush. */
export async function runUpdateMix(
  admin: pg.ClientBase,
  writers: readonly pg.ClientBase[],
  job: { schema: string; tableName: string; table: string; loadedRows: number; total: number; signal: AbortSignal },
): Promise<{ kinds: Record<string, UpdateKindResult>; errors: Record<string, number> }> {
  const kinds = updateKinds(job.table);
  const out: Record<string, UpdateKindResult> = {};
  const errors: Record<string, number> = {};
  await flushPendingStats([...writers, admin]);
  let before = await updateCounts(admin, job.schema, job.tableName);
  for (const [k, kind] of kinds.entries()) {
    const count = Math.floor(job.total / kinds.length) + (k < job.total % kinds.length ? 1 : 0);
    const randoms = writers.map((_, i) => prng(INSERT_SEED + k * 31 + i));
    const result = await runClosedLoop(
      async (client) => {
        const id = 1 + Math.floor(randoms[client]!() * job.loadedRows);
        const r = await writers[client]!.query({ name: `bakeoff_update_${kind.name}`, text: kind.text, values: kind.values(id) });
        if (r.rowCount !== 1) throw new Error(`update of order ${id} changed ${r.rowCount} rows, expected 1`);
      },
      { concurrency: writers.length, operations: count, signal: job.signal },
    );
    await flushPendingStats(writers);
    const after = await updateCounts(admin, job.schema, job.tableName);
    out[kind.name] = {
      column: kind.column,
      updates: after.updates - before.updates,
      hotUpdates: after.hotUpdates - before.hotUpdates,
      elapsedMs: result.elapsedMs,
      failed: result.failed,
    };
    for (const [e, n] of Object.entries(result.errors)) errors[e] = (errors[e] ?? 0) + n;
    before = after;
  }
  return { kinds: out, errors };
}

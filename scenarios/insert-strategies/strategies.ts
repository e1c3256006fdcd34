// The insert strategies themselves: the same rows written seven ways. Each records one latency per
// statement (or per COPY) into the histogram it is given, and reports progress in rows.
import pg from 'pg';
import { copyRows } from '../../core/copy-rows.ts';
import { recordMs, type Histogram } from '../../core/histogram.ts';
import { chunk, rowsPerStatement } from '../../core/pg-limits.ts';
import { ORDER_COLUMNS, type OrderRow } from './rows.ts';

export interface InsertJob {
  table: string;
  rows: readonly OrderRow[];
  batchSize: number;
  histogram: Histogram;
  progress(done: number): void;
  signal: AbortSignal;
}

export type InsertStrategy = (client: pg.Client, job: InsertJob) => Promise<void>;

const COLUMN_LIST = ORDER_COLUMNS.join(', ');
/** A row's values in ORDER_COLUMNS order (also what the COPY bench writes for psql). */
export const rowValues = (r: OrderRow) => [r.id, r.userId, r.status, r.amount, r.createdAt, r.payload];
const PROGRESS_EVERY = 500;

async function timed<T>(histogram: Histogram, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  recordMs(histogram, performance.now() - start);
  return result;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('interrupted');
}

/** One INSERT and one round trip per row, as a named prepared statement. */
async function insertEachRow(client: pg.Client, job: InsertJob): Promise<void> {
  const text = `INSERT INTO ${job.table} (${COLUMN_LIST}) VALUES ($1, $2, $3, $4, $5, $6)`;
  for (let i = 0; i < job.rows.length; i += 1) {
    const values = rowValues(job.rows[i]!);
    await timed(job.histogram, () => client.query({ name: 'bakeoff_insert_one', text, values }));
    if ((i + 1) % PROGRESS_EVERY === 0) {
      job.progress(i + 1);
      throwIfAborted(job.signal);
    }
  }
  job.progress(job.rows.length);
}

/** 1. Single-row INSERT, autocommit: one round trip and one commit (WAL flush) per row. */
export const singleRowAutocommit: InsertStrategy = insertEachRow;

/** 2. Single-row INSERT inside one transaction: one round trip per row, one commit. */
export const singleRowTransaction: InsertStrategy = async (client, job) => {
  await client.query('BEGIN');
  try {
    await insertEachRow(client, job);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
};

/**
 * 3. Single-row INSERT pipelined in one transaction: the client (created with `pipeline: true`) writes
 * statements without waiting for each answer, keeping up to `batchSize` in flight; only the round trips
 * differ from variant 2. Latency is send-to-answer, so it includes time queued behind earlier statements.
 */
export const singleRowPipelined: InsertStrategy = async (client, job) => {
  const text = `INSERT INTO ${job.table} (${COLUMN_LIST}) VALUES ($1, $2, $3, $4, $5, $6)`;
  const window = Math.max(1, job.batchSize);
  await client.query('BEGIN');
  try {
    let inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < job.rows.length; i += 1) {
      const values = rowValues(job.rows[i]!);
      inFlight.push(timed(job.histogram, () => client.query({ name: 'bakeoff_insert_one', text, values })));
      if (inFlight.length >= window) {
        await Promise.all(inFlight);
        inFlight = [];
        job.progress(i + 1);
        throwIfAborted(job.signal);
      }
    }
    await Promise.all(inFlight);
    job.progress(job.rows.length);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
};

/** 4. Multi-row INSERT ... VALUES (...), (...): one statement per batch, kept under 65,535 parameters. */
export const multiRowValues: InsertStrategy = async (client, job) => {
  const perStatement = rowsPerStatement(job.batchSize, ORDER_COLUMNS.length);
  let done = 0;
  for (const batch of chunk(job.rows, perStatement)) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of batch) {
      const base = values.length;
      tuples.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`);
      values.push(...rowValues(row));
    }
    await timed(job.histogram, () => client.query(`INSERT INTO ${job.table} (${COLUMN_LIST}) VALUES ${tuples.join(', ')}`, values));
    done += batch.length;
    job.progress(done);
    throwIfAborted(job.signal);
  }
};

/** 5. INSERT ... SELECT * FROM unnest(arrays): six parameters per statement whatever the batch size. */
export const unnestArrays: InsertStrategy = async (client, job) => {
  const text =
    `INSERT INTO ${job.table} (${COLUMN_LIST}) ` +
    'SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::numeric[], $5::timestamptz[], $6::text[])';
  let done = 0;
  for (const batch of chunk(job.rows, Math.max(1, job.batchSize))) {
    const values = [
      batch.map((r) => r.id),
      batch.map((r) => r.userId),
      batch.map((r) => r.status),
      batch.map((r) => r.amount),
      batch.map((r) => r.createdAt),
      batch.map((r) => r.payload),
    ];
    await timed(job.histogram, () => client.query({ name: 'bakeoff_insert_unnest', text, values }));
    done += batch.length;
    job.progress(done);
    throwIfAborted(job.signal);
  }
};

/** 6. COPY ... FROM STDIN (text format) streamed through pg-copy-streams: one statement for all rows. */
export const copyFromStdin: InsertStrategy = async (client, job) => {
  const rows = job.rows;
  await timed(job.histogram, () =>
    copyRows(client, {
      table: job.table,
      columns: ORDER_COLUMNS,
      count: rows.length,
      row: (i) => rowValues(rows[i]!),
      signal: job.signal,
      progress: (done) => job.progress(done),
    }),
  );
  job.progress(rows.length);
};

/** 7. Variant 1 with synchronous_commit = off for the session: commits stop waiting for the WAL flush. */
export const singleRowAsyncCommit: InsertStrategy = async (client, job) => {
  await client.query('SET synchronous_commit = off');
  try {
    await insertEachRow(client, job);
  } finally {
    await client.query('RESET synchronous_commit').catch(() => undefined);
  }
};

// The insert strategies themselves: the same rows written seven ways (eight on the RDS Data API, which
// has its own batch call). Each records one latency per statement (or per COPY, per batch call) into the
// histogram it is given, and reports progress in rows. Strategies that any driver can run take a
// SqlDriver; COPY and pipelining are pg's alone and take its client.
import pg from 'pg';
import { copyRows } from '../../core/copy-rows.ts';
import { PgDriver } from '../../core/drivers/pg-driver.ts';
import { typed, UnsupportedByDriverError, type SqlDriver, type SqlExecutor, type SqlParam } from '../../core/drivers/sql-driver.ts';
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

/** A strategy takes a driver session, or a plain pg client (wrapped, and left open). */
export type InsertStrategy = (session: SqlDriver | pg.Client, job: InsertJob) => Promise<void>;

function strategy(run: (driver: SqlDriver, job: InsertJob) => Promise<void>): InsertStrategy {
  return (session, job) => run(session instanceof pg.Client ? new PgDriver(session) : session, job);
}

const COLUMN_LIST = ORDER_COLUMNS.join(', ');
/** A row's values in ORDER_COLUMNS order (also what the COPY bench writes for psql). */
export const rowValues = (r: OrderRow) => [r.id, r.userId, r.status, r.amount, r.createdAt, r.payload];
/** The row as bind parameters: pg passes the values as they are; the Data API needs the two type hints. */
const rowParams = (r: OrderRow): SqlParam[] => [r.id, r.userId, r.status, typed(r.amount, 'numeric'), typed(r.createdAt, 'timestamptz'), r.payload];
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

/** The pg client under a driver, for what only pg can do. */
function pgClientOf(driver: SqlDriver, what: string): pg.Client {
  const client = driver instanceof PgDriver ? driver.client : undefined;
  if (!client) throw new UnsupportedByDriverError(driver.kind, what);
  return client;
}

/**
 * Rows per statement for batched strategies: the user's batch size, under 65,535 parameters, and (for a
 * driver with a request size limit, the Data API's 4 MiB) under that limit with room for the JSON around
 * each parameter.
 */
function rowsPerCall(driver: SqlDriver, job: InsertJob): number {
  let rows = rowsPerStatement(job.batchSize, ORDER_COLUMNS.length);
  const limit = driver.capabilities.maxRequestBytes;
  const sample = job.rows[0];
  if (limit && sample) {
    // ~100 bytes of JSON per parameter (name, field, type hint) plus the values themselves.
    const perRow = Buffer.byteLength(JSON.stringify(rowValues(sample))) + ORDER_COLUMNS.length * 100;
    rows = Math.max(1, Math.min(rows, Math.floor((limit * 0.8) / perRow)));
  }
  return rows;
}

/** One INSERT and one round trip per row, as a named prepared statement (pg). */
async function insertEachRow(executor: SqlExecutor, job: InsertJob): Promise<void> {
  const text = `INSERT INTO ${job.table} (${COLUMN_LIST}) VALUES ($1, $2, $3, $4, $5, $6)`;
  for (let i = 0; i < job.rows.length; i += 1) {
    const params = rowParams(job.rows[i]!);
    await timed(job.histogram, () => executor.query(text, params, { name: 'bakeoff_insert_one' }));
    if ((i + 1) % PROGRESS_EVERY === 0) {
      job.progress(i + 1);
      throwIfAborted(job.signal);
    }
  }
  job.progress(job.rows.length);
}

/** 1. Single-row INSERT, autocommit: one round trip and one commit (WAL flush) per row. */
export const singleRowAutocommit: InsertStrategy = strategy(insertEachRow);

/** 2. Single-row INSERT inside one transaction: one round trip per row, one commit. */
export const singleRowTransaction: InsertStrategy = strategy((driver, job) => driver.transaction((tx) => insertEachRow(tx, job)));

/**
 * 3. Single-row INSERT pipelined in one transaction: the client (created with `pipeline: true`) writes
 * statements without waiting for each answer, keeping up to `batchSize` in flight; only the round trips
 * differ from variant 2. Latency is send-to-answer, so it includes time queued behind earlier statements.
 */
export const singleRowPipelined: InsertStrategy = strategy(async (driver, job) => {
  const client = pgClientOf(driver, 'pipelining');
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
});

/** 4. Multi-row INSERT ... VALUES (...), (...): one statement per batch, kept under 65,535 parameters. */
export const multiRowValues: InsertStrategy = strategy(async (driver, job) => {
  let done = 0;
  for (const batch of chunk(job.rows, rowsPerCall(driver, job))) {
    const values: SqlParam[] = [];
    const tuples: string[] = [];
    for (const row of batch) {
      const base = values.length;
      tuples.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`);
      values.push(...rowParams(row));
    }
    await timed(job.histogram, () => driver.query(`INSERT INTO ${job.table} (${COLUMN_LIST}) VALUES ${tuples.join(', ')}`, values));
    done += batch.length;
    job.progress(done);
    throwIfAborted(job.signal);
  }
});

/** 5. INSERT ... SELECT * FROM unnest(arrays): six parameters per statement whatever the batch size. */
export const unnestArrays: InsertStrategy = strategy(async (driver, job) => {
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
    await timed(job.histogram, () => driver.query(text, values, { name: 'bakeoff_insert_unnest' }));
    done += batch.length;
    job.progress(done);
    throwIfAborted(job.signal);
  }
});

/** 6. COPY ... FROM STDIN (text format) streamed through pg-copy-streams: one statement for all rows. */
export const copyFromStdin: InsertStrategy = strategy(async (driver, job) => {
  const client = pgClientOf(driver, 'COPY');
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
});

/** 7. Variant 1 with synchronous_commit = off for the session: commits stop waiting for the WAL flush. */
export const singleRowAsyncCommit: InsertStrategy = strategy(async (driver, job) => {
  await driver.query('SET synchronous_commit = off');
  try {
    await insertEachRow(driver, job);
  } finally {
    await driver.query('RESET synchronous_commit').catch(() => undefined);
  }
});

/**
 * 8. (RDS Data API) BatchExecuteStatement: one INSERT with a parameter set per row, one HTTPS call per
 * batch (committed per call), under the Data API's 4 MiB request limit.
 */
export const batchExecute: InsertStrategy = strategy(async (driver, job) => {
  const text = `INSERT INTO ${job.table} (${COLUMN_LIST}) VALUES ($1, $2, $3, $4, $5, $6)`;
  let done = 0;
  for (const batch of chunk(job.rows, rowsPerCall(driver, job))) {
    await timed(job.histogram, () => driver.batch(text, batch.map(rowParams)));
    done += batch.length;
    job.progress(done);
    throwIfAborted(job.signal);
  }
});

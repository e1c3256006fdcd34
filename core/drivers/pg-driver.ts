// The `pg` implementation of SqlDriver: a thin layer over one pg.Client (a session: transactions, SET,
// named prepared statements) or a pg.Pool (transactions check out a client). It adds no round trips:
// a query is exactly one client.query(), so measurements through it equal measurements of pg itself.
import pg from 'pg';
import { DRIVER_CAPABILITIES } from './capabilities.ts';
import { isTypedParam, type DriverCapabilities, type QueryOptions, type SqlDriver, type SqlExecutor, type SqlParam, type SqlResult } from './sql-driver.ts';

function toPgValue(param: SqlParam): unknown {
  const value = isTypedParam(param) ? param.value : param;
  if (value === undefined) return null;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value;
}

async function run<R>(queryable: pg.ClientBase | pg.Pool, text: string, params: readonly SqlParam[] | undefined, options: QueryOptions | undefined): Promise<SqlResult<R>> {
  const values = params?.map(toPgValue);
  const config: pg.QueryConfig = options?.name ? { name: options.name, text, values } : { text, values };
  const result = await queryable.query(config);
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

async function runBatch(queryable: pg.ClientBase | pg.Pool, text: string, parameterSets: readonly (readonly SqlParam[])[]): Promise<{ rowCount: number }> {
  let rowCount = 0;
  for (const params of parameterSets) rowCount += (await run(queryable, text, params, undefined)).rowCount;
  return { rowCount };
}

function executorFor(client: pg.ClientBase): SqlExecutor {
  return {
    query: (text, params, options) => run(client, text, params, options),
    batch: (text, sets) => runBatch(client, text, sets),
  };
}

async function inTransaction<T>(client: pg.ClientBase, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work(executorFor(client));
    // COMMIT of a transaction in which a statement failed (and the error was swallowed) rolls it back
    // without an error: say so, rather than report work that is not there.
    const committed = await client.query('COMMIT');
    if (committed.command !== 'COMMIT') throw new Error(`The transaction was rolled back at COMMIT (${committed.command}): a statement in it had failed`);
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export interface PgDriverOptions {
  /** End the client or pool on close() (true when the driver opened it). */
  owns?: boolean;
}

export class PgDriver implements SqlDriver {
  readonly kind = 'pg' as const;
  readonly capabilities: DriverCapabilities = DRIVER_CAPABILITIES.pg;
  private readonly _target: pg.Client | pg.Pool;
  private readonly _owns: boolean;
  private _closed = false;

  constructor(target: pg.Client | pg.Pool, options: PgDriverOptions = {}) {
    this._target = target;
    this._owns = options.owns ?? false;
  }

  /** The session's client, for what only pg can do (COPY, pipelining); undefined over a pool. */
  get client(): pg.Client | undefined {
    return this._target instanceof pg.Client ? this._target : undefined;
  }

  query<R = Record<string, unknown>>(text: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<SqlResult<R>> {
    this._assertOpen();
    return run<R>(this._target, text, params, options);
  }

  batch(text: string, parameterSets: readonly (readonly SqlParam[])[]): Promise<{ rowCount: number }> {
    this._assertOpen();
    // pg has no batch call: the statements run one by one, atomically, as the Data API's batch does.
    return this.transaction((tx) => tx.batch(text, parameterSets));
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this._assertOpen();
    if (this._target instanceof pg.Pool) {
      const client = await this._target.connect();
      try {
        return await inTransaction(client, work);
      } finally {
        client.release();
      }
    }
    return inTransaction(this._target, work);
  }

  async close(): Promise<void> {
    if (this._closed) return;
    this._closed = true;
    if (this._owns) await this._target.end().catch(() => undefined);
  }

  private _assertOpen(): void {
    if (this._closed) throw new Error('Cannot use a pg driver after calling close on it');
  }
}

// The RDS Data API implementation of SqlDriver (@aws-sdk/client-rds-data). Every query is one HTTPS call
// (ExecuteStatement, formatRecordsAs JSON); a transaction is BeginTransaction ... Commit/Rollback with
// the transaction id on each call in between; batch() is one BatchExecuteStatement.
// What it cannot do, by the Data API's design: COPY, array parameters, pipelining on a session, session
// state between calls (each call may land on another connection), responses over 1 MiB, requests over
// 4 MiB, calls over 45 s. Those are in `capabilities` so scenarios can mark variants unsupported.
import http from 'node:http';
import https from 'node:https';
import {
  BatchExecuteStatementCommand,
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { DATA_API_LIMITS, DRIVER_CAPABILITIES } from '../capabilities.ts';
import { positionalToNamed } from '../sql-placeholders.ts';
import type { DriverCapabilities, QueryOptions, SqlDriver, SqlExecutor, SqlParam, SqlResult } from '../sql-driver.ts';
import { regionOfArn, type DataApiConnection } from './data-api-connection.ts';
import { toDataApiError } from './data-api-error.ts';
import { toSqlParameters } from './to-sql-parameters.ts';


export interface DataApiDriverOptions {
  /**
   * Attempts per call. Default 1: a benchmark counts every failure instead of letting the SDK retry it
   * into a slower success.
   */
  maxAttempts?: number;
  /** Sockets kept open to the endpoint; the closed loop's concurrency should fit. Default 256. */
  maxSockets?: number;
  /** Called once per request sent, e.g. to count a whole run's requests for the cost estimate. */
  onRequest?: (operation: keyof DataApiCallCounts) => void;
}

/** Counts the calls a session made, by operation: the Data API bills per request. */
export type DataApiCallCounts = Record<'ExecuteStatement' | 'BatchExecuteStatement' | 'BeginTransaction' | 'CommitTransaction' | 'RollbackTransaction', number>;

export function createDataApiClient(connection: DataApiConnection, options: DataApiDriverOptions = {}): RDSDataClient {
  const region = connection.region ?? regionOfArn(connection.resourceArn);
  if (!region) throw new Error(`Cannot tell the AWS region from the cluster ARN ${connection.resourceArn}; give the region explicitly`);
  const maxSockets = options.maxSockets ?? 256;
  return new RDSDataClient({
    region,
    maxAttempts: options.maxAttempts ?? 1,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    requestHandler: {
      httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
      // A little over the Data API's own 45 s limit, so the service's timeout error arrives first.
      requestTimeout: DATA_API_LIMITS.maxCallMs + 15_000,
    },
  });
}

export class DataApiDriver implements SqlDriver {
  readonly kind = 'data-api' as const;
  readonly capabilities: DriverCapabilities = DRIVER_CAPABILITIES['data-api'];
  readonly calls: DataApiCallCounts = { ExecuteStatement: 0, BatchExecuteStatement: 0, BeginTransaction: 0, CommitTransaction: 0, RollbackTransaction: 0 };
  private readonly _client: RDSDataClient;
  private readonly _connection: DataApiConnection;
  private readonly _ownsClient: boolean;
  private readonly _onRequest: DataApiDriverOptions['onRequest'];
  private _closed = false;

  constructor(connection: DataApiConnection, options: DataApiDriverOptions & { client?: RDSDataClient } = {}) {
    this._connection = connection;
    this._ownsClient = !options.client;
    this._onRequest = options.onRequest;
    this._client = options.client ?? createDataApiClient(connection, options);
  }

  query<R = Record<string, unknown>>(text: string, params?: readonly SqlParam[], _options?: QueryOptions): Promise<SqlResult<R>> {
    return this._execute<R>(text, params, undefined);
  }

  batch(text: string, parameterSets: readonly (readonly SqlParam[])[]): Promise<{ rowCount: number }> {
    return this._batch(text, parameterSets, undefined);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this._assertOpen();
    const { resourceArn, secretArn, database } = this._connection;
    const begun = await this._send('BeginTransaction', (c) => c.send(new BeginTransactionCommand({ resourceArn, secretArn, database })));
    const transactionId = begun.transactionId;
    if (!transactionId) throw new Error('The Data API began a transaction without returning its id');
    const tx: SqlExecutor = {
      query: <R>(text: string, params?: readonly SqlParam[]) => this._execute<R>(text, params, transactionId),
      batch: (text, sets) => this._batch(text, sets, transactionId),
    };
    let result: T;
    try {
      result = await work(tx);
    } catch (err) {
      await this._send('RollbackTransaction', (c) => c.send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }))).catch(() => undefined);
      throw err;
    }
    const committed = await this._send('CommitTransaction', (c) => c.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId })));
    if (committed.transactionStatus && !/commit/i.test(committed.transactionStatus)) {
      throw new Error(`The Data API did not commit the transaction: ${committed.transactionStatus}`);
    }
    return result;
  }

  async close(): Promise<void> {
    if (this._closed) return;
    this._closed = true;
    if (this._ownsClient) this._client.destroy();
  }

  private async _execute<R>(text: string, params: readonly SqlParam[] | undefined, transactionId: string | undefined): Promise<SqlResult<R>> {
    this._assertOpen();
    const { resourceArn, secretArn, database } = this._connection;
    const sql = positionalToNamed(text).text;
    const command = new ExecuteStatementCommand({
      resourceArn,
      secretArn,
      database,
      sql,
      parameters: toSqlParameters(params),
      formatRecordsAs: 'JSON',
      ...(transactionId ? { transactionId } : {}),
    });
    const output = await this._send('ExecuteStatement', (c) => c.send(command));
    const rows = output.formattedRecords ? (JSON.parse(output.formattedRecords) as R[]) : [];
    // A SELECT reports 0 records updated; a DML statement without RETURNING reports no records.
    const rowCount = output.formattedRecords !== undefined && rows.length > 0 ? rows.length : (output.numberOfRecordsUpdated ?? rows.length);
    return { rows, rowCount };
  }

  private async _batch(text: string, parameterSets: readonly (readonly SqlParam[])[], transactionId: string | undefined): Promise<{ rowCount: number }> {
    this._assertOpen();
    if (parameterSets.length === 0) return { rowCount: 0 };
    const { resourceArn, secretArn, database } = this._connection;
    const command = new BatchExecuteStatementCommand({
      resourceArn,
      secretArn,
      database,
      sql: positionalToNamed(text).text,
      parameterSets: parameterSets.map((set) => toSqlParameters(set)),
      ...(transactionId ? { transactionId } : {}),
    });
    const output = await this._send('BatchExecuteStatement', (c) => c.send(command));
    // The Data API returns one update result per parameter set and no row counts: each set ran once.
    return { rowCount: output.updateResults?.length ?? parameterSets.length };
  }

  private async _send<Out>(operation: keyof DataApiCallCounts, send: (client: RDSDataClient) => Promise<Out>): Promise<Out> {
    this.calls[operation] += 1;
    this._onRequest?.(operation);
    try {
      return await send(this._client);
    } catch (err) {
      throw toDataApiError(err);
    }
  }

  private _assertOpen(): void {
    if (this._closed) throw new Error('Cannot use a Data API driver after calling close on it');
  }
}

// A PROTOCOL-LEVEL STAND-IN for the AWS RDS Data API, for tests: an HTTP server on loopback that speaks
// the Data API's REST-JSON protocol (POST /Execute, /BatchExecute, /BeginTransaction, /CommitTransaction,
// /RollbackTransaction) and runs the SQL on a real Postgres (the suite's embedded server). Tests point the
// real RDSDataClient at it, so our driver, the SDK's serialization and the error parsing are all real;
// only AWS is not.
//
// Matches the Data API (its service model and documented limits): named `:param` parameters typed by
// their field and type hint, formatRecordsAs JSON / typed records, no array parameters, 1 MiB responses,
// 4 MiB requests, a 45 s call limit (StatementTimeoutException), transactions that expire after 3 idle
// minutes, database errors as DatabaseErrorException with `; SQLState: XXXXX`, no session state between
// calls outside a transaction (RESET ALL after each call).
// Does NOT do: SigV4 signature checks (only that a signed Authorization header is present), Secrets
// Manager (the secret ARN maps to the configured credentials), IAM, continueAfterTimeout, ExecuteSql
// (the deprecated v1 call), and message texts of non-database errors are approximations.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { DataApiConnection } from '../../../core/drivers/data-api/data-api-connection.ts';
import { bindStatement, renderResult, type ResultOptions, type WireParameter } from './statement.ts';
import { databaseError, ServiceError } from './service-error.ts';

export interface DataApiStandInOptions {
  /** The Postgres behind the "cluster" (host, port, user, password); the request's `database` is used. */
  postgres: pg.ClientConfig;
  resourceArn?: string;
  secretArn?: string;
  /** The Data API's per-call limit; lower it in tests of the timeout. */
  callTimeoutMs?: number;
  /** A transaction is rolled back after this long without a call (AWS: 3 minutes). */
  transactionIdleMs?: number;
  maxResponseBytes?: number;
  maxRequestBytes?: number;
}

export type DataApiOperation = 'ExecuteStatement' | 'BatchExecuteStatement' | 'BeginTransaction' | 'CommitTransaction' | 'RollbackTransaction';

export interface DataApiStandIn {
  readonly endpoint: string;
  /** Ready for DataApiDriver / a Target's `dataApi` (static dummy credentials; the stand-in checks no signature). */
  readonly connection: DataApiConnection;
  /** Calls answered, by operation (including those that returned an error). */
  readonly calls: Record<DataApiOperation, number>;
  /** Transactions begun and not yet committed, rolled back or expired. */
  openTransactions(): number;
  close(): Promise<void>;
}

const ROUTES: Record<string, DataApiOperation> = {
  '/Execute': 'ExecuteStatement',
  '/BatchExecute': 'BatchExecuteStatement',
  '/BeginTransaction': 'BeginTransaction',
  '/CommitTransaction': 'CommitTransaction',
  '/RollbackTransaction': 'RollbackTransaction',
};

interface OpenTransaction {
  client: pg.PoolClient;
  timer: NodeJS.Timeout;
  /** Calls on one transaction run one at a time, as on one connection. */
  queue: Promise<unknown>;
}

const RAW_TEXT_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

export async function startDataApiStandIn(options: DataApiStandInOptions): Promise<DataApiStandIn> {
  const resourceArn = options.resourceArn ?? 'arn:aws:rds:us-east-1:123456789012:cluster:bakeoff-stand-in';
  const secretArn = options.secretArn ?? 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bakeoff-stand-in-AbCdEf';
  const callTimeoutMs = options.callTimeoutMs ?? 45_000;
  const transactionIdleMs = options.transactionIdleMs ?? 180_000;
  const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
  const maxRequestBytes = options.maxRequestBytes ?? 4 * 1024 * 1024;
  const calls: Record<DataApiOperation, number> = { ExecuteStatement: 0, BatchExecuteStatement: 0, BeginTransaction: 0, CommitTransaction: 0, RollbackTransaction: 0 };
  const pools = new Map<string, pg.Pool>();
  const transactions = new Map<string, OpenTransaction>();

  const poolFor = (database: unknown): pg.Pool => {
    if (typeof database !== 'string' || database === '') throw ServiceError.badRequest('database is required');
    let pool = pools.get(database);
    if (!pool) {
      pool = new pg.Pool({
        ...options.postgres,
        // Targets keep the password non-enumerable (it never prints), so a spread drops it.
        password: options.postgres.password,
        database,
        max: 20,
        types: RAW_TEXT_TYPES,
        // The Data API's sessions run in UTC; its 45 s limit is a statement timeout here.
        options: `-c TimeZone=UTC -c statement_timeout=${callTimeoutMs}`,
        application_name: 'data-api-stand-in',
      });
      pool.on('error', () => undefined);
      pools.set(database, pool);
    }
    return pool;
  };

  const checkResource = (body: Record<string, unknown>) => {
    if (body.resourceArn !== resourceArn) throw ServiceError.badRequest(`Invalid cluster arn: ${String(body.resourceArn)}`);
    if (body.secretArn !== secretArn) throw ServiceError.badRequest(`Invalid secret arn: ${String(body.secretArn)}`);
  };

  const touch = (id: string, tx: OpenTransaction) => {
    clearTimeout(tx.timer);
    tx.timer = setTimeout(() => void endTransaction(id, 'ROLLBACK'), transactionIdleMs);
    tx.timer.unref();
  };

  const transactionFor = (id: unknown): [string, OpenTransaction] => {
    const tx = typeof id === 'string' ? transactions.get(id) : undefined;
    if (!tx) throw new ServiceError('TransactionNotFoundException', 404, `Transaction ${String(id)} is not found`);
    // Idle means no call: the clock stops while a call runs and restarts when it ends.
    clearTimeout(tx.timer);
    return [id as string, tx];
  };

  const endTransaction = async (id: string, command: 'COMMIT' | 'ROLLBACK'): Promise<string> => {
    const tx = transactions.get(id);
    if (!tx) throw new ServiceError('TransactionNotFoundException', 404, `Transaction ${id} is not found`);
    transactions.delete(id);
    clearTimeout(tx.timer);
    try {
      await tx.queue.catch(() => undefined);
      const result = await tx.client.query(command);
      // COMMIT of a transaction that hit an error rolls it back; say so rather than claim a commit.
      return command === 'COMMIT' && result.command === 'COMMIT' ? 'Transaction Committed' : 'Rollback Complete';
    } finally {
      tx.client.release();
    }
  };

  /** Runs work on the transaction's connection (in order) or on a pooled one reset afterwards. */
  const withConnection = async <T>(body: Record<string, unknown>, work: (client: pg.ClientBase) => Promise<T>): Promise<T> => {
    if (body.transactionId !== undefined) {
      const [id, tx] = transactionFor(body.transactionId);
      const run = tx.queue.catch(() => undefined).then(() => work(tx.client));
      tx.queue = run;
      return run.finally(() => {
        if (transactions.get(id) === tx) touch(id, tx);
      });
    }
    const client = await poolFor(body.database).connect().catch((err: Error) => {
      throw new ServiceError('DatabaseUnavailableException', 504, err.message);
    });
    try {
      return await work(client);
    } finally {
      // No session state survives a call outside a transaction (as with the Data API's own pooling).
      await client.query('RESET ALL').then(() => client.release(), (err: Error) => client.release(err));
    }
  };

  const runSql = async (client: pg.ClientBase, sql: string, parameters: WireParameter[] | undefined): Promise<pg.QueryResult> => {
    const bound = bindStatement(sql, parameters);
    try {
      // Rows as arrays, so duplicate column names survive as they do in the Data API's records.
      return await client.query({ text: bound.text, values: bound.values, rowMode: 'array' } as pg.QueryArrayConfig);
    } catch (err) {
      const e = err as { message: string; code?: string; detail?: string; position?: string };
      if (e.code === '57014' && /statement timeout/.test(e.message)) {
        throw new ServiceError('StatementTimeoutException', 400, 'The statement timed out: it ran longer than the Data API allows for one call', {
          dbConnectionId: (client as unknown as { processID?: number }).processID ?? 0,
        });
      }
      if (e.code) throw databaseError(e);
      throw new ServiceError('DatabaseUnavailableException', 504, e.message);
    }
  };

  const handlers: Record<DataApiOperation, (body: Record<string, unknown>) => Promise<unknown>> = {
    async ExecuteStatement(body) {
      checkResource(body);
      if (typeof body.sql !== 'string' || body.sql.trim() === '') throw ServiceError.badRequest('sql is required');
      if (body.continueAfterTimeout === true) throw ServiceError.badRequest('continueAfterTimeout is not implemented by this stand-in');
      const resultOptions: ResultOptions = {
        formatRecordsAs: body.formatRecordsAs as string | undefined,
        includeResultMetadata: body.includeResultMetadata === true,
        ...((body.resultSetOptions as ResultOptions | undefined) ?? {}),
      };
      return withConnection(body, async (client) => {
        const result = await runSql(client, body.sql as string, body.parameters as WireParameter[] | undefined);
        return renderResult(result, resultOptions);
      });
    },

    async BatchExecuteStatement(body) {
      checkResource(body);
      if (typeof body.sql !== 'string' || body.sql.trim() === '') throw ServiceError.badRequest('sql is required');
      const sets = (body.parameterSets as WireParameter[][] | undefined) ?? [[]];
      return withConnection(body, async (client) => {
        // Outside a transaction the whole batch commits (or fails) as one.
        const own = body.transactionId === undefined;
        if (own) await client.query('BEGIN');
        try {
          for (const set of sets) await runSql(client, body.sql as string, set);
          if (own) await client.query('COMMIT');
        } catch (err) {
          if (own) await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        return { updateResults: sets.map(() => ({ generatedFields: [] })) };
      });
    },

    async BeginTransaction(body) {
      checkResource(body);
      const client = await poolFor(body.database).connect();
      try {
        await client.query('BEGIN');
      } catch (err) {
        client.release();
        throw new ServiceError('DatabaseUnavailableException', 504, (err as Error).message);
      }
      const id = randomBytes(48).toString('base64');
      const tx: OpenTransaction = { client, timer: setTimeout(() => undefined, 0), queue: Promise.resolve() };
      transactions.set(id, tx);
      touch(id, tx);
      return { transactionId: id };
    },

    async CommitTransaction(body) {
      checkResource(body);
      return { transactionStatus: await endTransaction(String(body.transactionId), 'COMMIT') };
    },

    async RollbackTransaction(body) {
      checkResource(body);
      return { transactionStatus: await endTransaction(String(body.transactionId), 'ROLLBACK') };
    },
  };

  const send = (res: http.ServerResponse, status: number, payload: unknown, errorType?: string) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const operation = req.method === 'POST' ? ROUTES[new URL(req.url ?? '/', 'http://x').pathname] : undefined;
        if (!operation) throw new ServiceError('UnknownOperationException', 404, `Unknown operation ${req.method} ${req.url}`);
        calls[operation] += 1;
        if (!/^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? '')) {
          throw new ServiceError('AccessDeniedException', 403, 'Missing or unsigned Authorization header');
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of req) {
          size += (chunk as Buffer).length;
          if (size > maxRequestBytes) throw ServiceError.badRequest(`Request size exceeds the Data API limit of ${maxRequestBytes} bytes`);
          chunks.push(chunk as Buffer);
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const output = await handlers[operation](body);
        if (Buffer.byteLength(JSON.stringify(output)) > maxResponseBytes) {
          throw ServiceError.badRequest('Database returned more than the allowed response size limit');
        }
        send(res, 200, output);
      } catch (err) {
        const error = err instanceof ServiceError ? err : new ServiceError('InternalServerErrorException', 500, String((err as Error)?.message ?? err));
        send(res, error.status, error.body(), error.errorType);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    connection: {
      resourceArn,
      secretArn,
      database: String(options.postgres.database ?? 'postgres'),
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret' },
    },
    calls,
    openTransactions: () => transactions.size,
    async close() {
      for (const id of [...transactions.keys()]) await endTransaction(id, 'ROLLBACK').catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((p) => p.end().catch(() => undefined)));
    },
  };
}

// The driver interface scenarios use when they can run on more than one way of reaching Postgres:
// `pg` over TCP, or the RDS Data API over HTTPS. A scenario writes SQL with pg's `$1` placeholders and
// plain values; a driver that needs more (the Data API's type hints) reads them from `typed()` params.
// What a driver cannot do is in `capabilities`, so a variant can say "unsupported" instead of failing.

export type DriverKind = 'pg' | 'data-api';
export const DRIVER_KINDS: readonly DriverKind[] = ['pg', 'data-api'];

export type SqlScalar = string | number | bigint | boolean | null | undefined | Date | Uint8Array;

/** Types a string needs to be sent as, where Postgres cannot infer it (the Data API sends strings as varchar). */
export type ParamType = 'numeric' | 'timestamp' | 'timestamptz' | 'date' | 'time' | 'uuid' | 'json';

export interface TypedParam {
  readonly value: SqlScalar;
  readonly type: ParamType;
}

export type SqlParam = SqlScalar | TypedParam | readonly SqlScalar[];

/** Marks a parameter's SQL type; pg ignores it (Postgres infers), the Data API turns it into a type hint. */
export function typed(value: SqlScalar, type: ParamType): TypedParam {
  return { value, type };
}

export function isTypedParam(value: unknown): value is TypedParam {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array) && 'type' in value && 'value' in value;
}

export interface SqlResult<R> {
  rows: R[];
  /** Rows returned (SELECT) or affected (INSERT/UPDATE/DELETE). */
  rowCount: number;
}

export interface QueryOptions {
  /** A statement name: pg prepares it once per connection and reuses it; the Data API ignores it. */
  name?: string;
}

export interface DriverCapabilities {
  /** COPY FROM STDIN. */
  copy: boolean;
  /** Several statements in flight on one session without waiting for each answer. */
  pipeline: boolean;
  /** Array values as bind parameters. */
  arrays: boolean;
  /** SET and other session state survive from one call to the next outside a transaction. */
  sessionState: boolean;
  /** Largest request the driver may send, in bytes, where there is a limit. */
  maxRequestBytes?: number;
  /** Largest response a call may return, in bytes, where there is a limit. */
  maxResponseBytes?: number;
  /** Longest a single call may run, in milliseconds, where there is a limit. */
  maxCallMs?: number;
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly SqlParam[], options?: QueryOptions): Promise<SqlResult<R>>;
  /** One statement run once per parameter set (the Data API's BatchExecuteStatement); rows affected in total. */
  batch(text: string, parameterSets: readonly (readonly SqlParam[])[]): Promise<{ rowCount: number }>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: DriverKind;
  readonly capabilities: DriverCapabilities;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases the session (pg connection, HTTP sockets). Idempotent. */
  close(): Promise<void>;
}

/** Thrown when a caller asks a driver for something it cannot do; variants check capabilities first. */
export class UnsupportedByDriverError extends Error {
  constructor(driver: DriverKind, what: string) {
    super(`${what} is not supported by the ${driver} driver`);
    this.name = 'UnsupportedByDriverError';
  }
}

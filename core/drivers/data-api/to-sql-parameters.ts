// Converts SqlDriver parameters into RDS Data API `SqlParameter`s. The Data API has no untyped
// parameters: a string travels as varchar, so numeric and timestamp strings need a type hint, and
// timestamps must be written `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC, the Data API's session time zone).
// It takes no array parameters: those are refused here with a clear error, never sent.
import type { SqlParameter, TypeHint } from '@aws-sdk/client-rds-data';
import { isTypedParam, UnsupportedByDriverError, type ParamType, type SqlParam, type SqlScalar } from '../sql-driver.ts';
import { namedParameter } from '../sql-placeholders.ts';

const HINTS: Record<ParamType, TypeHint> = {
  numeric: 'DECIMAL',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMP',
  date: 'DATE',
  time: 'TIME',
  uuid: 'UUID',
  json: 'JSON',
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A Date as the Data API's TIMESTAMP text, in UTC with milliseconds. */
export function dataApiTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('Invalid Date cannot be sent as a timestamp');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  );
}

const ISO_UTC = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)(Z|[+-]00(?::?00)?)?$/;

/** Timestamp text (ISO-8601 or the Data API form) or a Date -> the Data API form, keeping microseconds. */
function timestampText(value: SqlScalar): string {
  if (value instanceof Date) return dataApiTimestamp(value);
  const text = String(value);
  const utc = ISO_UTC.exec(text);
  if (utc) return `${utc[1]} ${utc[2]}`;
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) throw new TypeError(`${JSON.stringify(text)} is not a timestamp the Data API can take`);
  return dataApiTimestamp(parsed);
}

function scalarField(value: SqlScalar): SqlParameter['value'] {
  if (value === null || value === undefined) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be sent through the Data API`);
    return Number.isSafeInteger(value) ? { longValue: value } : { doubleValue: value };
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new TypeError(`${value} does not fit the Data API's long parameter exactly; pass it as typed(String(value), 'numeric')`);
    }
    return { longValue: Number(value) };
  }
  if (value instanceof Uint8Array) return { blobValue: value };
  // Dates without a typed() wrapper are timestamps.
  return { stringValue: dataApiTimestamp(value) };
}

export function toSqlParameter(index: number, param: SqlParam): SqlParameter {
  const name = namedParameter(index);
  if (Array.isArray(param)) throw new UnsupportedByDriverError('data-api', `an array parameter ($${index})`);
  if (isTypedParam(param)) {
    const { value, type } = param;
    if (value === null || value === undefined) return { name, value: { isNull: true } };
    let text: string;
    if (type === 'timestamp' || type === 'timestamptz') text = timestampText(value);
    else if (type === 'json') text = typeof value === 'string' ? value : JSON.stringify(value);
    else text = String(value);
    return { name, value: { stringValue: text }, typeHint: HINTS[type] };
  }
  const scalar = param as SqlScalar;
  return scalar instanceof Date ? { name, value: scalarField(scalar), typeHint: 'TIMESTAMP' } : { name, value: scalarField(scalar) };
}

export function toSqlParameters(params: readonly SqlParam[] | undefined): SqlParameter[] {
  return (params ?? []).map((param, i) => toSqlParameter(i + 1, param));
}

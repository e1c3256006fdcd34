// The SQL half of the Data API stand-in: turns a request's named, typed parameters into a Postgres
// statement, runs it on a real Postgres connection, and renders the result as the Data API does
// (formatRecordsAs JSON: a JSON string of row objects; otherwise typed Field records).
// Typing follows the Data API: each parameter is sent with the SQL type of its field (a stringValue is
// varchar unless a type hint says DECIMAL/TIMESTAMP/...), so a statement that needs a hint fails here as
// it fails on AWS, instead of being rescued by pg's untyped parameters.
import type pg from 'pg';
import { namedToPositional } from '../../../core/drivers/sql-placeholders.ts';
import { ServiceError } from './service-error.ts';

/** A Field as it arrives in a request body (blobValue is base64 text on the wire). */
export interface WireField {
  isNull?: boolean;
  booleanValue?: boolean;
  longValue?: number;
  doubleValue?: number;
  stringValue?: string;
  blobValue?: string;
  arrayValue?: unknown;
}

export interface WireParameter {
  name?: string;
  value?: WireField;
  typeHint?: string;
}

export interface ResultOptions {
  formatRecordsAs?: string;
  includeResultMetadata?: boolean;
  decimalReturnType?: string;
  longReturnType?: string;
}

// Java's Timestamp.valueOf format, which the Data API applies to TIMESTAMP-hinted strings.
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;
const HINT_CASTS: Record<string, string> = { DECIMAL: 'numeric', TIMESTAMP: 'timestamp', DATE: 'date', TIME: 'time', UUID: 'uuid', JSON: 'json' };

function bindParameter(parameter: WireParameter): { cast: string | undefined; value: unknown } {
  const field = parameter.value ?? { isNull: true };
  const label = `parameter ${parameter.name ?? '(unnamed)'}`;
  if (field.arrayValue !== undefined) throw ServiceError.badRequest(`Array parameters are not supported (${label})`);
  if (field.isNull) return { cast: undefined, value: null };
  if (field.booleanValue !== undefined) return { cast: 'boolean', value: field.booleanValue };
  if (field.longValue !== undefined) return { cast: 'bigint', value: String(field.longValue) };
  if (field.doubleValue !== undefined) return { cast: 'double precision', value: field.doubleValue };
  if (field.blobValue !== undefined) return { cast: 'bytea', value: Buffer.from(field.blobValue, 'base64') };
  if (field.stringValue !== undefined) {
    const hint = parameter.typeHint;
    if (hint === undefined) return { cast: 'varchar', value: field.stringValue };
    const cast = HINT_CASTS[hint];
    if (!cast) throw ServiceError.badRequest(`Invalid type hint ${hint} for ${label}`);
    if (hint === 'TIMESTAMP' && !TIMESTAMP_TEXT.test(field.stringValue)) {
      throw ServiceError.badRequest(`Timestamp format must be yyyy-mm-dd hh:mm:ss[.fffffffff] (${label})`);
    }
    return { cast, value: field.stringValue };
  }
  throw ServiceError.badRequest(`${label} has no value`);
}

/** Named `:name` parameters -> pg's positional ones, each cast to the type its field carries. */
export function bindStatement(sql: string, parameters: readonly WireParameter[] = []): { text: string; values: unknown[] } {
  const byName = new Map(parameters.map((p) => [p.name ?? '', p]));
  const values: unknown[] = [];
  const { text } = namedToPositional(sql, (name, position) => {
    const parameter = byName.get(name);
    if (!parameter) throw ServiceError.badRequest(`No value specified for parameter :${name}`);
    const bound = bindParameter(parameter);
    values[position - 1] = bound.value;
    return bound.cast ? `($${position}::${bound.cast})` : `$${position}`;
  });
  return { text, values };
}

// Postgres type OIDs the rendering distinguishes.
const OID = { bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, oid: 26, float4: 700, float8: 701, timestamp: 1114, timestamptz: 1184, numeric: 1700 };
const INTEGER_OIDS = new Set([OID.int8, OID.int2, OID.int4, OID.oid]);
const FLOAT_OIDS = new Set([OID.float4, OID.float8]);
// JDBC type codes, as the Data API's columnMetadata.type reports them.
const JDBC_TYPES: Record<number, number> = { 16: -7, 17: -2, 20: -5, 21: 5, 23: 4, 700: 7, 701: 8, 1700: 2, 1114: 93, 1184: 93, 1082: 91, 1083: 92, 25: 12, 1043: 12 };
const TYPE_NAMES: Record<number, string> = {
  16: 'bool', 17: 'bytea', 20: 'int8', 21: 'int2', 23: 'int4', 25: 'text', 114: 'json', 700: 'float4', 701: 'float8', 1043: 'varchar',
  1082: 'date', 1083: 'time', 1114: 'timestamp', 1184: 'timestamptz', 1700: 'numeric', 2950: 'uuid', 3802: 'jsonb',
};
const DML_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Rows arrive as text (the stand-in's pg clients parse nothing); this turns one value into the Data API's. */
function renderValue(text: string | null, oid: number, options: ResultOptions): { json: unknown; field: WireField } {
  if (text === null) return { json: null, field: { isNull: true } };
  if (oid === OID.bool) return { json: text === 't', field: { booleanValue: text === 't' } };
  if (INTEGER_OIDS.has(oid)) {
    const n = Number(text);
    return options.longReturnType === 'STRING' ? { json: text, field: { stringValue: text } } : { json: n, field: { longValue: n } };
  }
  if (FLOAT_OIDS.has(oid)) return { json: Number(text), field: { doubleValue: Number(text) } };
  if (oid === OID.numeric && options.decimalReturnType === 'DOUBLE_OR_LONG') {
    const n = Number(text);
    return { json: n, field: Number.isInteger(n) && !text.includes('.') ? { longValue: n } : { doubleValue: n } };
  }
  if (oid === OID.bytea) {
    const base64 = Buffer.from(text.replace(/^\\x/, ''), 'hex').toString('base64');
    return { json: base64, field: { blobValue: base64 } };
  }
  if (oid === OID.timestamptz || oid === OID.timestamp) {
    // The session runs in UTC; the Data API shows timestamps without an offset.
    const plain = text.replace(/([+-]\d{2}(:\d{2})?)$/, '');
    return { json: plain, field: { stringValue: plain } };
  }
  return { json: text, field: { stringValue: text } };
}

export interface ExecuteOutput {
  numberOfRecordsUpdated: number;
  formattedRecords?: string;
  records?: WireField[][];
  columnMetadata?: Array<Record<string, unknown>>;
  generatedFields: WireField[];
}

export function renderResult(result: pg.QueryResult, options: ResultOptions): ExecuteOutput {
  const fields = result.fields ?? [];
  const isQuery = fields.length > 0;
  const out: ExecuteOutput = {
    // Only DML counts records updated; a SELECT reports 0.
    numberOfRecordsUpdated: DML_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0,
    generatedFields: [],
  };
  if (!isQuery) return out;
  // The stand-in reads rows as arrays of text (rowMode 'array', no type parsing).
  const rows = result.rows as unknown as Array<Array<string | null>>;
  if (options.formatRecordsAs === 'JSON') {
    const objects = rows.map((row) => Object.fromEntries(fields.map((f, i) => [f.name, renderValue(row[i] ?? null, f.dataTypeID, options).json])));
    out.formattedRecords = JSON.stringify(objects);
    return out;
  }
  out.records = rows.map((row) => fields.map((f, i) => renderValue(row[i] ?? null, f.dataTypeID, options).field));
  if (options.includeResultMetadata) {
    out.columnMetadata = fields.map((f) => ({ name: f.name, label: f.name, type: JDBC_TYPES[f.dataTypeID] ?? 1111, typeName: TYPE_NAMES[f.dataTypeID] ?? 'unknown', nullable: 2 }));
  }
  return out;
}

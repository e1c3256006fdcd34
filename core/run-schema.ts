// Each run owns exactly one schema, `bakeoff_<run id>`, in the target database. Everything the run
// creates lives there and is dropped at the end; nothing else in the database is touched.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { quoteIdent, quoteLiteral } from './quote.ts';

export const RUN_SCHEMA_PREFIX = 'bakeoff_';
/** The comment every run schema carries, so cleanup can tell ours from a schema that only looks alike. */
export const RUN_SCHEMA_MARK = 'pg-bakeoff run schema; safe to drop';
const RUN_SCHEMA_PATTERN = /^bakeoff_[a-z0-9_]{4,40}$/;

/** A run id: sortable by time, unique across concurrent runs on one database. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${randomBytes(3).toString('hex')}`;
}

export function runSchemaName(runId: string): string {
  const name = `${RUN_SCHEMA_PREFIX}${runId}`.toLowerCase();
  if (!RUN_SCHEMA_PATTERN.test(name)) throw new Error(`Invalid run id for a schema name: ${runId}`);
  return name;
}

export async function createRunSchema(client: pg.ClientBase, schema: string): Promise<void> {
  assertOwnSchema(schema);
  await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  // Marks the schema as ours, so cleanup of an interrupted run can tell it from anything else.
  await client.query(`COMMENT ON SCHEMA ${quoteIdent(schema)} IS ${quoteLiteral(RUN_SCHEMA_MARK)}`);
}

export async function dropRunSchema(client: pg.ClientBase, schema: string): Promise<void> {
  assertOwnSchema(schema);
  await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

/** True for a name a run schema can have (`bakeoff_<run id>`). */
export function isRunSchema(schema: string): boolean {
  return RUN_SCHEMA_PATTERN.test(schema);
}

function assertOwnSchema(schema: string): void {
  // A guard against ever dropping anything but a run schema, whatever a caller passes.
  if (!RUN_SCHEMA_PATTERN.test(schema)) throw new Error(`Refusing to touch schema ${JSON.stringify(schema)}: not a pg-bakeoff run schema`);
}

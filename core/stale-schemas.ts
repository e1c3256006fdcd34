// Finds run schemas (`bakeoff_<run id>`) that runs left behind in a shared database: a run killed with
// SIGKILL, or one that lost its database before it could drop its schema. Nothing is dropped
// automatically, since two runs may share a database: `bakeoff cleanup` lists them, and drops those
// older than a threshold only on request, and only schemas pg-bakeoff marked as its own and that no
// other session holds a lock in.
import type pg from 'pg';
import { RUN_SCHEMA_MARK, RUN_SCHEMA_PREFIX, dropRunSchema } from './run-schema.ts';

export interface RunSchemaInfo {
  schema: string;
  /** When the run started, from the run id in the name (UTC); undefined if the name has no stamp. */
  startedAt?: Date;
  ageHours?: number;
  /** Carries pg-bakeoff's comment (every run sets it right after creating the schema). */
  marked: boolean;
  relations: number;
  /** Another session holds a lock on something in it: a run may still be using it. */
  inUse: boolean;
}

export type CleanupAction = 'dropped' | 'kept: younger than the threshold' | 'kept: in use' | 'kept: not marked as a pg-bakeoff run schema' | 'kept: age unknown' | 'listed';

/** The run start encoded in a run id: `bakeoff_YYYYMMDDHHMMSS_xxxxxx` (see core/run-schema.ts). */
export function runStartOf(schema: string): Date | undefined {
  const m = /^bakeoff_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(schema);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export async function listRunSchemas(client: pg.ClientBase, now = new Date()): Promise<RunSchemaInfo[]> {
  const result = await client.query<{ schema: string; comment: string | null; relations: string; in_use: boolean }>(
    `SELECT n.nspname AS schema,
            obj_description(n.oid, 'pg_namespace') AS comment,
            (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid) AS relations,
            EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    WHERE c.relnamespace = n.oid AND l.pid <> pg_backend_pid()) AS in_use
       FROM pg_namespace n
      WHERE starts_with(n.nspname, $1)
      ORDER BY n.nspname`,
    [RUN_SCHEMA_PREFIX],
  );
  return result.rows.map((row) => {
    const startedAt = runStartOf(row.schema);
    return {
      schema: row.schema,
      ...(startedAt ? { startedAt, ageHours: (now.getTime() - startedAt.getTime()) / 3_600_000 } : {}),
      marked: row.comment === RUN_SCHEMA_MARK,
      relations: Number(row.relations),
      inUse: row.in_use,
    };
  });
}

/** What cleanup would do (or did, with `drop`) to each run schema. */
export async function cleanupRunSchemas(
  client: pg.ClientBase,
  options: { olderThanHours: number; drop: boolean; now?: Date },
): Promise<Array<RunSchemaInfo & { action: CleanupAction }>> {
  const schemas = await listRunSchemas(client, options.now);
  const out: Array<RunSchemaInfo & { action: CleanupAction }> = [];
  for (const info of schemas) {
    let action: CleanupAction;
    if (!info.marked) action = 'kept: not marked as a pg-bakeoff run schema';
    else if (info.ageHours === undefined) action = 'kept: age unknown';
    else if (info.ageHours < options.olderThanHours) action = 'kept: younger than the threshold';
    else if (info.inUse) action = 'kept: in use';
    else if (!options.drop) action = 'listed';
    else {
      await dropRunSchema(client, info.schema);
      action = 'dropped';
    }
    out.push({ ...info, action });
  }
  return out;
}

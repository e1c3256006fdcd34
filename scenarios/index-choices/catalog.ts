// What Postgres says about the run's tables and indexes: which indexes exist (to prove a trial started
// with none of another variant's and left none behind), their sizes, how often each was scanned, and
// how many updates were HOT. Statistics are read after flushing (core/stats-flush.ts).
import type pg from 'pg';

export interface IndexInfo {
  table: string;
  name: string;
  primary: boolean;
  definition: string;
}

/** Every index in the schema, by table and name. */
export async function listSchemaIndexes(client: pg.ClientBase, schema: string): Promise<IndexInfo[]> {
  const result = await client.query<{ table: string; name: string; primary: boolean; definition: string }>(
    `SELECT t.relname AS table, c.relname AS name, i.indisprimary AS primary, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1
      ORDER BY t.relname, c.relname`,
    [schema],
  );
  return result.rows;
}

/** Size in bytes of each index of a table (`pg_relation_size` of the index's main fork). */
export async function indexSizes(client: pg.ClientBase, schema: string, table: string): Promise<Map<string, number>> {
  const result = await client.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_relation_size(c.oid)::bigint AS bytes
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = $2`,
    [schema, table],
  );
  return new Map(result.rows.map((r) => [r.name, Number(r.bytes)]));
}

export interface IndexUsage {
  idxScan: number;
  idxTupRead: number;
  idxTupFetch: number;
}

/** pg_stat_user_indexes for a table's indexes. Flush the working sessions' statistics first. */
export async function indexUsage(client: pg.ClientBase, schema: string, table: string): Promise<Map<string, IndexUsage>> {
  const result = await client.query<{ name: string; idx_scan: string; idx_tup_read: string; idx_tup_fetch: string }>(
    `SELECT indexrelname AS name, idx_scan, idx_tup_read, idx_tup_fetch
       FROM pg_stat_user_indexes WHERE schemaname = $1 AND relname = $2`,
    [schema, table],
  );
  return new Map(
    result.rows.map((r) => [r.name, { idxScan: Number(r.idx_scan), idxTupRead: Number(r.idx_tup_read), idxTupFetch: Number(r.idx_tup_fetch) }]),
  );
}

export interface UpdateCounts {
  updates: number;
  hotUpdates: number;
}

/** Row updates and HOT updates of a table so far (pg_stat_user_tables). Flush first. */
export async function updateCounts(client: pg.ClientBase, schema: string, table: string): Promise<UpdateCounts> {
  const result = await client.query<{ n_tup_upd: string; n_tup_hot_upd: string }>(
    'SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2',
    [schema, table],
  );
  const row = result.rows[0];
  return { updates: Number(row?.n_tup_upd ?? 0), hotUpdates: Number(row?.n_tup_hot_upd ?? 0) };
}

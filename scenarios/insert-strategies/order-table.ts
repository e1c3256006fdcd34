// The orders-like table each trial inserts into: recreated empty before every trial so no variant
// inherits another's state, then counted and checksummed afterwards.
import type pg from 'pg';
import { checksumSql } from './rows.ts';

export async function recreateOrdersTable(client: pg.ClientBase, table: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(
    `CREATE TABLE ${table} (
       id bigint PRIMARY KEY,
       user_id integer NOT NULL,
       status text NOT NULL,
       amount numeric(12,2) NOT NULL,
       created_at timestamptz NOT NULL,
       payload text NOT NULL
     )`,
  );
}

export async function countAndChecksum(client: pg.ClientBase, table: string): Promise<{ count: number; checksum: string }> {
  const result = await client.query<{ count: string; checksum: string }>(checksumSql(table));
  const row = result.rows[0]!;
  return { count: Number(row.count), checksum: row.checksum };
}

export async function currentWalLsn(client: pg.ClientBase): Promise<string> {
  const result = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return result.rows[0]!.lsn;
}

export async function walBytesSince(client: pg.ClientBase, startLsn: string): Promise<number> {
  const result = await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS bytes', [startLsn]);
  return Number(result.rows[0]!.bytes);
}

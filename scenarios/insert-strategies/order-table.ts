// The orders-like table each trial inserts into: recreated empty before every trial so no variant
// inherits another's state, then counted and checksummed afterwards.
import type pg from 'pg';
import { countAndChecksum as tableChecksum } from '../../core/table-checksum.ts';
import { CHECKSUM_LINE_SQL } from './rows.ts';

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

export function countAndChecksum(client: pg.ClientBase, table: string): Promise<{ count: number; checksum: string }> {
  return tableChecksum(client, table, CHECKSUM_LINE_SQL, 'id');
}

// WAL position and distance: how many bytes of WAL a piece of work wrote (a write-cost measure that does
// not depend on the machine's speed). Other sessions on the same server add to it, so measure on a quiet one.
// The insert position, not the write position: with synchronous_commit = off the WAL a session generated
// may not be written yet when it asks, and pg_current_wal_lsn() would miss it.
import type pg from 'pg';

export async function currentWalLsn(client: pg.ClientBase): Promise<string> {
  const result = await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  return result.rows[0]!.lsn;
}

export async function walBytesSince(client: pg.ClientBase, startLsn: string): Promise<number> {
  const result = await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::bigint AS bytes', [startLsn]);
  return Number(result.rows[0]!.bytes);
}

// What server a measurement was made on: version and the settings that move results. Recorded in every
// report so `compare` can warn when two runs differ in them. Holds no secrets.
import type pg from 'pg';

export interface ServerInfo {
  serverVersion: string;
  serverVersionNum: number;
  settings: Record<string, string>;
}

/** The settings that change what the scenarios measure. */
export const REPORTED_SETTINGS = [
  'max_connections',
  'shared_buffers',
  'work_mem',
  'effective_cache_size',
  'synchronous_commit',
  'fsync',
  'wal_level',
  'full_page_writes',
  'max_wal_size',
  'checkpoint_timeout',
  'random_page_cost',
  'default_transaction_isolation',
  'jit',
  'huge_pages',
] as const;

export async function describeServer(client: pg.ClientBase): Promise<ServerInfo> {
  const version = await client.query<{ server_version: string; num: string }>(
    "SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS num",
  );
  const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
    'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name',
    [REPORTED_SETTINGS as unknown as string[]],
  );
  const row = version.rows[0]!;
  return {
    serverVersion: row.server_version,
    serverVersionNum: Number(row.num),
    settings: Object.fromEntries(settings.rows.map((s) => [s.name, s.unit ? `${s.setting} (${s.unit})` : s.setting])),
  };
}

// Opens pg connections for a run: tagged with application_name so they can be found in
// pg_stat_activity, search_path set to the run schema, and an error listener so a server-side
// disconnect becomes a counted error instead of an uncaught exception.
import pg from 'pg';
import type { Target } from './targets/target.ts';

export const APPLICATION_NAME = 'pg-bakeoff';

export function runConnectionConfig(target: Target, schema: string | undefined, overrides: Partial<pg.ClientConfig> = {}): pg.ClientConfig {
  return target.connectionConfig({
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    ...overrides,
  });
}

export async function connectClient(target: Target, schema: string | undefined, overrides: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  const client = new pg.Client(runConnectionConfig(target, schema, overrides));
  // Without a listener, an idle client's connection error would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

// A test's own embedded Postgres, for tests that stop, restart or break the server (the shared one
// serves every other test file at the same time). It lives in its own temporary base folder, so stale
// sweeps of other runs never see it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedTarget } from '../../core/targets/embedded.ts';
import type { Target } from '../../core/targets/target.ts';

export async function startOwnServer(settings: Record<string, string | number> = {}): Promise<EmbeddedTarget> {
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-own-'));
  fs.chmodSync(baseDir, 0o755);
  const target = await startEmbedded({ baseDir, settings });
  const stop = target.stop.bind(target);
  return {
    ...target,
    async stop() {
      await stop();
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

/** The URL a user would pass as --database-url for this target (password included). */
export function urlOf(target: Target, user?: { name: string; password: string }): string {
  const config = target.connectionConfig();
  const name = user?.name ?? String(config.user);
  const password = user?.password ?? String(config.password);
  return `postgres://${encodeURIComponent(name)}:${encodeURIComponent(password)}@${config.host}:${config.port}/${config.database}`;
}

/** A plain client for the test itself (not tagged pg-bakeoff, so fault injection never hits it). */
export async function testClient(target: Target, applicationName = 'bakeoff-test'): Promise<pg.Client> {
  const client = new pg.Client(target.connectionConfig({ application_name: applicationName }));
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

// Starts one real embedded Postgres for the whole test suite and hands its URL to the tests. Test files
// isolate themselves by schema (every run creates its own `bakeoff_*` schema).
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../core/targets/embedded.ts';
import type { Target } from '../core/targets/target.ts';

let target: Target | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  target = await startEmbedded({ settings: { max_connections: 120 } });
  const config = target.connectionConfig();
  const url = `postgres://${config.user}:${encodeURIComponent(String(config.password))}@${config.host}:${config.port}/${config.database}`;
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  await target?.stop();
}

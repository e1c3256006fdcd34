// Access to the suite's shared embedded Postgres (started in test/global-setup.ts).
import pg from 'pg';
import { inject } from 'vitest';
import { createRunSchema, dropRunSchema, newRunId, runSchemaName } from '../../core/run-schema.ts';
import { openUrlTarget } from '../../core/targets/url.ts';
import type { Target } from '../../core/targets/target.ts';

export function sharedDatabaseUrl(): string {
  return inject('databaseUrl');
}

export function sharedTarget(): Promise<Target> {
  return openUrlTarget(sharedDatabaseUrl());
}

export async function sharedClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: sharedDatabaseUrl() });
  await client.connect();
  return client;
}

/** A fresh run-style schema for a test that works below the engine; drop it with the returned function. */
export async function withTestSchema(client: pg.Client): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = runSchemaName(newRunId());
  await createRunSchema(client, schema);
  return { schema, drop: () => dropRunSchema(client, schema) };
}

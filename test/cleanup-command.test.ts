// `bakeoff cleanup` finds run schemas left behind in a shared database and, on request, drops only the
// abandoned ones: marked by pg-bakeoff, older than the threshold, and not in use by any session.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../core/quote.ts';
import { createRunSchema, dropRunSchema } from '../core/run-schema.ts';
import { runMain } from './helpers/capture-io.ts';
import { sharedClient, sharedDatabaseUrl } from './helpers/shared-target.ts';

let admin: pg.Client;
let holder: pg.Client;
const tag = randomBytes(3).toString('hex');
const oldMarked = `bakeoff_20200101000000_${tag}a`;
const oldUnmarked = `bakeoff_20200101000000_${tag}b`;
const oldInUse = `bakeoff_20200102000000_${tag}c`;
const young = `bakeoff_${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}_${tag}d`;

async function exists(schema: string): Promise<boolean> {
  return (await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;
}

beforeAll(async () => {
  admin = await sharedClient();
  holder = await sharedClient();
  await createRunSchema(admin, oldMarked);
  await admin.query(`CREATE TABLE ${quoteIdent(oldMarked)}.leftover (id int)`);
  await admin.query(`CREATE SCHEMA ${quoteIdent(oldUnmarked)}`);
  await createRunSchema(admin, oldInUse);
  await admin.query(`CREATE TABLE ${quoteIdent(oldInUse)}.busy (id int)`);
  await createRunSchema(admin, young);
  // Another session is using the old schema right now.
  await holder.query('BEGIN');
  await holder.query(`LOCK TABLE ${quoteIdent(oldInUse)}.busy IN ACCESS SHARE MODE`);
});

afterAll(async () => {
  await holder.query('ROLLBACK').catch(() => undefined);
  await holder.end();
  for (const schema of [oldMarked, oldInUse, young]) await dropRunSchema(admin, schema);
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(oldUnmarked)}`);
  await admin.end();
});

describe('bakeoff cleanup', () => {
  it('without --drop only lists: nothing is dropped', async () => {
    const result = await runMain(['cleanup', '--database-url', sharedDatabaseUrl()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(oldMarked);
    expect(result.stdout).toMatch(/add --drop to drop them/);
    for (const schema of [oldMarked, oldUnmarked, oldInUse, young]) expect(await exists(schema)).toBe(true);
  });

  it('with --drop drops the abandoned schema only', async () => {
    const result = await runMain(['cleanup', '--database-url', sharedDatabaseUrl(), '--older-than', '24', '--drop']);
    expect(result.code, result.stderr).toBe(0);
    const line = (schema: string) => result.stdout.split('\n').find((l) => l.includes(schema)) ?? '';
    expect(line(oldMarked)).toContain('dropped');
    expect(line(oldUnmarked)).toContain('not marked');
    expect(line(oldInUse)).toContain('in use');
    expect(line(young)).toContain('younger than the threshold');
    expect(await exists(oldMarked)).toBe(false);
    for (const schema of [oldUnmarked, oldInUse, young]) expect(await exists(schema)).toBe(true);
  });

  it('needs a database and a valid threshold: exit 2 with a message naming the option', async () => {
    const noUrl = await runMain(['cleanup']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--database-url');
    const badAge = await runMain(['cleanup', '--database-url', sharedDatabaseUrl(), '--older-than', 'yesterday']);
    expect(badAge.code).toBe(2);
    expect(badAge.stderr).toContain('--older-than must be a number (got "yesterday")');
  });
});

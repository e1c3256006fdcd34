// The SqlDriver contract, on both drivers: pg over TCP and the RDS Data API (the real RDSDataClient
// against the protocol-level stand-in, backed by the same embedded Postgres). Every assertion asks
// Postgres what happened, through a separate pg connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDriver } from '../core/drivers/open-driver.ts';
import { typed, type DriverKind, type SqlDriver } from '../core/drivers/sql-driver.ts';
import { qualified } from '../core/quote.ts';
import { classifyError } from '../core/sqlstate.ts';
import { openDataApiTestSchema, type DataApiTestSchema } from './helpers/data-api-target.ts';

let env: DataApiTestSchema;

beforeAll(async () => {
  env = await openDataApiTestSchema();
});

afterAll(() => env.close());

describe.each<DriverKind>(['pg', 'data-api'])('the %s driver', (kind) => {
  let driver: SqlDriver;
  let table: string;

  beforeAll(async () => {
    driver = await openDriver(kind, env.target, env.schema);
    table = qualified(env.schema, `orders_${kind.replace('-', '_')}`);
    await env.admin.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, at timestamptz NOT NULL, note text, ok boolean)`);
  });

  afterAll(async () => {
    await driver.close();
  });

  it('inserts typed values that Postgres stores exactly', async () => {
    const result = await driver.query(`INSERT INTO ${table} (id, amount, at, note, ok) VALUES ($1, $2, $3, $4, $5)`, [
      1,
      typed('12.30', 'numeric'),
      typed('2025-01-01T00:00:01.234Z', 'timestamptz'),
      null,
      true,
    ]);
    expect(result.rowCount).toBe(1);
    const stored = await env.admin.query(`SELECT id::text, amount::text, (extract(epoch FROM at) * 1000)::bigint::text AS ms, note, ok FROM ${table} WHERE id = 1`);
    expect(stored.rows).toEqual([{ id: '1', amount: '12.30', ms: String(Date.UTC(2025, 0, 1, 0, 0, 1, 234)), note: null, ok: true }]);
  });

  it('returns rows and counts for a SELECT', async () => {
    const result = await driver.query<{ id: unknown; amount: string; note: string | null }>(`SELECT id, amount::text AS amount, note FROM ${table} WHERE id = $1`, [1]);
    expect(result.rowCount).toBe(1);
    expect(Number(result.rows[0]!.id)).toBe(1);
    expect(result.rows[0]!.amount).toBe('12.30');
    expect(result.rows[0]!.note).toBeNull();
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await driver.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, $3)`, [2, typed('1.00', 'numeric'), typed(new Date(0), 'timestamptz')]);
      await tx.query(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, $3)`, [3, typed('1.00', 'numeric'), typed(new Date(0), 'timestamptz')]);
    });
    await expect(
      driver.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, $3)`, [4, typed('1.00', 'numeric'), typed(new Date(0), 'timestamptz')]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const ids = await env.admin.query(`SELECT id::int AS id FROM ${table} WHERE id IN (2, 3, 4) ORDER BY id`);
    expect(ids.rows.map((r) => r.id)).toEqual([2, 3]);
  });

  it('fails a transaction whose failed statement was caught, instead of reporting it committed', async () => {
    const outcome = await driver
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, now())`, [5, typed('1', 'numeric')]);
        await tx.query(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, now())`, [1, typed('1', 'numeric')]).catch(() => undefined);
        return 'done';
      })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(Error);
    expect(String((outcome as Error).message)).toMatch(/roll(ed)? ?back/i);
    expect((await env.admin.query(`SELECT count(*)::int AS n FROM ${table} WHERE id = 5`)).rows[0]).toEqual({ n: 0 });
  });

  it('runs a batch atomically: all parameter sets or none', async () => {
    const sets = [10, 11, 12].map((id) => [id, typed(`${id}.50`, 'numeric'), typed('2025-02-01 10:00:00', 'timestamptz')]);
    expect(await driver.batch(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, $3)`, sets)).toEqual({ rowCount: 3 });
    const failing = [20, 10].map((id) => [id, typed('1', 'numeric'), typed('2025-02-01 10:00:00', 'timestamptz')]);
    await expect(driver.batch(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, $3)`, failing)).rejects.toThrow();
    const count = await env.admin.query(`SELECT count(*)::int AS n, sum(amount)::text AS total FROM ${table} WHERE id >= 10`);
    expect(count.rows[0]).toEqual({ n: 3, total: '34.50' });
  });

  it('reports database errors with the same SQLSTATE kinds', async () => {
    const duplicate = await driver.query(`INSERT INTO ${table} (id, amount, at) VALUES ($1, $2, now())`, [1, typed('1', 'numeric')]).catch((e: unknown) => e);
    expect(classifyError(duplicate)).toBe('23505 unique_violation');
    const syntax = await driver.query('SELEC 1').catch((e: unknown) => e);
    expect(classifyError(syntax)).toBe('42601 syntax_error');
    const missing = await driver.query(`SELECT * FROM ${qualified(env.schema, 'no_such_table')}`).catch((e: unknown) => e);
    expect(classifyError(missing)).toBe('42P01 undefined_table');
  });

  it('leaves string literals that look like parameters alone', async () => {
    const result = await driver.query<{ a: string; b: string }>(`SELECT '$1 :p1'::text AS a, $1::text AS b`, ['x']);
    expect(result.rows).toEqual([{ a: '$1 :p1', b: 'x' }]);
  });
});

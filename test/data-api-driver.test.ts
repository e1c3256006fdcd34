// What is particular to the RDS Data API driver, checked through the real RDSDataClient against the
// protocol-level stand-in: the calls it makes, what it refuses before sending (arrays), what the Data
// API refuses (untyped numeric strings, big responses, long calls, expired transactions), and that no
// session state survives between calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { DataApiDriver } from '../core/drivers/data-api/data-api-driver.ts';
import { DataApiError } from '../core/drivers/data-api/data-api-error.ts';
import { typed, UnsupportedByDriverError } from '../core/drivers/sql-driver.ts';
import { qualified } from '../core/quote.ts';
import { classifyError } from '../core/sqlstate.ts';
import { startDataApiStandIn, type DataApiStandIn } from './stand-ins/data-api/data-api-stand-in.ts';
import { sharedClient, sharedTarget, withTestSchema } from './helpers/shared-target.ts';

let admin: pg.Client;
let standIn: DataApiStandIn;
let driver: DataApiDriver;
// Short limits, so the timeout and expiry paths take milliseconds; the other tests use the real ones.
let shortLimits: DataApiStandIn;
let shortDriver: DataApiDriver;
let schema: string;
let dropSchema: () => Promise<void>;

beforeAll(async () => {
  admin = await sharedClient();
  const target = await sharedTarget();
  standIn = await startDataApiStandIn({ postgres: target.connectionConfig() });
  driver = new DataApiDriver(standIn.connection);
  shortLimits = await startDataApiStandIn({ postgres: target.connectionConfig(), callTimeoutMs: 500, transactionIdleMs: 300 });
  shortDriver = new DataApiDriver(shortLimits.connection);
  ({ schema, drop: dropSchema } = await withTestSchema(admin));
});

afterAll(async () => {
  await driver.close();
  await shortDriver.close();
  await standIn.close();
  await shortLimits.close();
  await dropSchema();
  await admin.end();
});

describe('the Data API driver', () => {
  it('makes one ExecuteStatement per query and Begin/Commit around a transaction', async () => {
    const before = { ...standIn.calls };
    await driver.query('SELECT 1');
    await driver.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await tx.query('SELECT 2');
    });
    expect(standIn.calls.ExecuteStatement - before.ExecuteStatement).toBe(3);
    expect(standIn.calls.BeginTransaction - before.BeginTransaction).toBe(1);
    expect(standIn.calls.CommitTransaction - before.CommitTransaction).toBe(1);
    expect(driver.calls.ExecuteStatement).toBeGreaterThanOrEqual(3);
    expect(standIn.openTransactions()).toBe(0);
  });

  it('returns JSON-formatted rows typed as the Data API types them', async () => {
    const { rows } = await driver.query('SELECT 42::bigint AS big, 7::int AS small, 1.5::float8 AS f, 12.30::numeric(12,2) AS n, true AS b, NULL::text AS nothing, $1::timestamptz AS at', [
      typed('2025-03-04T05:06:07.089Z', 'timestamptz'),
    ]);
    expect(rows).toEqual([{ big: 42, small: 7, f: 1.5, n: '12.30', b: true, nothing: null, at: '2025-03-04 05:06:07.089' }]);
  });

  it('refuses array parameters before sending anything', async () => {
    const before = standIn.calls.ExecuteStatement;
    await expect(driver.query('SELECT $1::int[]', [[1, 2, 3]])).rejects.toBeInstanceOf(UnsupportedByDriverError);
    expect(standIn.calls.ExecuteStatement).toBe(before);
  });

  it('sends a string without a type hint as varchar, which a numeric column refuses (as on AWS)', async () => {
    const table = qualified(schema, 'amounts');
    await admin.query(`CREATE TABLE ${table} (amount numeric(12,2))`);
    const err = await driver.query(`INSERT INTO ${table} VALUES ($1)`, ['12.30']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataApiError);
    expect((err as DataApiError).awsErrorName).toBe('DatabaseErrorException');
    expect((err as DataApiError).message).toMatch(/SQLState: 42804/);
    expect(classifyError(err)).toBe('42804 sqlstate');
    await driver.query(`INSERT INTO ${table} VALUES ($1)`, [typed('12.30', 'numeric')]);
    expect((await admin.query(`SELECT amount::text AS a FROM ${table}`)).rows).toEqual([{ a: '12.30' }]);
  });

  it('fails a response over 1 MiB instead of returning part of it', async () => {
    const err = await driver.query("SELECT repeat('x', 1000) FROM generate_series(1, 2000)").catch((e: unknown) => e);
    expect((err as DataApiError).awsErrorName).toBe('BadRequestException');
    expect(classifyError(err)).toBe('response_too_large');
  });

  it('classifies a call over the time limit as a client timeout', async () => {
    const err = await shortDriver.query('SELECT pg_sleep(2)').catch((e: unknown) => e);
    expect((err as DataApiError).awsErrorName).toBe('StatementTimeoutException');
    expect(classifyError(err)).toBe('client_timeout');
  });

  it('keeps no session state between calls outside a transaction, but does inside one', async () => {
    await driver.query("SET application_name = 'changed'");
    const outside = await driver.query<{ name: string }>("SELECT current_setting('application_name') AS name");
    expect(outside.rows[0]!.name).not.toBe('changed');
    const inside = await driver.transaction(async (tx) => {
      await tx.query("SET LOCAL application_name = 'changed'");
      return (await tx.query<{ name: string }>("SELECT current_setting('application_name') AS name")).rows[0]!.name;
    });
    expect(inside).toBe('changed');
  });

  it('reports a transaction the Data API expired as TransactionNotFoundException, and nothing it did stays', async () => {
    const table = qualified(schema, 'expiring');
    await admin.query(`CREATE TABLE ${table} (id int)`);
    const err = await shortDriver
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (1)`);
        await new Promise((resolve) => setTimeout(resolve, 700));
        await tx.query(`INSERT INTO ${table} VALUES (2)`);
      })
      .catch((e: unknown) => e);
    expect((err as DataApiError).awsErrorName).toBe('TransactionNotFoundException');
    expect(classifyError(err)).toBe('transaction_not_found');
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]).toEqual({ n: 0 });
    expect(shortLimits.openTransactions()).toBe(0);
  });
});

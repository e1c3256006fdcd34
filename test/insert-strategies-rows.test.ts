// Each insert strategy writes exactly the requested rows, verified by count and checksum on the server,
// including batch sizes that do not divide the row count and statements that must be split under the
// 65,535-parameter limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createHistogram } from '../core/histogram.ts';
import { qualified } from '../core/quote.ts';
import { countAndChecksum, recreateOrdersTable } from '../scenarios/insert-strategies/order-table.ts';
import { expectedChecksum, generateRows, ORDER_COLUMNS } from '../scenarios/insert-strategies/rows.ts';
import * as strategies from '../scenarios/insert-strategies/strategies.ts';
import { sharedClient, withTestSchema } from './helpers/shared-target.ts';
import pgModule from 'pg';
import { sharedDatabaseUrl } from './helpers/shared-target.ts';

const ALL: Array<[string, strategies.InsertStrategy, boolean]> = [
  ['single-row-autocommit', strategies.singleRowAutocommit, false],
  ['single-row-transaction', strategies.singleRowTransaction, false],
  ['single-row-pipelined', strategies.singleRowPipelined, true],
  ['multi-row-values', strategies.multiRowValues, false],
  ['unnest-arrays', strategies.unnestArrays, false],
  ['copy', strategies.copyFromStdin, false],
  ['single-row-async-commit', strategies.singleRowAsyncCommit, false],
];

let admin: pg.Client;
let schema: string;
let dropSchema: () => Promise<void>;

beforeAll(async () => {
  admin = await sharedClient();
  ({ schema, drop: dropSchema } = await withTestSchema(admin));
});
afterAll(async () => {
  await dropSchema();
  await admin.end();
});

async function insertWith(strategy: strategies.InsertStrategy, pipeline: boolean, rowCount: number, batchSize: number, payloadBytes = 20) {
  const table = qualified(schema, 'orders');
  await recreateOrdersTable(admin, table);
  const rows = generateRows(rowCount, payloadBytes);
  const client = new pgModule.Client({ connectionString: sharedDatabaseUrl(), pipeline });
  await client.connect();
  const histogram = createHistogram();
  let lastProgress = 0;
  try {
    await strategy(client, { table, rows, batchSize, histogram, progress: (d) => (lastProgress = d), signal: new AbortController().signal });
  } finally {
    await client.end();
  }
  return { found: await countAndChecksum(admin, table), expected: expectedChecksum(rows), histogram, lastProgress };
}

describe.each(ALL)('%s', (_name, strategy, pipeline) => {
  it('inserts exactly the rows asked for, batch size not dividing the row count', async () => {
    const { found, expected, histogram, lastProgress } = await insertWith(strategy, pipeline, 2_345, 1_000);
    expect(found.count).toBe(2_345);
    expect(found.checksum).toBe(expected);
    expect(histogram.totalCount).toBeGreaterThan(0);
    expect(lastProgress).toBe(2_345);
  });
});

describe('statements above the bind-parameter limit', () => {
  const overLimit = Math.floor(65_535 / ORDER_COLUMNS.length) + 7; // 10,929 rows: 65,574 parameters in one batch

  it('multi-row VALUES splits one oversized batch into statements under 65,535 parameters', async () => {
    const { found, expected, histogram } = await insertWith(strategies.multiRowValues, false, overLimit, overLimit, 4);
    expect(found.count).toBe(overLimit);
    expect(found.checksum).toBe(expected);
    // Two statements: 10,922 rows, then 7.
    expect(histogram.totalCount).toBe(2);
  });

  it('UNNEST takes the same batch in one statement (six array parameters)', async () => {
    const { found, expected, histogram } = await insertWith(strategies.unnestArrays, false, overLimit, overLimit, 4);
    expect(found.count).toBe(overLimit);
    expect(found.checksum).toBe(expected);
    expect(histogram.totalCount).toBe(1);
  });
});

describe('the checksum', () => {
  it('changes when one stored value differs, so a wrong insert cannot pass', async () => {
    const table = qualified(schema, 'orders');
    const { found, expected } = await insertWith(strategies.copyFromStdin, false, 50, 10);
    expect(found.checksum).toBe(expected);
    await admin.query(`UPDATE ${table} SET amount = amount + 0.01 WHERE id = 17`);
    const tampered = await countAndChecksum(admin, table);
    expect(tampered.count).toBe(50);
    expect(tampered.checksum).not.toBe(expected);
  });

  it('handles payloads that need COPY escaping', async () => {
    const table = qualified(schema, 'orders');
    await recreateOrdersTable(admin, table);
    const rows = generateRows(3, 5).map((r, i) => ({ ...r, payload: ['tab\there', 'back\\slash', 'new\nline'][i]! }));
    const client = new pgModule.Client({ connectionString: sharedDatabaseUrl() });
    await client.connect();
    await strategies.copyFromStdin(client, { table, rows, batchSize: 10, histogram: createHistogram(), progress: () => undefined, signal: new AbortController().signal });
    await client.end();
    const found = await countAndChecksum(admin, table);
    expect(found).toEqual({ count: 3, checksum: expectedChecksum(rows) });
  });
});

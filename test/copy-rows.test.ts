// copyRows renders COPY text that Postgres reads back as exactly the values given: the characters COPY's
// text format must escape (backslash, tab, newline, carriage return), NULL, numbers, bigints and non-ASCII
// text, across several read chunks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { copyLine, copyRows, type CopyValue } from '../core/copy-rows.ts';
import { qualified } from '../core/quote.ts';
import { sharedClient, withTestSchema } from './helpers/shared-target.ts';

let client: pg.Client;
let schema: { schema: string; drop: () => Promise<void> };

beforeAll(async () => {
  client = await sharedClient();
  schema = await withTestSchema(client);
});

afterAll(async () => {
  await schema.drop();
  await client.end();
});

describe('copyRows', () => {
  it('loads awkward values unchanged', async () => {
    const table = qualified(schema.schema, 'copied');
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, n bigint, t text, x numeric)`);
    const awkward = ['tab\there', 'line\nbreak', 'back\\slash \\N', 'carriage\rreturn', 'plain', 'ünïcødé ✓', '', '\\'];
    // Enough rows for several 64 KiB chunks.
    const count = 6000;
    const row = (i: number): CopyValue[] => [i, i % 7 === 0 ? null : 2n ** 40n + BigInt(i), i % 5 === 0 ? null : `${awkward[i % awkward.length]}-${'p'.repeat(20)}`, i % 3 === 0 ? -(i + 1) / 4 : i];
    const copied = await copyRows(client, { table, columns: ['id', 'n', 't', 'x'], count, row });
    expect(copied).toBe(count);
    const { rows } = await client.query<{ id: number; n: string | null; t: string | null; x: string }>(`SELECT id, n::text, t, x::text FROM ${table} ORDER BY id`);
    expect(rows).toHaveLength(count);
    for (const r of rows) {
      const [, n, t, x] = row(r.id);
      expect(r.n).toBe(n === null ? null : String(n));
      expect(r.t).toBe(t);
      expect(Number(r.x)).toBe(x);
    }
  });

  it('renders one line per row with tabs between values', () => {
    expect(copyLine([1, null, 'a\tb', 2n])).toBe('1\t\\N\ta\\tb\t2\n');
  });
});

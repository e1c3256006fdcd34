// Row count and checksum of a table, computed in Postgres and, for data a scenario generated itself,
// in Node from the same rows: equal values prove the work (a load, a copy, a refresh) kept every row.
// Both sides render each row as one text line and take md5 over the lines joined by "\n" in key order.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Incremental md5 over lines joined by "\n", for rows generated as a stream (never all in memory). */
export class LineChecksum {
  private readonly _hash = createHash('md5');
  private _lines = 0;

  add(line: string): void {
    if (this._lines > 0) this._hash.update('\n');
    this._hash.update(line);
    this._lines += 1;
  }

  get lines(): number {
    return this._lines;
  }

  /** The hex digest; the object cannot be used afterwards. */
  digest(): string {
    return this._hash.digest('hex');
  }
}

/** md5 (hex) over the lines joined by "\n": what `countAndChecksum` computes in Postgres. */
export function md5OfLines(lines: Iterable<string>): string {
  const sum = new LineChecksum();
  for (const line of lines) sum.add(line);
  return sum.digest();
}

/**
 * SQL for count and checksum: `lineExpression` renders one row as text (it must match the Node-side
 * rendering), `orderBy` is the key order. Both are trusted SQL fragments written by the scenario.
 */
export function checksumSql(table: string, lineExpression: string, orderBy: string): string {
  return (
    `SELECT count(*)::bigint AS count, coalesce(md5(string_agg(${lineExpression}, E'\\n' ORDER BY ${orderBy})), '') AS checksum ` +
    `FROM ${table}`
  );
}

export async function countAndChecksum(
  client: pg.ClientBase,
  table: string,
  lineExpression: string,
  orderBy: string,
): Promise<{ count: number; checksum: string }> {
  const result = await client.query<{ count: string; checksum: string }>(checksumSql(table, lineExpression, orderBy));
  const row = result.rows[0]!;
  return { count: Number(row.count), checksum: row.checksum };
}

// Placeholder translation between pg's `$1` and the Data API's `:name`: parameters are rewritten,
// casts, string literals, quoted identifiers, comments and dollar-quoted bodies are left alone.
import { describe, expect, it } from 'vitest';
import { namedToPositional, positionalToNamed } from '../core/drivers/sql-placeholders.ts';

describe('positionalToNamed', () => {
  it('renames $n to :pn and counts the parameters', () => {
    expect(positionalToNamed('INSERT INTO t (a, b) VALUES ($1, $2::numeric)')).toEqual({ text: 'INSERT INTO t (a, b) VALUES (:p1, :p2::numeric)', count: 2 });
    expect(positionalToNamed('SELECT $10, $2').text).toBe('SELECT :p10, :p2');
  });

  it('leaves literals, quoted identifiers, comments and dollar quotes untouched', () => {
    const sql = `SELECT '$1', E'\\'$2', "col$3", $4 -- $5\n/* $6 /* $7 */ */, $$ $8 $$, $fn$ $9 $fn$, $11`;
    expect(positionalToNamed(sql).text).toBe(`SELECT '$1', E'\\'$2', "col$3", :p4 -- $5\n/* $6 /* $7 */ */, $$ $8 $$, $fn$ $9 $fn$, :p11`);
  });
});

describe('namedToPositional', () => {
  it('numbers names by first appearance, reuses repeated names, and skips :: casts', () => {
    const out = namedToPositional('SELECT :b::int, :a, :b, x::text FROM t WHERE y = \':c\'');
    expect(out).toEqual({ text: "SELECT $1::int, $2, $1, x::text FROM t WHERE y = ':c'", names: ['b', 'a'] });
  });

  it('lets the caller wrap each placeholder (the stand-in adds casts)', () => {
    expect(namedToPositional('VALUES (:p1, :p2)', (name, i) => `($${i}::${name === 'p1' ? 'bigint' : 'varchar'})`).text).toBe('VALUES (($1::bigint), ($2::varchar))');
  });

  it('round-trips what positionalToNamed produced', () => {
    const named = positionalToNamed('SELECT $1::bigint[], $2, $1').text;
    expect(namedToPositional(named)).toEqual({ text: 'SELECT $1::bigint[], $2, $1', names: ['p1', 'p2'] });
  });
});

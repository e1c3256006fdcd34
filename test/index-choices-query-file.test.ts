// The query-pattern file format: the built-in workload parses in it, a valid file gives patterns with
// their generators, and every kind of mistake is reported with the file and line, all at once.
import { describe, expect, it } from 'vitest';
import { builtInWorkload } from '../scenarios/index-choices/index.ts';
import { parameterSource } from '../scenarios/index-choices/param-generators.ts';
import { parseQueryText } from '../scenarios/index-choices/query-file.ts';

const DATA = { rows: 1000, users: 50, skew: 1, startMs: Date.UTC(2025, 0, 1), endMs: Date.UTC(2025, 0, 2) };

describe('the query file format', () => {
  it('holds the built-in orders workload', () => {
    const w = builtInWorkload();
    expect(w.patterns.map((p) => p.name)).toEqual(['by-user', 'by-user-recent', 'by-user-recent-columns', 'pending', 'created-range']);
    const range = w.patterns.find((p) => p.name === 'created-range')!;
    expect(range.paramCount).toBe(2);
    expect(range.params[0]!.generator).toEqual({ kind: 'timestamp-range', widthMs: 3_600_000 });
  });

  it('parses names, descriptions, generators and multi-line SQL', () => {
    const text = [
      '-- my workload',
      '-- name: by-status',
      '-- description: orders in a status',
      '-- param $1: choice pending,paid',
      '-- param $2: int 1..{users}',
      'SELECT id',
      '  FROM orders',
      ' WHERE status = $1 AND user_id <> $2;',
      '',
      '-- name: since',
      '-- param $1: timestamp',
      "SELECT count(*) FROM orders WHERE created_at > $1 AND note <> 'a;b $9'",
    ].join('\n');
    const { workload, problems } = parseQueryText(text, 'q.sql');
    expect(problems).toEqual([]);
    expect(workload!.patterns).toHaveLength(2);
    const [first, second] = workload!.patterns as [NonNullable<typeof workload>['patterns'][number], NonNullable<typeof workload>['patterns'][number]];
    expect(first).toMatchObject({ name: 'by-status', description: 'orders in a status', paramCount: 2, origin: 'q.sql:2' });
    expect(first.sql).toBe('SELECT id\n  FROM orders\n WHERE status = $1 AND user_id <> $2');
    // A ';' and a '$9' inside a string literal are not code.
    expect(second.paramCount).toBe(1);
    const draw = parameterSource(first.params, first.paramCount, DATA, 1);
    for (let i = 0; i < 50; i += 1) {
      const [status, user] = draw();
      expect(['pending', 'paid']).toContain(status);
      expect(user).toBeGreaterThanOrEqual(1);
      expect(user).toBeLessThanOrEqual(50);
    }
  });

  it('draws the same parameters from the same seed, and timestamp windows inside the data span', () => {
    const { workload } = parseQueryText('-- name: w\n-- param $1,$2: timestamp-range width 30m\nSELECT 1 FROM orders WHERE created_at >= $1 AND created_at < $2', 'w.sql');
    const pattern = workload!.patterns[0]!;
    const a = parameterSource(pattern.params, 2, DATA, 5);
    const b = parameterSource(pattern.params, 2, DATA, 5);
    for (let i = 0; i < 20; i += 1) {
      const [from, to] = a();
      expect(b()).toEqual([from, to]);
      expect(Date.parse(String(to)) - Date.parse(String(from))).toBe(30 * 60_000);
      expect(Date.parse(String(from))).toBeGreaterThanOrEqual(DATA.startMs);
      expect(Date.parse(String(to))).toBeLessThanOrEqual(DATA.endMs);
    }
  });

  it('reports every mistake with the file and line', () => {
    const text = [
      'SELECT 1;', // 1: no name above it
      '-- name: Bad Name', // 2
      'SELECT 2;',
      '-- name: no-generator', // 4
      'SELECT * FROM orders WHERE user_id = $1;', // 5
      '-- name: bad-generator', // 6
      '-- param $1: zipff 1..10', // 7
      'SELECT * FROM orders WHERE user_id = $1;',
      '-- name: writes', // 9
      'DELETE FROM orders;', // 10
      '-- name: two', // 11
      'SELECT 1;', // 12
      'SELECT 2;', // 13
      '-- name: unused', // 14
      '-- param $2: int 1..5', // 15
      'SELECT 1;', // 16
      '-- name: late-param', // 17
      'SELECT 1', // 18
      '-- param $1: int 1..2', // 19
      ';',
      '-- name: unterminated', // 21
      "SELECT 'abc", // 22
    ].join('\n');
    const { workload, problems } = parseQueryText(text, 'my-queries.sql');
    expect(workload).toBeUndefined();
    const expectLine = (line: number, pattern: RegExp) => expect(problems.find((p) => p.startsWith(`my-queries.sql:${line}:`) && pattern.test(p)), `line ${line} ${pattern} in ${problems.join('\n')}`).toBeDefined();
    expectLine(1, /needs a "-- name: <name>" line/);
    expectLine(2, /lower-case letters, digits and dashes/);
    expectLine(5, /uses \$1 but has no "-- param \$1/);
    expectLine(7, /unknown parameter generator "zipff"/);
    expectLine(10, /must be a read query .* got "DELETE"/);
    expectLine(13, /second statement/);
    expectLine(15, /\$2 has a generator but query "unused" does not use it/);
    expectLine(19, /must come before the SQL/);
    expectLine(22, /unterminated string literal/);
  });

  it('refuses a statement that smuggles a second one after a semicolon', () => {
    const { problems } = parseQueryText('-- name: sneaky\nSELECT 1; DROP TABLE orders', 'x.sql');
    expect(problems).toEqual(['x.sql:2: query "sneaky": more than one statement (a ";" before the end)']);
  });
});

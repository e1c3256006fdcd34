// The candidate-index file format: named sets or one index per statement; only CREATE INDEX on the run's
// own orders table, named without a schema, is accepted; mistakes name the file and line.
import { describe, expect, it } from 'vitest';
import { builtInCandidates } from '../scenarios/index-choices/index.ts';
import { parseIndexStatement, parseIndexText } from '../scenarios/index-choices/index-file.ts';

const TABLES = ['orders'];

describe('the index file format', () => {
  it('holds the built-in candidate sets', () => {
    const sets = builtInCandidates().sets;
    expect(sets.map((s) => s.name)).toEqual(['user-id', 'user-id-created-at', 'created-at-user-id', 'status', 'status-pending-partial', 'covering']);
    expect(sets.find((s) => s.name === 'status-pending-partial')!.statements[0]!.sql).toMatch(/WHERE status = 'pending'$/);
  });

  it('reads named sets of several statements, and unnamed files as one set per index', () => {
    const named = parseIndexText(
      "-- name: pair\n-- description: two at once\nCREATE INDEX a_idx ON orders (user_id);\nCREATE UNIQUE INDEX IF NOT EXISTS b_idx ON ONLY \"orders\" USING btree (id, status)\n  WHERE status <> 'x;y';\n",
      'i.sql',
      TABLES,
    );
    expect(named.problems).toEqual([]);
    expect(named.candidates!.sets).toEqual([
      {
        name: 'pair',
        description: 'two at once',
        origin: 'i.sql:1',
        statements: [
          { sql: 'CREATE INDEX a_idx ON orders (user_id)', indexName: 'a_idx', table: 'orders', line: 3 },
          { sql: "CREATE UNIQUE INDEX IF NOT EXISTS b_idx ON ONLY \"orders\" USING btree (id, status)\n  WHERE status <> 'x;y'", indexName: 'b_idx', table: 'orders', line: 4 },
        ],
      },
    ]);
    const unnamed = parseIndexText('CREATE INDEX by_user ON orders (user_id);\nCREATE INDEX CONCURRENTLY by_note ON Orders (note);\n', 'u.sql', TABLES);
    expect(unnamed.problems).toEqual([]);
    expect(unnamed.candidates!.sets.map((s) => [s.name, s.origin])).toEqual([
      ['by_user', 'u.sql:1'],
      ['by_note', 'u.sql:2'],
    ]);
  });

  it('refuses anything but an index on the run tables', () => {
    const refused = (sql: string) => {
      const r = parseIndexStatement(sql, TABLES);
      return 'problem' in r ? r.problem : undefined;
    };
    expect(refused('CREATE INDEX x ON customers (id)')).toMatch(/only create indexes on orders \(this one is on "customers"\)/);
    expect(refused('CREATE INDEX x ON public.orders (id)')).toMatch(/without a schema/);
    expect(refused('CREATE INDEX x ON "Orders" (id)')).toMatch(/this one is on "Orders"/);
    expect(refused('DROP INDEX orders_pkey')).toMatch(/only CREATE INDEX statements/);
    expect(refused('CREATE TABLE orders2 (id int)')).toMatch(/only CREATE INDEX statements/);
    expect(refused('CREATE INDEX x ON orders (id); DROP TABLE orders')).toMatch(/more than one statement/);
    expect(refused('CREATE INDEX other.x ON orders (id)')).toMatch(/index name without a schema/);
  });

  it('reports every mistake with the file and line', () => {
    const text = [
      'CREATE INDEX loose ON orders (id);', // 1: before any name in a named file
      '-- name: none', // 2: reserved
      'CREATE INDEX a ON orders (id);',
      '-- name: empty', // 4: no statement
      '-- name: elsewhere', // 5
      'CREATE INDEX b ON customers (id);', // 6
      '-- name: twice', // 7
      'CREATE INDEX c ON orders (id);',
      '-- name: twice', // 9
      'CREATE INDEX d ON orders (id);',
    ].join('\n');
    const { candidates, problems } = parseIndexText(text, 'my-indexes.sql', TABLES);
    expect(candidates).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^my-indexes\.sql:1: this statement is not under a "-- name: <set>" line/),
        expect.stringMatching(/^my-indexes\.sql:2: the name "none" is reserved/),
        expect.stringMatching(/^my-indexes\.sql:4: index set "empty" has no CREATE INDEX statement/),
        expect.stringMatching(/^my-indexes\.sql:6: index statements may only create indexes on orders/),
        expect.stringMatching(/^my-indexes\.sql:9: index set "twice" is defined twice \(first at line 7\)/),
      ]),
    );
  });

  it('needs an index name when there are no set names', () => {
    const { problems } = parseIndexText('CREATE INDEX ON orders (user_id);', 'n.sql', TABLES);
    expect(problems).toEqual(['n.sql:1: name the index (CREATE INDEX my_index ON ...) or put a "-- name: <set>" line above it']);
  });
});

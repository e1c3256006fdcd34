// Builds one candidate index set on the fresh orders table, timing each CREATE INDEX, and checks with
// the catalog that each statement created exactly one index on that table (an IF NOT EXISTS that
// skipped, or a statement that built something else, is a failed variant, not a silent one).
import type pg from 'pg';
import { listSchemaIndexes } from './catalog.ts';
import type { IndexSet } from './index-file.ts';

export interface BuiltIndex {
  name: string;
  definition: string;
  buildMs: number;
  /** `file:line` of the statement that built it. */
  origin: string;
}

export async function buildIndexSet(client: pg.ClientBase, schema: string, table: string, set: IndexSet): Promise<BuiltIndex[]> {
  const built: BuiltIndex[] = [];
  const origin = (line: number) => `${set.origin.replace(/:\d+$/, '')}:${line}`;
  let known = new Set((await listSchemaIndexes(client, schema)).map((i) => i.name));
  for (const statement of set.statements) {
    const started = performance.now();
    // The extended protocol runs exactly one statement: nothing can ride along after a ';'.
    await client.query({ text: statement.sql, queryMode: 'extended' } as pg.QueryConfig);
    const buildMs = performance.now() - started;
    const now = await listSchemaIndexes(client, schema);
    const created = now.filter((i) => !known.has(i.name));
    if (created.length !== 1 || created[0]!.table !== table) {
      const what = created.length === 0 ? 'no index' : created.map((i) => `${i.name} on ${i.table}`).join(', ');
      throw new Error(`${origin(statement.line)}: expected the statement to create one index on ${table}, it created ${what}`);
    }
    built.push({ name: created[0]!.name, definition: created[0]!.definition, buildMs, origin: origin(statement.line) });
    known = new Set(now.map((i) => i.name));
  }
  return built;
}

// User query and index files (index-choices --queries / --indexes), damaged in generated ways (fast-check):
// lines dropped, doubled, cut, or spliced with hostile or broken SQL. Whatever the file, validation either
// accepts it, and then every statement is one read query (or one CREATE INDEX on the run's own table),
// or rejects it as bad input naming the option and the file; it never crashes. Files that would hang or
// swamp a reader (/dev/zero, a folder, a huge or binary file) are refused with one sentence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { USER_FILE_MAX_BYTES } from '../core/read-text-file.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import indexChoices, { type IndexChoicesOptions } from '../scenarios/index-choices/index.ts';
import { hasStackTrace } from './helpers/capture-io.ts';
import { runCli } from './helpers/run-cli.ts';

const scenarioDir = path.join(import.meta.dirname, '..', 'scenarios', 'index-choices');
const builtIn = {
  queries: fs.readFileSync(path.join(scenarioDir, 'queries.sql'), 'utf8'),
  indexes: fs.readFileSync(path.join(scenarioDir, 'indexes.sql'), 'utf8'),
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-user-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let count = 0;
function write(content: string | Buffer): string {
  const file = path.join(dir, `file-${(count += 1)}.sql`);
  fs.writeFileSync(file, content);
  return file;
}

const HOSTILE_LINES = [
  'DROP TABLE orders;',
  'SELECT 1; DELETE FROM orders;',
  'WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone;',
  'UPDATE orders SET status = $1;',
  'CREATE INDEX ON pg_catalog.pg_class (oid);',
  'CREATE INDEX ON public.orders (id);',
  'CREATE INDEX ON customers (email);',
  'CREATE INDEX x ON orders (id); DROP TABLE orders;',
  'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS y ON orders USING brin (created_at);',
  'ALTER TABLE orders ADD COLUMN x int;',
  "SELECT 'unterminated",
  '/* unclosed comment',
  'SELECT $$ dollar quoted',
  'SELECT * FROM orders WHERE id = $99;',
  '-- name:',
  '-- name: by-user',
  '-- name: Has Spaces And CAPS',
  `-- name: ${'x'.repeat(80)}`,
  '-- param $1: zipf 1..{users}',
  '-- param $1: nonsense-generator 1..2',
  '-- param $2: timestamp-range width 1h',
  '-- description:',
  ';',
  '',
  'SELECT',
  '\u00e9\u4e2d\u{1F600}',
  'x'.repeat(5000),
];

/** The built-in file, damaged: each step drops, doubles, cuts or splices a line. */
function damaged(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  const step = fc.oneof(
    fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('double' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('cut' as const), at: fc.nat(), keep: fc.nat() }),
    fc.record({ op: fc.constant('splice' as const), at: fc.nat(), line: fc.oneof(fc.constantFrom(...HOSTILE_LINES), fc.string({ maxLength: 40 })) }),
  );
  return fc.array(step, { minLength: 1, maxLength: 4 }).map((steps) => {
    const out = [...lines];
    for (const s of steps) {
      const at = s.at % (out.length + 1);
      if (s.op === 'drop') out.splice(at, 1);
      else if (s.op === 'double' && out[at] !== undefined) out.splice(at, 0, out[at]!);
      else if (s.op === 'cut' && out[at] !== undefined) out[at] = out[at]!.slice(0, s.keep % (out[at]!.length + 1));
      else if (s.op === 'splice') out.splice(at, 0, s.line);
    }
    return out.join('\n');
  });
}

const READ_START = /^\s*(select|with|table|values)\b/i;

function outcome(key: 'queries' | 'indexes', file: string): { options?: IndexChoicesOptions; error?: UsageError } {
  try {
    return { options: resolveOptions(indexChoices, { [key]: file }).scenario };
  } catch (err) {
    // Anything but a UsageError would reach the user as a crash with a stack trace.
    expect(err).toBeInstanceOf(UsageError);
    return { error: err as UsageError };
  }
}

describe('damaged user files (generated)', () => {
  it('--queries: accepted only as single read statements, otherwise bad input naming the option and file', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(damaged(builtIn.queries), (text) => {
        const file = write(text);
        const { options, error } = outcome('queries', file);
        if (error) {
          rejected += 1;
          expect(error.message).toContain('--queries');
          expect(error.message).toContain(file);
          return;
        }
        accepted += 1;
        for (const pattern of options!.queries!.patterns) {
          expect(pattern.sql).toMatch(READ_START);
          // One statement: no statement separator left outside quotes and comments.
          expect(pattern.sql.replace(/'[^']*'|--[^\n]*|\/\*[\s\S]*?\*\//g, '')).not.toContain(';');
        }
      }),
      { numRuns: 250 },
    );
    // Both outcomes happen, so both branches above were checked.
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it('--indexes: accepted only as CREATE INDEX on the run’s own table, otherwise bad input naming the option and file', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(damaged(builtIn.indexes), (text) => {
        const file = write(text);
        const { options, error } = outcome('indexes', file);
        if (error) {
          rejected += 1;
          expect(error.message).toContain('--indexes');
          expect(error.message).toContain(file);
          return;
        }
        accepted += 1;
        for (const set of options!.indexes!.sets) {
          for (const statement of set.statements) {
            expect(statement.sql).toMatch(/^\s*create\s+(unique\s+)?index\b/i);
            expect(statement.table).toBe('orders');
            expect(statement.sql.replace(/'[^']*'|--[^\n]*|\/\*[\s\S]*?\*\//g, '')).not.toContain(';');
          }
        }
      }),
      { numRuns: 250 },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('files that would hang or swamp a reader', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['/dev/zero (never ends)', () => '/dev/zero', /more than the 1 MiB such a file can be|not a text file/],
    ['a folder', () => dir, /it is a folder, not a file/],
    ['a file over the size limit', () => write(`-- name: big\nSELECT 1;\n${'-- padding\n'.repeat(USER_FILE_MAX_BYTES / 10)}`), /more than the 1 MiB such a file can be/],
    ['binary content', () => write(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe])), /not a text file/],
    ['invalid UTF-8', () => write(Buffer.from([0x2d, 0x2d, 0x20, 0xc3, 0x28, 0x0a])), /not UTF-8 text/],
    ['an empty file', () => write(''), /no queries found|no CREATE INDEX statements found/],
  ];
  it.each(cases)('%s: one clear problem', (_what, make, message) => {
    const file = make();
    for (const key of ['queries', 'indexes'] as const) {
      const { error } = outcome(key, file);
      expect(error, `${key} accepted ${file}`).toBeDefined();
      expect(error!.message).toMatch(message);
      expect(error!.message).toContain(`--${key}`);
    }
  });

  it('the real command with /dev/zero as the query file: exit 2, no stack trace', async () => {
    const result = await runCli(['run', 'index-choices', '--queries', '/dev/zero']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--queries');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

// The candidate-index file format (README: "index-choices"): index sets, each a `-- name: x` line, an
// optional `-- description:` line and one or more CREATE INDEX statements; or, without any name lines,
// one CREATE INDEX per statement, each its own set named after its index. Statements may only create
// indexes on the run's own tables, named without a schema: anything else is refused before it runs.
import { USER_FILE_MAX_BYTES, readTextFile } from '../../core/read-text-file.ts';
import { readSections } from './sql-sections.ts';
import { SqlLexError, identifierOf, singleStatement, type Token } from './sql-tokens.ts';

export interface IndexStatement {
  /** The statement, without a trailing ';'. */
  sql: string;
  /** The index name if the statement gives one. */
  indexName?: string;
  table: string;
  line: number;
}

export interface IndexSet {
  name: string;
  description?: string;
  statements: IndexStatement[];
  /** `file:line` where the set starts. */
  origin: string;
}

export interface IndexCandidates {
  /** `built-in` or the file it was read from. */
  source: string;
  sets: IndexSet[];
  /** How the candidates appear in report.json options: the file and set names (the SQL is in variant params). */
  toJSON(): { source: string; sets: string[] };
}

export function indexCandidates(source: string, sets: IndexSet[]): IndexCandidates {
  return {
    source,
    sets,
    toJSON() {
      return { source: this.source, sets: this.sets.map((s) => s.name) };
    },
  };
}

/** The no-index baseline every run measures; no file may define a set with this name. */
export const BASELINE_SET = 'none';
const SET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Checks a CREATE INDEX statement's header; returns what it creates or why it is refused. */
export function parseIndexStatement(sql: string, allowedTables: readonly string[]): { statement: Omit<IndexStatement, 'line'> } | { problem: string } {
  let tokens: Token[];
  try {
    tokens = singleStatement(sql);
  } catch (err) {
    if (err instanceof SqlLexError) return { problem: err.message };
    throw err;
  }
  let i = 0;
  const word = (w: string) => tokens[i]?.type === 'word' && tokens[i]!.value === w;
  const refuse = () => ({ problem: `only CREATE INDEX statements are allowed in an index file (got "${tokens.slice(0, 3).map((t) => t.text).join(' ')} ...")` });
  if (!word('create')) return refuse();
  i += 1;
  if (word('unique')) i += 1;
  if (!word('index')) return refuse();
  i += 1;
  if (word('concurrently')) i += 1;
  if (word('if')) {
    i += 1;
    if (!word('not')) return { problem: 'expected IF NOT EXISTS' };
    i += 1;
    if (!word('exists')) return { problem: 'expected IF NOT EXISTS' };
    i += 1;
  }
  let indexName: string | undefined;
  if (!word('on')) {
    indexName = identifierOf(tokens[i]);
    if (indexName === undefined) return { problem: `expected an index name or ON after CREATE INDEX (got "${tokens[i]?.text ?? 'end of statement'}")` };
    if (tokens[i + 1]?.text === '.') return { problem: 'give the index name without a schema: indexes are created in the run\'s own schema' };
    i += 1;
  }
  if (!word('on')) return { problem: `expected ON <table> (got "${tokens[i]?.text ?? 'end of statement'}")` };
  i += 1;
  if (word('only')) i += 1;
  const table = identifierOf(tokens[i]);
  if (table === undefined) return { problem: `expected a table name after ON (got "${tokens[i]?.text ?? 'end of statement'}")` };
  if (tokens[i + 1]?.text === '.') {
    return { problem: `name the table without a schema ("ON ${allowedTables[0]}", not "ON ${tokens[i]!.text}.${tokens[i + 2]?.text ?? ''}"): index statements run in the run's own schema` };
  }
  if (!allowedTables.includes(table)) {
    return { problem: `index statements may only create indexes on ${allowedTables.join(', ')} (this one is on "${table}")` };
  }
  return { statement: { sql: sql.replace(/;\s*$/, '').trim(), ...(indexName !== undefined ? { indexName } : {}), table } };
}

export function parseIndexText(text: string, file: string, allowedTables: readonly string[]): { candidates?: IndexCandidates; problems: string[] } {
  const { sections, problems } = readSections(text, file, ['description']);
  const named = sections.some((s) => s.name !== undefined);
  const sets: IndexSet[] = [];
  const seen = new Map<string, number>();
  const at = (line: number) => `${file}:${line}`;

  const addSet = (name: string, line: number, description: string | undefined, statements: IndexStatement[]) => {
    if (!SET_NAME.test(name)) {
      problems.push(`${at(line)}: index set name "${name}" must be letters, digits, "-", "_" or "." (e.g. "user-id")`);
      return;
    }
    if (name === BASELINE_SET) {
      problems.push(`${at(line)}: the name "${BASELINE_SET}" is reserved for the no-index baseline, which every run measures`);
      return;
    }
    if (seen.has(name)) {
      problems.push(`${at(line)}: index set "${name}" is defined twice (first at line ${seen.get(name)})`);
      return;
    }
    seen.set(name, line);
    sets.push({ name, ...(description ? { description } : {}), statements, origin: at(line) });
  };
  const check = (sql: string, line: number): IndexStatement | undefined => {
    const parsed = parseIndexStatement(sql, allowedTables);
    if ('problem' in parsed) {
      problems.push(`${at(line)}: ${parsed.problem}`);
      return undefined;
    }
    return { ...parsed.statement, line };
  };

  for (const section of sections) {
    if (section.name === undefined) {
      if (named) {
        for (const s of section.statements) problems.push(`${at(s.line)}: this statement is not under a "-- name: <set>" line (put one above it)`);
        continue;
      }
      // One index per statement, each its own set named after the index.
      for (const s of section.statements) {
        const statement = check(s.text, s.line);
        if (!statement) continue;
        if (!statement.indexName) {
          problems.push(`${at(s.line)}: name the index (CREATE INDEX my_index ON ...) or put a "-- name: <set>" line above it`);
          continue;
        }
        addSet(statement.indexName, s.line, undefined, [statement]);
      }
      continue;
    }
    const statements = section.statements.map((s) => check(s.text, s.line)).filter((s): s is IndexStatement => s !== undefined);
    if (section.statements.length === 0) problems.push(`${at(section.line)}: index set "${section.name}" has no CREATE INDEX statement`);
    addSet(section.name, section.line, section.directives.find((d) => d.key === 'description')?.value, statements);
  }
  if (problems.length === 0 && sets.length === 0) problems.push(`${file}: no CREATE INDEX statements found`);
  return problems.length > 0 ? { problems } : { candidates: indexCandidates(file, sets), problems };
}

/** Reads and parses an index file; problems name the file and line. */
export function readIndexFile(path: string, allowedTables: readonly string[]): { candidates?: IndexCandidates; problems: string[] } {
  // Bounded and text-only: /dev/zero, a folder or a binary file is a clear problem, not a hang or a crash.
  const read = readTextFile(path, { label: 'index file', maxBytes: USER_FILE_MAX_BYTES });
  if (read.problem !== undefined) return { problems: [read.problem] };
  const text = read.text;
  return parseIndexText(text, path, allowedTables);
}

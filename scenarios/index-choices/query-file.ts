// The query-pattern file format (README: "index-choices"): each pattern is a `-- name: x` line,
// optional `-- description:` and `-- param $n: <generator>` lines, then one read-only SQL statement
// using $1.. placeholders. The built-in orders workload (queries.sql) is written in the same format.
import { USER_FILE_MAX_BYTES, readTextFile } from '../../core/read-text-file.ts';
import { type ParamSpec, parseGenerator } from './param-generators.ts';
import { readSections } from './sql-sections.ts';
import { SqlLexError, singleStatement } from './sql-tokens.ts';

export interface QueryPattern {
  name: string;
  description?: string;
  /** The statement, without a trailing ';'. */
  sql: string;
  params: ParamSpec[];
  /** Number of $n placeholders ($1..$paramCount). */
  paramCount: number;
  /** `file:line` of the pattern's name line. */
  origin: string;
}

export interface QueryWorkload {
  /** `built-in` or the file it was read from. */
  source: string;
  patterns: QueryPattern[];
  /** How the workload appears in report.json options: the file and the names (the SQL is in each trial). */
  toJSON(): { source: string; patterns: string[] };
}

/** Kebab-case, short enough that `bakeoff_<name>` stays within Postgres's 63-byte names. */
export const PATTERN_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function queryWorkload(source: string, patterns: QueryPattern[]): QueryWorkload {
  return {
    source,
    patterns,
    toJSON() {
      return { source: this.source, patterns: this.patterns.map((p) => p.name) };
    },
  };
}
const READ_KEYWORDS = new Set(['select', 'with', 'table', 'values']);
const PARAM_LINE = /^(\$\d+(?:\s*,\s*\$\d+)*)\s*:\s*(.*)$/;

export function parseQueryText(text: string, file: string): { workload?: QueryWorkload; problems: string[] } {
  const { sections, problems } = readSections(text, file, ['description', 'param']);
  const patterns: QueryPattern[] = [];
  const seen = new Set<string>();
  for (const section of sections) {
    const at = (line: number) => `${file}:${line}`;
    if (section.name === undefined) {
      problems.push(`${at(section.line)}: a query needs a "-- name: <name>" line above it`);
      continue;
    }
    const name = section.name;
    if (!PATTERN_NAME.test(name)) {
      problems.push(`${at(section.line)}: query name "${name}" must be lower-case letters, digits and dashes, at most 40 (e.g. "by-user")`);
      continue;
    }
    if (seen.has(name)) problems.push(`${at(section.line)}: query name "${name}" is used twice`);
    seen.add(name);
    if (section.statements.length === 0) {
      problems.push(`${at(section.line)}: query "${name}" has no SQL statement`);
      continue;
    }
    if (section.statements.length > 1) {
      problems.push(`${at(section.statements[1]!.line)}: query "${name}" has a second statement; one statement per "-- name:" line`);
      continue;
    }
    const statement = section.statements[0]!;
    let used: Set<number>;
    let sql: string;
    try {
      const tokens = singleStatement(statement.text);
      const first = tokens[0]!;
      if (first.type !== 'word' || !READ_KEYWORDS.has(first.value)) {
        problems.push(`${at(statement.line)}: query "${name}" must be a read query (SELECT or WITH ...), got "${first.text}"`);
        continue;
      }
      used = new Set(tokens.filter((t) => t.type === 'param').map((t) => Number(t.value)));
      sql = statement.text.replace(/;\s*$/, '').trim();
    } catch (err) {
      if (!(err instanceof SqlLexError)) throw err;
      problems.push(`${at(statement.line)}: query "${name}": ${err.message}`);
      continue;
    }

    const params: ParamSpec[] = [];
    const filled = new Map<number, number>();
    for (const d of section.directives.filter((x) => x.key === 'param')) {
      const m = PARAM_LINE.exec(d.value);
      if (!m) {
        problems.push(`${at(d.line)}: a param line looks like "-- param $1: int 1..{users}" (got "-- param ${d.value}")`);
        continue;
      }
      const positions = m[1]!.split(',').map((p) => Number(p.trim().slice(1)));
      const parsed = parseGenerator(m[2]!, positions.length);
      if ('problem' in parsed) {
        problems.push(`${at(d.line)}: ${parsed.problem}`);
        continue;
      }
      for (const p of positions) {
        if (p < 1) problems.push(`${at(d.line)}: placeholders start at $1 (got $${p})`);
        else if (filled.has(p)) problems.push(`${at(d.line)}: $${p} already has a generator (line ${filled.get(p)})`);
        else filled.set(p, d.line);
      }
      params.push({ positions, generator: parsed.generator, line: d.line });
    }
    const paramCount = Math.max(0, ...used);
    for (let p = 1; p <= paramCount; p += 1) {
      if (!filled.has(p)) problems.push(`${at(statement.line)}: query "${name}" uses $${p} but has no "-- param $${p}: <generator>" line`);
    }
    for (const [p, line] of filled) {
      if (!used.has(p)) problems.push(`${at(line)}: $${p} has a generator but query "${name}" does not use it`);
    }
    const description = section.directives.find((x) => x.key === 'description')?.value;
    patterns.push({ name, ...(description ? { description } : {}), sql, params, paramCount, origin: at(section.line) });
  }
  if (problems.length === 0 && patterns.length === 0) problems.push(`${file}: no queries found; start each with a "-- name: <name>" line`);
  return problems.length > 0 ? { problems } : { workload: queryWorkload(file, patterns), problems };
}

/** Reads and parses a query file; problems name the file and line. */
export function readQueryFile(path: string): { workload?: QueryWorkload; problems: string[] } {
  // Bounded and text-only: /dev/zero, a folder or a binary file is a clear problem, not a hang or a crash.
  const read = readTextFile(path, { label: 'query file', maxBytes: USER_FILE_MAX_BYTES });
  if (read.problem !== undefined) return { problems: [read.problem] };
  const text = read.text;
  return parseQueryText(text, path);
}

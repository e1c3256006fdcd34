// Reads the two user file formats (query patterns and candidate index sets) into sections: a
// `-- name: x` line starts a section, `-- key: value` lines the caller knows are its directives, and the
// SQL that follows is split into statements at a ';' ending a line. Every piece keeps its line number so
// a problem can be reported as `file:line: what is wrong`.

export interface Directive {
  key: string;
  value: string;
  line: number;
}

export interface SqlStatement {
  text: string;
  /** Line of the statement's first line. */
  line: number;
}

export interface Section {
  /** Undefined for statements before the first `-- name:` line. */
  name?: string;
  line: number;
  directives: Directive[];
  statements: SqlStatement[];
}

// `-- name: x`, `-- description: text`, `-- param $1: int 1..10`: a lower-case key, then ':' or '$'.
const DIRECTIVE = /^\s*--\s*([a-z][a-z-]*)\s*([:$].*?)\s*$/;

function directiveValue(rest: string): string {
  return rest.startsWith(':') ? rest.slice(1).trim() : rest;
}

export function readSections(text: string, file: string, directiveKeys: readonly string[]): { sections: Section[]; problems: string[] } {
  const sections: Section[] = [];
  const problems: string[] = [];
  let current: Section | undefined;
  let pending: { lines: string[]; line: number } | undefined;

  const section = (line: number): Section => {
    if (!current) {
      current = { line, directives: [], statements: [] };
      sections.push(current);
    }
    return current;
  };
  const flush = () => {
    if (!pending) return;
    const statement = pending.lines.join('\n').trim();
    if (statement !== '' && statement !== ';') section(pending.line).statements.push({ text: statement, line: pending.line });
    pending = undefined;
  };

  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const directive = DIRECTIVE.exec(raw);
    if (directive && directive[1] === 'name') {
      flush();
      current = { name: directiveValue(directive[2]!), line: lineNo, directives: [], statements: [] };
      sections.push(current);
      return;
    }
    if (directive && directiveKeys.includes(directive[1]!)) {
      if (pending || (current && current.statements.length > 0)) {
        problems.push(`${file}:${lineNo}: "-- ${directive[1]}:" must come before the SQL of its section (after a "-- name:" line)`);
        return;
      }
      section(lineNo).directives.push({ key: directive[1]!, value: directiveValue(directive[2]!), line: lineNo });
      return;
    }
    const trimmed = raw.trim();
    if (trimmed.startsWith('--')) return; // a comment
    if (trimmed === '' && !pending) return;
    pending ??= { lines: [], line: lineNo };
    pending.lines.push(raw);
    if (trimmed.endsWith(';')) flush();
  });
  flush();
  return { sections, problems };
}

// A small SQL lexer for checking user-supplied statements before they reach the server: which table an
// index statement names, which $n placeholders a query uses, whether a text holds more than one
// statement. It knows exactly enough of PostgreSQL's lexical rules (strings, E'' strings, quoted
// identifiers, dollar quoting, comments) that a ';' or '$1' inside a literal is not mistaken for code.
// The server still parses every statement; this only lets us refuse the wrong ones with a clear message.

export type TokenType = 'word' | 'quoted-ident' | 'string' | 'param' | 'number' | 'punct';

export interface Token {
  type: TokenType;
  /** Source text of the token. */
  text: string;
  /** For words: lower-cased; for quoted identifiers: the name without quotes; for params: the number. */
  value: string;
}

export class SqlLexError extends Error {}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      do {
        if (sql.startsWith('/*', i)) {
          depth += 1;
          i += 2;
        } else if (sql.startsWith('*/', i)) {
          depth -= 1;
          i += 2;
        } else {
          i += 1;
        }
      } while (depth > 0 && i < n);
      if (depth > 0) throw new SqlLexError('unterminated /* comment');
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const start = i;
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      for (;;) {
        if (i >= n) throw new SqlLexError('unterminated string literal');
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i += 1;
      }
      i += 1;
      tokens.push({ type: 'string', text: sql.slice(start, i), value: sql.slice(start, i) });
    } else if (c === '"') {
      const start = i;
      i += 1;
      let name = '';
      for (;;) {
        if (i >= n) throw new SqlLexError('unterminated quoted identifier');
        if (sql[i] === '"' && sql[i + 1] === '"') {
          name += '"';
          i += 2;
        } else if (sql[i] === '"') break;
        else {
          name += sql[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ type: 'quoted-ident', text: sql.slice(start, i), value: name });
    } else if (c === '$' && next !== undefined && /[0-9]/.test(next)) {
      const start = i;
      i += 1;
      while (i < n && /[0-9]/.test(sql[i]!)) i += 1;
      tokens.push({ type: 'param', text: sql.slice(start, i), value: sql.slice(start + 1, i) });
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (!tag) {
        tokens.push({ type: 'punct', text: c, value: c });
        i += 1;
        continue;
      }
      const end = sql.indexOf(tag[0], i + tag[0].length);
      if (end < 0) throw new SqlLexError(`unterminated dollar-quoted string ${tag[0]}`);
      const text = sql.slice(i, end + tag[0].length);
      tokens.push({ type: 'string', text, value: text });
      i = end + tag[0].length;
    } else if (WORD_START.test(c)) {
      const start = i;
      while (i < n && WORD_PART.test(sql[i]!)) i += 1;
      const text = sql.slice(start, i);
      tokens.push({ type: 'word', text, value: text.toLowerCase() });
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const start = i;
      while (i < n && /[0-9.eE_]/.test(sql[i]!)) i += 1;
      tokens.push({ type: 'number', text: sql.slice(start, i), value: sql.slice(start, i) });
    } else {
      tokens.push({ type: 'punct', text: c, value: c });
      i += 1;
    }
  }
  return tokens;
}

/** Tokens without a trailing `;`; throws if another `;` separates statements. */
export function singleStatement(sql: string): Token[] {
  const tokens = tokenize(sql);
  while (tokens.length > 0 && tokens[tokens.length - 1]!.text === ';') tokens.pop();
  if (tokens.some((t) => t.text === ';')) throw new SqlLexError('more than one statement (a ";" before the end)');
  if (tokens.length === 0) throw new SqlLexError('empty statement');
  return tokens;
}

/** The identifier a word or quoted-identifier token names, as Postgres folds it. */
export function identifierOf(token: Token | undefined): string | undefined {
  if (!token) return undefined;
  if (token.type === 'word' || token.type === 'quoted-ident') return token.value;
  return undefined;
}

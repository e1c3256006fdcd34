// Placeholder translation between pg's positional `$1` and the RDS Data API's named `:name`. Both
// directions walk the SQL text and skip what is not code (string literals, quoted identifiers, comments,
// dollar-quoted bodies), so a `$1` inside a string or a `::bigint` cast is never taken for a parameter.

/** Calls `onCode` for every stretch of SQL that is code (not literal or comment), with its offset. */
function forEachCodeSegment(text: string, onCode: (segment: string, offset: number) => void): void {
  let i = 0;
  let codeStart = 0;
  const flush = (end: number) => {
    if (end > codeStart) onCode(text.slice(codeStart, end), codeStart);
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    let skipTo = -1;
    if (c === "'") {
      // E'...' strings allow backslash escapes; standard strings only '' doubling.
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && (i < 2 || !/[\w$]/.test(text[i - 2]!));
      let j = i + 1;
      while (j < text.length) {
        if (escapes && text[j] === '\\') j += 2;
        else if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j += 1;
      }
      skipTo = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === '"' && text[j + 1] !== '"')) j += text[j] === '"' ? 2 : 1;
      skipTo = j + 1;
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      skipTo = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') (depth += 1), (j += 2);
        else if (text[j] === '*' && text[j + 1] === '/') (depth -= 1), (j += 2);
        else j += 1;
      }
      skipTo = j;
    } else if (c === '$' && (i === 0 || !/[\w$]/.test(text[i - 1]!))) {
      // $tag$ ... $tag$ (tag empty or an identifier); `$1` is a placeholder, not a quote.
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        skipTo = end < 0 ? text.length : end + tag[0].length;
      }
    }
    if (skipTo >= 0) {
      flush(i);
      i = Math.min(skipTo, text.length);
      codeStart = i;
    } else {
      i += 1;
    }
  }
  flush(text.length);
}

/** Rewrites code segments with `replace`, leaving literals and comments untouched. */
function rewriteCode(text: string, replace: (segment: string) => string): string {
  let out = '';
  let last = 0;
  forEachCodeSegment(text, (segment, offset) => {
    out += text.slice(last, offset) + replace(segment);
    last = offset + segment.length;
  });
  return out + text.slice(last);
}

/** The Data API parameter name used for pg's `$n`. */
export const namedParameter = (index: number): string => `p${index}`;

/** `$1, $2` -> `:p1, :p2` for the Data API; returns the text and the highest index used. */
export function positionalToNamed(text: string): { text: string; count: number } {
  let count = 0;
  const rewritten = rewriteCode(text, (code) =>
    code.replace(/\$(\d+)(?![\w$])/g, (_m, digits: string) => {
      const index = Number(digits);
      count = Math.max(count, index);
      return `:${namedParameter(index)}`;
    }),
  );
  return { text: rewritten, count };
}

/**
 * `:name` -> `$k` (k by first appearance), skipping `::type` casts. `render` may wrap the placeholder
 * (e.g. add a cast); it receives the parameter name and its 1-based position.
 */
export function namedToPositional(text: string, render: (name: string, position: number) => string = (_n, p) => `$${p}`): { text: string; names: string[] } {
  const names: string[] = [];
  const rewritten = rewriteCode(text, (code) =>
    code.replace(/(^|[^:]):([A-Za-z_][A-Za-z0-9_]*)/g, (_m, before: string, name: string) => {
      let position = names.indexOf(name) + 1;
      if (position === 0) position = names.push(name);
      return `${before}${render(name, position)}`;
    }),
  );
  return { text: rewritten, names };
}

// Identifier quoting in one place: every identifier pg-bakeoff builds goes through quoteIdent, values
// always travel as bind parameters.

export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('Cannot quote an empty identifier');
  if (name.includes('\u0000')) throw new Error('Identifiers cannot contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table`, both parts quoted. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A string literal for the few statements that take no bind parameters (COMMENT ON, SET). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('Literals cannot contain NUL characters');
  return `'${value.replace(/'/g, "''")}'`;
}

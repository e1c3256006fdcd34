// Protocol limits that shape how statements are built. The Bind message counts parameters in 16 bits,
// so a statement with more than 65,535 parameters is rejected (or silently truncated by old drivers).

export const MAX_BIND_PARAMETERS = 65_535;

/** How many rows of `columns` parameters fit one statement, given the batch size the user asked for. */
export function rowsPerStatement(batchSize: number, columns: number): number {
  if (columns < 1) throw new Error('columns must be at least 1');
  return Math.max(1, Math.min(batchSize, Math.floor(MAX_BIND_PARAMETERS / columns)));
}

/** Splits items into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

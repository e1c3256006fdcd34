// The parameter-limit arithmetic that keeps multi-row statements valid.
import { describe, expect, it } from 'vitest';
import { MAX_BIND_PARAMETERS, chunk, rowsPerStatement } from '../core/pg-limits.ts';

describe('rowsPerStatement', () => {
  it('keeps the batch size when it fits', () => {
    expect(rowsPerStatement(1000, 6)).toBe(1000);
  });
  it('caps rows so rows x columns never exceeds 65,535', () => {
    const rows = rowsPerStatement(1_000_000, 6);
    expect(rows * 6).toBeLessThanOrEqual(MAX_BIND_PARAMETERS);
    expect((rows + 1) * 6).toBeGreaterThan(MAX_BIND_PARAMETERS);
  });
});

describe('chunk', () => {
  it('covers every item once, in order, with a short last chunk', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const chunks = chunk(items, 4);
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(chunks.flat()).toEqual(items);
  });
});

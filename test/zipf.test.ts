// Zipf-like draws: always within 1..n, rank 1 the most frequent, frequencies falling with rank, and
// uniform when the exponent is 0.
import { describe, expect, it } from 'vitest';
import { prng } from '../core/prng.ts';
import { zipfRank } from '../core/zipf.ts';

function counts(n: number, s: number, draws: number): number[] {
  const random = prng(11);
  const c = new Array<number>(n + 1).fill(0);
  let outside = 0;
  for (let i = 0; i < draws; i += 1) {
    const r = zipfRank(n, s, random());
    if (Number.isInteger(r) && r >= 1 && r <= n) c[r]! += 1;
    else outside += 1;
  }
  expect(outside).toBe(0);
  return c;
}

describe('zipfRank', () => {
  it('makes rank 1 the most frequent and frequencies fall with rank', () => {
    const c = counts(1000, 1, 200_000);
    expect(Math.max(...c.slice(2))).toBeLessThan(c[1]!);
    expect(c[1]!).toBeGreaterThan(2 * c[3]!);
    expect(c[10]!).toBeGreaterThan(5 * c[500]!);
    // About 1/H(1000) ~ 13% of draws for rank 1 in classic Zipf; the continuous form gives ~10%.
    expect(c[1]! / 200_000).toBeGreaterThan(0.05);
  });

  it('is uniform with exponent 0 and handles n = 1', () => {
    const c = counts(10, 0, 100_000).slice(1);
    for (const v of c) expect(Math.abs(v - 10_000)).toBeLessThan(1000);
    expect(zipfRank(1, 1, 0.99)).toBe(1);
  });
});

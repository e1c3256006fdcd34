// The statistics behind compare verdicts: ranks with ties, the exact floor of the U test's p-value, and
// estimates that decide only when the trials can (separated samples), never when they cannot (too few
// trials, identical or overlapping samples), the same way every time.
import { describe, expect, it } from 'vitest';
import { prng as seededRandom } from '../core/prng.ts';
import { estimateChange, mannWhitneyPValue, midRanks, minimumPValue } from '../reports/compare/statistics.ts';

describe('midRanks', () => {
  it('ranks 1..n and gives tied values their average rank', () => {
    expect(midRanks([30, 10, 20])).toEqual([3, 1, 2]);
    expect(midRanks([5, 7, 5, 9, 7, 7])).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });
});

describe('minimumPValue', () => {
  it('is 2 / C(n+m, n): no verdict is possible at 5% with 3 trials a side, one is with 4 or 5', () => {
    expect(minimumPValue(3, 3)).toBeCloseTo(2 / 20, 12);
    expect(minimumPValue(4, 4)).toBeCloseTo(2 / 70, 12);
    expect(minimumPValue(5, 5)).toBeCloseTo(2 / 252, 12);
    expect(minimumPValue(3, 3)).toBeGreaterThan(0.05);
    expect(minimumPValue(4, 4)).toBeLessThan(0.05);
  });
});

describe('mannWhitneyPValue', () => {
  it('matches the exact value for fully separated samples and never goes below it', () => {
    const p = mannWhitneyPValue([1, 2, 3, 4, 5], [10, 11, 12, 13, 14], seededRandom(7));
    expect(p).toBeGreaterThanOrEqual(2 / 252);
    expect(p).toBeLessThan(0.02);
    expect(mannWhitneyPValue([1, 2, 3], [10, 11, 12], seededRandom(7))).toBeGreaterThanOrEqual(0.1);
  });

  it('is 1 for identical samples and for fewer than 2 trials a side', () => {
    expect(mannWhitneyPValue([4, 4, 4], [4, 4, 4], seededRandom(1))).toBe(1);
    expect(mannWhitneyPValue([1], [10, 11, 12], seededRandom(1))).toBe(1);
  });
});

describe('estimateChange', () => {
  const a = [100, 104, 97, 101, 99];

  it('decides a clear slowdown with 5 trials a side: change, interval below 0, significant', () => {
    const e = estimateChange(a, [50, 52, 49, 51, 48]);
    expect(e.change).toBeCloseTo(50 / 100 - 1, 12);
    expect(e.ciHigh).toBeLessThan(0);
    expect(e.ciLow).toBeLessThanOrEqual(e.change);
    expect(e.significant).toBe(true);
  });

  it('does not decide the same slowdown with 3 trials a side', () => {
    const e = estimateChange(a.slice(0, 3), [50, 52, 49]);
    expect(e.change).toBeLessThan(0);
    expect(e.pValue).toBeGreaterThanOrEqual(0.1);
    expect(e.significant).toBe(false);
  });

  it('does not decide overlapping samples or identical ones', () => {
    expect(estimateChange(a, [98, 103, 96, 105, 100]).significant).toBe(false);
    const same = estimateChange(a, [...a]);
    expect(same.change).toBe(0);
    expect(same.pValue).toBe(1);
    expect(same.significant).toBe(false);
  });

  it('gives the same answer every time, and none for an empty side or a zero median', () => {
    expect(estimateChange(a, [60, 61, 59, 62, 58])).toEqual(estimateChange(a, [60, 61, 59, 62, 58]));
    expect(estimateChange([], [1, 2]).significant).toBe(false);
    expect(Number.isNaN(estimateChange([0, 0, 0], [1, 2, 3]).change)).toBe(true);
    expect(estimateChange([0, 0, 0], [1, 2, 3]).significant).toBe(false);
  });
});

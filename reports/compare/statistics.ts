// How sure a comparison of two runs can be, from their trials (the independent measurements; operations
// inside a trial are not independent of each other). Two questions, two tools from simple-statistics:
// - is there a difference: a Mann-Whitney U test, done as simple-statistics' permutation test on the
//   pooled ranks (ranks make it robust to an outlier trial, and rank sums are exact in floating point,
//   so the observed arrangement always counts as "as extreme as itself");
// - how large: a percentile-bootstrap interval of the relative change of the medians.
// Resampling uses a seeded generator, so the same two reports always give the same verdict.
import { median, permutationTest, quantile, sampleWithReplacement } from 'simple-statistics';
import { prng } from '../../core/prng.ts';

export const DEFAULT_ALPHA = 0.05;
const PERMUTATIONS = 10_000;
const BOOTSTRAP_RESAMPLES = 4_000;

export interface ChangeEstimate {
  /** Relative change of the median, B against A (0.1 = B is 10 % higher). NaN when A's median is 0. */
  change: number;
  /** The (1 - alpha) bootstrap interval of `change`. */
  ciLow: number;
  ciHigh: number;
  /** Two-sided p-value of the Mann-Whitney U test (1 when there are too few trials to test). */
  pValue: number;
  /** The smallest p-value these numbers of trials can ever give: 2 / C(n + m, n). */
  minPValue: number;
  /** p < alpha and the interval excludes 0. */
  significant: boolean;
}

/** Ranks 1..n of the pooled values, ties sharing their average rank (as the U test defines). */
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) ranks[order[k]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i += 1) result = (result * (n - k + i)) / i;
  return result;
}

export function minimumPValue(n: number, m: number): number {
  if (n < 1 || m < 1) return 1;
  return Math.min(1, 2 / binomial(n + m, n));
}

/** Two-sided Mann-Whitney U test p-value for samples a and b. */
export function mannWhitneyPValue(a: readonly number[], b: readonly number[], random: () => number): number {
  if (a.length < 2 || b.length < 2) return 1;
  const ranks = midRanks([...a, ...b]);
  const p = permutationTest(ranks.slice(0, a.length), ranks.slice(a.length), 'two_side', PERMUTATIONS, random);
  // A sampled permutation test can undershoot the exact distribution's floor; never claim more than the
  // trials can show.
  return Math.min(1, Math.max(p, minimumPValue(a.length, b.length)));
}

function relativeChange(a: readonly number[], b: readonly number[]): number {
  const base = median(a as number[]);
  return base === 0 ? Number.NaN : median(b as number[]) / base - 1;
}

/** Compares sample b (the new run) against sample a (the baseline). */
export function estimateChange(a: readonly number[], b: readonly number[], alpha = DEFAULT_ALPHA, seed = 1): ChangeEstimate {
  const minPValue = minimumPValue(a.length, b.length);
  if (a.length === 0 || b.length === 0) {
    return { change: Number.NaN, ciLow: Number.NaN, ciHigh: Number.NaN, pValue: 1, minPValue, significant: false };
  }
  const change = relativeChange(a, b);
  const random = prng(seed);
  const resampled: number[] = [];
  for (let i = 0; i < BOOTSTRAP_RESAMPLES; i += 1) {
    const value = relativeChange(sampleWithReplacement(a as number[], a.length, random), sampleWithReplacement(b as number[], b.length, random));
    if (Number.isFinite(value)) resampled.push(value);
  }
  const ciLow = resampled.length ? quantile(resampled, alpha / 2) : Number.NaN;
  const ciHigh = resampled.length ? quantile(resampled, 1 - alpha / 2) : Number.NaN;
  const pValue = mannWhitneyPValue(a, b, random);
  const excludesZero = ciLow > 0 || ciHigh < 0;
  return { change, ciLow, ciHigh, pValue, minPValue, significant: Number.isFinite(change) && pValue < alpha && excludesZero };
}

// Zipf-like skew for generated data and parameters: rank 1 is the most frequent, rank k about k^-s as
// frequent. It uses the continuous power-law inverse CDF, so a draw costs O(1) and no table of n
// weights is built, whatever n is; "Zipf-like" rather than exact Zipf, which is all a benchmark needs.

/** A rank in 1..n for a uniform `u` in [0, 1); `s` is the exponent (0 = uniform, 1 = classic Zipf). */
export function zipfRank(n: number, s: number, u: number): number {
  if (n <= 1) return 1;
  const top = n + 1;
  const x = Math.abs(s - 1) < 1e-9 ? Math.pow(top, u) : Math.pow((Math.pow(top, 1 - s) - 1) * u + 1, 1 / (1 - s));
  return Math.min(n, Math.max(1, Math.floor(x)));
}

// Picks keys with a tunable skew, so contention is a knob: key k (0-based) is drawn with probability
// proportional to 1 / (k + 1)^skew. Skew 0 is uniform; skew 1 is the classic Zipf law where key 0 is
// drawn twice as often as key 1 and ten times as often as key 9; higher values concentrate further.

export interface KeyPicker {
  readonly keys: number;
  /** A key in [0, keys). */
  pick(): number;
  /** A key in [0, keys) other than `other` (needs keys >= 2). */
  pickOther(other: number): number;
  /** Probability of drawing `key`. */
  probability(key: number): number;
}

export function skewedKeys(keys: number, skew: number, random: () => number = Math.random): KeyPicker {
  if (!Number.isInteger(keys) || keys < 1) throw new Error(`skewedKeys needs a whole number of keys >= 1, got ${keys}`);
  if (!Number.isFinite(skew) || skew < 0) throw new Error(`skewedKeys needs a skew >= 0, got ${skew}`);
  // Cumulative weights, searched by bisection: O(log n) per draw, O(n) memory once.
  const cumulative = new Float64Array(keys);
  let total = 0;
  for (let k = 0; k < keys; k += 1) {
    total += 1 / (k + 1) ** skew;
    cumulative[k] = total;
  }
  const pick = (): number => {
    const target = random() * total;
    let lo = 0;
    let hi = keys - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return {
    keys,
    pick,
    pickOther(other) {
      if (keys < 2) throw new Error('pickOther needs at least 2 keys');
      // Redraw rather than shift, so the second key follows the same distribution (conditioned on differing).
      for (;;) {
        const key = pick();
        if (key !== other) return key;
      }
    },
    probability: (key) => (key < 0 || key >= keys ? 0 : 1 / (key + 1) ** skew / total),
  };
}

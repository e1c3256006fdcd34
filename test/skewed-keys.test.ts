// The skewed key picker draws key k with probability proportional to 1 / (k + 1)^skew: uniform at 0,
// Zipf at 1, and pickOther never returns the key it is given.
import { describe, expect, it } from 'vitest';
import { skewedKeys } from '../core/load/skewed-keys.ts';
import { prng as seeded } from '../core/prng.ts';

describe('skewedKeys', () => {
  it('maps the unit interval onto keys by their cumulative weights', () => {
    let next = 0;
    const picker = skewedKeys(4, 0, () => next);
    const at = (u: number) => ((next = u), picker.pick());
    expect([0, 0.24, 0.25, 0.49, 0.5, 0.74, 0.75, 0.999].map(at)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('is uniform at skew 0 and Zipf at skew 1', () => {
    expect(skewedKeys(4, 0).probability(3)).toBeCloseTo(0.25, 12);
    const zipf = skewedKeys(10, 1);
    expect(zipf.probability(0) / zipf.probability(1)).toBeCloseTo(2, 12);
    expect(zipf.probability(0) / zipf.probability(9)).toBeCloseTo(10, 12);
    const total = Array.from({ length: 10 }, (_, k) => zipf.probability(k)).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('draws keys with those frequencies', () => {
    const picker = skewedKeys(10, 1, seeded(7));
    const counts = new Array<number>(10).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i += 1) counts[picker.pick()]! += 1;
    for (let k = 0; k < 10; k += 1) expect(counts[k]! / draws).toBeCloseTo(picker.probability(k), 2);
  });

  it('pickOther returns a different key, also when one key is hot', () => {
    const picker = skewedKeys(2, 4, seeded(3));
    for (let i = 0; i < 200; i += 1) expect(picker.pickOther(0)).toBe(1);
    expect(() => skewedKeys(1, 0).pickOther(0)).toThrow(/at least 2 keys/);
  });

  it('rejects nonsense sizes and skews', () => {
    expect(() => skewedKeys(0, 0)).toThrow(/keys >= 1/);
    expect(() => skewedKeys(3, -1)).toThrow(/skew >= 0/);
  });
});

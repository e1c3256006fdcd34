// Seeded randomness for the load engine, so a slice's operation mix and Poisson arrivals are reproducible
// from its seed and two worker processes never draw the same sequence. The generator is core/prng.ts's
// (one implementation for data, parameters and load).
import { prng } from '../prng.ts';

/** Returns a function giving uniform numbers in [0, 1), determined by `seed`. */
export const seededRandom: (seed: number) => () => number = prng;

/** A whole number in [min, max], inclusive. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

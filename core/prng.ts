// Seedable pseudo-random numbers for generated data and query parameters: the same seed gives the same
// rows and the same parameter draws in every variant and trial, so variants differ only in what they test.

/** mulberry32: a tiny, fast, seedable PRNG returning numbers in [0, 1); quality is plenty for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Splits a trial's load into slices: whole things (connections, clients) as evenly as possible, rates
// exactly. Every executor splits the same way, so one worker or ten make the same total load.
import type { SliceLoad } from './executor.ts';

/** `total` whole units over `parts`: the first `total % parts` parts get one more. Sums to `total`. */
export function splitEvenly(total: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`cannot split into ${parts} parts`);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** Each slice's share of the load: concurrency split evenly, an arrival rate divided exactly. */
export function splitLoad(load: SliceLoad, parts: number): SliceLoad[] {
  const clients = splitEvenly(load.concurrency, parts);
  return clients.map((concurrency) =>
    load.mode === 'closed' ? { ...load, concurrency } : { ...load, concurrency, ratePerSecond: load.ratePerSecond / parts },
  );
}

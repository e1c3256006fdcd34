// Arrival schedules for open-loop load: when each operation is supposed to start, independent of when
// earlier ones finish. Evenly spaced arrivals are the textbook fixed rate; Poisson arrivals (exponential
// gaps) are what many independent users look like, with bursts a fixed rate never has.
import { seededRandom } from './seeded-random.ts';

export type ArrivalProcess = 'even' | 'poisson';

/** Gives successive intended start offsets in milliseconds from the start of the run (0, 2, 4, ...). */
export type ArrivalSchedule = () => number;

export function arrivalSchedule(process: ArrivalProcess, ratePerSecond: number, seed = 1): ArrivalSchedule {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new Error(`arrival rate must be a positive number (got ${ratePerSecond})`);
  const meanGapMs = 1000 / ratePerSecond;
  if (process === 'even') {
    let index = 0;
    // Multiplying rather than summing keeps floating-point drift out of long runs.
    return () => meanGapMs * index++;
  }
  const random = seededRandom(seed);
  let at = 0;
  return () => {
    // Exponential gaps (inverse transform; 1 - u avoids log(0)) make a Poisson process.
    at += -Math.log(1 - random()) * meanGapMs;
    return at;
  };
}

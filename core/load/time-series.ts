// Lines samples from several sources (each worker process's pool, the coordinator's view of the server)
// up on one time grid, so a report can chart pool utilization and server connections together.
import type { LoadSample } from './sampler.ts';

/** One point of the merged series; `tMs` is ms since the trial started. Counts are summed over sources. */
export interface TimePoint {
  tMs: number;
  poolTotal?: number;
  poolIdle?: number;
  poolInUse?: number;
  poolWaiting?: number;
  serverConnections?: number;
  serverActive?: number;
  /** Operations finished by then (cumulative, all sources), and how many of them failed. */
  opsDone?: number;
  opsFailed?: number;
}

const FIELDS = ['poolTotal', 'poolIdle', 'poolWaiting', 'serverConnections', 'serverActive', 'opsDone', 'opsFailed'] as const;

/**
 * Buckets each source's samples on a grid of `intervalMs` from `originMs` (within a source the last
 * sample in a bucket wins, and a bucket a source skipped carries its previous sample forward, within
 * that source's own time span), then adds the sources up bucket by bucket.
 */
export function combineSamples(sources: readonly (readonly LoadSample[])[], originMs: number, intervalMs: number): TimePoint[] {
  const bucketsPerSource = sources
    .filter((s) => s.length > 0)
    .map((samples) => {
      const byBucket = new Map<number, LoadSample>();
      for (const sample of samples) byBucket.set(Math.max(0, Math.round((sample.atMs - originMs) / intervalMs)), sample);
      return byBucket;
    });
  if (bucketsPerSource.length === 0) return [];
  const all = bucketsPerSource.flatMap((m) => [...m.keys()]);
  const first = Math.min(...all);
  const last = Math.max(...all);
  const points: TimePoint[] = [];
  const carried: Array<LoadSample | undefined> = bucketsPerSource.map(() => undefined);
  for (let bucket = first; bucket <= last; bucket += 1) {
    const point: TimePoint = { tMs: bucket * intervalMs };
    bucketsPerSource.forEach((byBucket, i) => {
      const own = byBucket.get(bucket);
      if (own) carried[i] = own;
      const lastOwn = Math.max(...byBucket.keys());
      const sample = bucket <= lastOwn ? carried[i] : undefined;
      if (!sample) return;
      for (const field of FIELDS) {
        const value = sample[field];
        if (value !== undefined) point[field] = (point[field] ?? 0) + value;
      }
    });
    if (point.poolTotal !== undefined && point.poolIdle !== undefined) point.poolInUse = point.poolTotal - point.poolIdle;
    points.push(point);
  }
  return points;
}

// The one place slice results are combined, whichever executor produced them (in-process, local worker
// processes, Lambda): histograms are added bucket by bucket (never averaged percentiles), counters and
// errors are summed, time series are lined up, and the generator is client-bound if any slice was.
import { encodeHistogram, mergeEncoded, type Histogram } from '../histogram.ts';
import type { LoadSample } from '../load/sampler.ts';
import type { SliceResult } from './executor.ts';

export interface MergedSlices {
  slices: number;
  /** Earliest start over the slices (epoch ms). */
  startedAtMs: number;
  /** From the earliest start to the latest finish. */
  elapsedMs: number;
  histograms: Record<string, Histogram>;
  counters: Record<string, number>;
  errors: Record<string, number>;
  /** Each slice's samples, kept apart (see core/load/time-series.ts to line them up). */
  samples: LoadSample[][];
  /** Highest event-loop utilization and CPU over the slices; client-bound if any slice was. */
  selfWatch: { eventLoopUtilization: number; cpu: number; clientBound: boolean; clientBoundSlices: number };
}

function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const [key, value] of Object.entries(source)) target[key] = (target[key] ?? 0) + value;
}

export function mergeSliceResults(results: readonly SliceResult[]): MergedSlices {
  if (results.length === 0) throw new Error('mergeSliceResults needs at least one slice result');
  const names = new Set(results.flatMap((r) => Object.keys(r.histograms)));
  const histograms: Record<string, Histogram> = {};
  for (const name of names) {
    histograms[name] = mergeEncoded(results.map((r) => r.histograms[name]).filter((h): h is string => h !== undefined));
  }
  const counters: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const r of results) {
    addInto(counters, r.counters);
    addInto(errors, r.errors);
  }
  const startedAtMs = Math.min(...results.map((r) => r.startedAtMs));
  const endedAtMs = Math.max(...results.map((r) => r.startedAtMs + r.elapsedMs));
  return {
    slices: results.length,
    startedAtMs,
    elapsedMs: endedAtMs - startedAtMs,
    histograms,
    counters,
    errors,
    samples: results.map((r) => r.samples),
    selfWatch: {
      eventLoopUtilization: Math.max(...results.map((r) => r.selfWatch.eventLoopUtilization)),
      cpu: Math.max(...results.map((r) => r.selfWatch.cpu)),
      clientBound: results.some((r) => r.selfWatch.clientBound),
      clientBoundSlices: results.filter((r) => r.selfWatch.clientBound).length,
    },
  };
}

/** Encodes merged histograms back for shipping on (e.g. a coordinator Lambda returning to the CLI). */
export function encodeHistograms(histograms: Record<string, Histogram>): Record<string, string> {
  return Object.fromEntries(Object.entries(histograms).map(([name, h]) => [name, encodeHistogram(h)]));
}

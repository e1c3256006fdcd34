// Latency recording: HDR histograms in microseconds. Histograms (never pre-computed percentiles) are what
// trials, worker processes and Lambda workers ship around; this is the one place that encodes, decodes
// and merges them, and turns them into the percentiles a report shows.
import * as hdr from 'hdr-histogram-js';
import { z } from 'zod';

export type Histogram = hdr.Histogram;

/** Latency percentiles in milliseconds, as report.json carries them. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

// One hour in microseconds: anything slower is a hang, not a latency.
const HIGHEST_TRACKABLE_US = 3_600_000_000;

export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Records one latency given in milliseconds (fractions allowed), clamped into the trackable range. */
export function recordMs(histogram: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  histogram.recordValue(Math.min(Math.max(us, 1), HIGHEST_TRACKABLE_US));
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32, false);
  // Re-home into a histogram with our own range so merges never hit a range mismatch.
  const out = createHistogram();
  out.add(decoded);
  return out;
}

/**
 * An encoded histogram in a file (report.json, a worker's answer): checked by decoding it, so a damaged
 * one is refused where it is read, with its path, and never surprises a chart or a merge later.
 */
export const encodedHistogramSchema = z.string().refine(
  (encoded) => {
    try {
      decodeHistogram(encoded);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not an encoded HDR histogram' },
);

/** Merges encoded histograms into one (sums counts bucket by bucket; percentiles are never averaged). */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const merged = createHistogram();
  for (const item of encoded) merged.add(decodeHistogram(item));
  return merged;
}

export function summarize(histogram: Histogram): LatencySummary {
  const toMs = (us: number) => Math.round(us) / 1000;
  if (histogram.totalCount === 0) return { count: 0, mean: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: histogram.totalCount,
    mean: toMs(histogram.mean),
    p50: toMs(histogram.getValueAtPercentile(50)),
    p95: toMs(histogram.getValueAtPercentile(95)),
    p99: toMs(histogram.getValueAtPercentile(99)),
    p999: toMs(histogram.getValueAtPercentile(99.9)),
    max: toMs(histogram.maxValue),
  };
}

/** Percentile curve (percentile -> ms) for charts; points spaced for a log-scaled "nines" axis. */
export function percentileCurve(histogram: Histogram): Array<{ percentile: number; ms: number }> {
  if (histogram.totalCount === 0) return [];
  const points = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99, 100];
  return points.map((percentile) => ({ percentile, ms: histogram.getValueAtPercentile(percentile) / 1000 }));
}

/** Where a hot path sends latencies (ms): a histogram directly, or staged (stagedRecorder). */
export interface LatencySink {
  record(ms: number): void;
}

/** Records straight into `histogram`. */
export function histogramSink(histogram: Histogram): LatencySink {
  return { record: (ms) => recordMs(histogram, ms) };
}

/**
 * Latencies in ms waiting to go into a histogram: a hot loop stores each one in a typed array (one cache
 * line it keeps touching) and they are recorded a block at a time. The load loops wake once per
 * operation at a modest rate, so their caches are cold each time; running the histogram's index
 * arithmetic and touching its counts once per value on a cold cache cost more than the record itself
 * (bench open-loop-layers, sides run together at 1,000 selects/s: the engine loop over a bare loop 1.045x
 * recording each value, 1.027x staged). `flush()` before the histogram is read.
 */
export interface StagedRecorder extends LatencySink {
  /** Records everything staged into the histogram. */
  flush(): void;
}

export function stagedRecorder(histogram: Histogram, capacity = 256): StagedRecorder {
  const staged = new Float64Array(capacity);
  let count = 0;
  const flush = () => {
    for (let i = 0; i < count; i += 1) recordMs(histogram, staged[i]!);
    count = 0;
  };
  return {
    record(ms) {
      staged[count] = ms;
      count += 1;
      if (count === capacity) flush();
    },
    flush,
  };
}

// Turns a variant's trials into its summary: medians across trials for throughput and metrics, and
// latency percentiles from the histogram merged over all trials.
import { median } from 'simple-statistics';
import { encodeHistogram, mergeEncoded, summarize } from '../histogram.ts';
import type { TrialResult, VariantSummary } from './result-model.ts';

export function summarizeTrials(allTrials: readonly TrialResult[], unit: string): VariantSummary {
  // Errors count across every trial; figures only come from trials that ran to the end.
  const trials = allTrials.filter((t) => t.failure === undefined);
  const failedTrials = allTrials.length - trials.length;
  const merged = mergeEncoded(trials.map((t) => t.histogram));
  const throughputs = trials.map((t) => t.throughput);
  const errors: Record<string, number> = {};
  for (const trial of allTrials) {
    for (const [kind, count] of Object.entries(trial.errors)) errors[kind] = (errors[kind] ?? 0) + count;
  }
  const metricKeys = new Set(trials.flatMap((t) => Object.keys(t.metrics)));
  const metrics: Record<string, number> = {};
  for (const key of metricKeys) {
    const values = trials.map((t) => t.metrics[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length > 0) metrics[key] = median(values);
  }
  return {
    throughput: throughputs.length ? median(throughputs) : 0,
    unit,
    throughputMin: throughputs.length ? Math.min(...throughputs) : 0,
    throughputMax: throughputs.length ? Math.max(...throughputs) : 0,
    elapsedMs: trials.length ? median(trials.map((t) => t.elapsedMs)) : 0,
    latencyMs: summarize(merged),
    errors,
    metrics,
    histogram: encodeHistogram(merged),
    ...(failedTrials > 0 ? { failedTrials } : {}),
  };
}

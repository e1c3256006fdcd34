// The figures the recommendation and the report's matrices share, pooled across trials: anomalies are
// summed (an anomaly seen in one trial of three was seen), rates are ratios of summed counts (not medians
// of per-trial ratios), throughput is the engine's median. Works on both the engine's outcomes and
// report.json variants, which have the same shape where it matters.
import { variantKeyOf, type VariantKey } from './model.ts';

export interface VariantLike {
  name: string;
  status: string;
  params: Record<string, unknown>;
  summary: { throughput: number; latencyMs: { p50: number; p99: number }; metrics: Record<string, number> };
  trials?: ReadonlyArray<{ throughput?: number; metrics: Record<string, number> }>;
}

export interface VariantFigures {
  name: string;
  key: VariantKey;
  ok: boolean;
  trials: number;
  /** Committed transactions per second, median of trials. */
  throughput: number;
  /** Slowest and fastest trial, for telling a difference from noise. */
  throughputMin: number;
  throughputMax: number;
  commits: number;
  attempts: number;
  /** Share of attempts that aborted, in percent. */
  abortPct: number;
  abortPct40001: number;
  abortPct40P01: number;
  retriesPerCommit: number;
  giveUps: number;
  /** Invariant breaks summed over trials. */
  violations: number;
  /** Lost updates summed over trials (transfer, counter); undefined for workloads without the notion. */
  lostUpdates?: number;
  /** Shifts summed over trials (write-skew). */
  shifts?: number;
  p50: number;
  p99: number;
}

function sumOf(trials: ReadonlyArray<{ metrics: Record<string, number> }>, key: string): number | undefined {
  const values = trials.map((t) => t.metrics[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
}

export function variantFigures(variant: VariantLike): VariantFigures | undefined {
  const key = variantKeyOf(variant.params);
  if (!key) return undefined;
  // Outcomes built without per-trial metrics fall back to the medians, as a single pseudo-trial.
  const trials = variant.trials && variant.trials.length > 0 ? variant.trials : variant.status === 'ok' ? [{ throughput: variant.summary.throughput, metrics: variant.summary.metrics }] : [];
  const throughputs = trials.map((t) => t.throughput ?? variant.summary.throughput);
  const total = (k: string) => sumOf(trials, k) ?? 0;
  const attempts = total('attempts');
  const commits = total('commits');
  const pooledPct = (abortsKey: string) => (attempts > 0 ? (100 * total(abortsKey)) / attempts : 0);
  return {
    name: variant.name,
    key,
    ok: variant.status === 'ok',
    trials: trials.length,
    throughput: variant.summary.throughput,
    throughputMin: throughputs.length > 0 ? Math.min(...throughputs) : 0,
    throughputMax: throughputs.length > 0 ? Math.max(...throughputs) : 0,
    commits,
    attempts,
    abortPct: pooledPct('aborts'),
    abortPct40001: pooledPct('aborts40001'),
    abortPct40P01: pooledPct('aborts40P01'),
    retriesPerCommit: commits > 0 ? total('retries') / commits : 0,
    giveUps: total('giveUps'),
    violations: total('violations'),
    ...(sumOf(trials, 'lostUpdates') !== undefined ? { lostUpdates: sumOf(trials, 'lostUpdates')! } : {}),
    ...(sumOf(trials, 'shifts') !== undefined ? { shifts: sumOf(trials, 'shifts')! } : {}),
    p50: variant.summary.latencyMs.p50,
    p99: variant.summary.latencyMs.p99,
  };
}

export function allFigures(variants: readonly VariantLike[]): VariantFigures[] {
  return variants.map(variantFigures).filter((f): f is VariantFigures => f !== undefined);
}

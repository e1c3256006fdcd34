// The engine's result model: what a run measured, before it becomes report.json. Histograms travel
// encoded so trials, worker processes and Lambda workers all merge the same way.
import type { LatencySummary } from '../histogram.ts';

export type VariantStatus = 'ok' | 'failed' | 'unsupported';

export interface TrialResult {
  index: number;
  units: number;
  elapsedMs: number;
  throughput: number;
  latencyMs: LatencySummary;
  errors: Record<string, number>;
  metrics: Record<string, number>;
  check: { ok: boolean; detail: string };
  /** Operation latencies, HDR compressed base64 (microseconds). */
  histogram: string;
  extra?: Record<string, unknown>;
}

export interface VariantSummary {
  /** Median of the trials' throughput. */
  throughput: number;
  unit: string;
  throughputMin: number;
  throughputMax: number;
  /** Median wall time of the trials. */
  elapsedMs: number;
  /** From the histogram merged across all trials (never averaged percentiles). */
  latencyMs: LatencySummary;
  /** Summed across trials. */
  errors: Record<string, number>;
  /** Median across trials, per metric. */
  metrics: Record<string, number>;
  /** All trials merged, HDR compressed base64 (microseconds). */
  histogram: string;
}

export interface VariantResult {
  name: string;
  description: string;
  status: VariantStatus;
  /** Why the variant failed or is unsupported. */
  reason?: string;
  params: Record<string, unknown>;
  trials: TrialResult[];
  summary: VariantSummary;
}

export type RunStatus = 'completed' | 'interrupted' | 'failed';

export interface EngineResult {
  status: RunStatus;
  /** Why the run is not `completed`. */
  reason?: string;
  variants: VariantResult[];
}

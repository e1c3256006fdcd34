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
  /**
   * Set when the trial was cut short by a transient fault (lost connection, lock or statement timeout):
   * the error is counted in `errors`, and the trial is left out of throughput, latency and metrics.
   */
  failure?: string;
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
  /** Trials cut short by a transient fault (see TrialResult.failure); their errors are in `errors`. */
  failedTrials?: number;
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

/**
 * Something that happened to the run rather than to one operation: the database connection was lost,
 * came back, or did not come back. Kept in the report so a gap in the results is explained.
 */
export interface RunIncident {
  at: string;
  kind: 'connection-lost' | 'reconnected' | 'target-lost';
  detail: string;
  variant?: string;
  /** 0-based trial index (warmup rounds are not numbered). */
  trial?: number;
  /** For `reconnected` and `target-lost`: how long the run waited for the database. */
  waitedMs?: number;
}

export interface EngineResult {
  status: RunStatus;
  /** Why the run is not `completed`. */
  reason?: string;
  variants: VariantResult[];
  incidents?: RunIncident[];
}

// Turns what a pool-size trial collected (merged histograms, counters, the time series, the before/after
// snapshot) into the engine's TrialMeasurement: throughput units, latency, pool wait, utilization, the
// generator's own load, errors by kind, and the verification of the work. Both the direct mode and the
// HTTP mode end here, so they report the same figures the same way.
import { encodeHistogram, summarize, type Histogram } from '../../core/histogram.ts';
import { clientLoadMetrics } from '../../core/load/self-watch.ts';
import type { TimePoint } from '../../core/load/time-series.ts';
import type { TrialMeasurement } from '../../core/scenario.ts';
import type { WorkloadSnapshot } from './tables.ts';

export interface PoolVariantParams {
  /** Total pool size across workers; null for the connection-per-operation baseline. */
  poolSize: number | null;
  mode: 'closed' | 'open';
  /** Open loop: arrivals per second. */
  rate: number | null;
  concurrency: number;
  http: boolean;
  workers: number;
}

export interface TrialInputs {
  variant: PoolVariantParams;
  elapsedMs: number;
  /** `latency` (per operation or request), `acquire` (pool wait or connect time), `query`, and more. */
  histograms: Record<string, Histogram>;
  counters: Record<string, number>;
  errors: Record<string, number>;
  timeSeries: TimePoint[];
  selfWatch: { eventLoopUtilization: number; cpu: number; clientBound: boolean };
  before: WorkloadSnapshot;
  after: WorkloadSnapshot;
  maxConnections: number;
  /** Where the load came from, e.g. `in-process`, `local-processes x2`, `http (autocannon)`. */
  loadSource: string;
  /** Extra facts for the report (e.g. the HTTP request count match). */
  notes?: Record<string, unknown>;
}

/** Errors that mean the server would not take another connection. */
export function isRefusedConnection(kind: string): boolean {
  return kind.startsWith('53300') || kind.startsWith('53400');
}

function mean(values: number[]): number | undefined {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

export function trialMeasurement(inputs: TrialInputs): TrialMeasurement {
  const { variant, counters, errors } = inputs;
  const latency = inputs.histograms.latency!;
  const metrics: Record<string, number> = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) metrics[key] = value;
  };
  // Pool wait and query percentiles are not metrics (medians of per-trial percentiles would be a kind of
  // averaging): their histograms travel in `extra.histograms` and reports merge them across trials.
  if (variant.poolSize !== null) {
    const inUse = inputs.timeSeries.flatMap((p) => (p.poolInUse === undefined ? [] : [p.poolInUse]));
    const utilization = mean(inUse);
    put('utilizationPct', utilization === undefined ? undefined : (100 * utilization) / variant.poolSize);
    put('poolWaitingMean', mean(inputs.timeSeries.flatMap((p) => (p.poolWaiting === undefined ? [] : [p.poolWaiting]))));
  }
  const server = inputs.timeSeries.flatMap((p) => (p.serverConnections === undefined ? [] : [p.serverConnections]));
  put('serverConnectionsMax', server.length ? Math.max(...server) : undefined);
  put('serverConnectionsMean', mean(server));
  // Measured over the load window (and across worker processes), so the engine keeps these figures.
  Object.assign(metrics, clientLoadMetrics(inputs.selfWatch));
  if (variant.mode === 'open') {
    for (const key of ['scheduled', 'late', 'dropped'] as const) put(key, counters[key] ?? 0);
    put('latePct', counters.scheduled ? (100 * (counters.late ?? 0)) / counters.scheduled : undefined);
  }
  const succeeded = counters.succeeded ?? latency.totalCount;
  put('failed', counters.failed ?? 0);

  return {
    units: succeeded,
    elapsedMs: inputs.elapsedMs,
    histogram: latency,
    errors,
    metrics,
    check: verify(inputs, succeeded),
    extra: {
      loadSource: inputs.loadSource,
      timeSeries: inputs.timeSeries,
      counters,
      // Every histogram but `latency` (which the engine keeps), encoded, for reports to merge across trials.
      histograms: Object.fromEntries(Object.entries(inputs.histograms).filter(([name]) => name !== 'latency').map(([name, h]) => [name, encodeHistogram(h)])),
      ...(inputs.histograms.acquire ? { acquireMs: summarize(inputs.histograms.acquire) } : {}),
      maxConnections: inputs.maxConnections,
      ...(inputs.notes ?? {}),
    },
  };
}

/** The work a trial claims must be in the tables, and a server refusing connections fails the variant. */
function verify(inputs: TrialInputs, succeeded: number): { ok: boolean; detail: string } {
  const { counters, errors, variant } = inputs;
  const refused = Object.entries(errors).filter(([kind]) => isRefusedConnection(kind));
  if (refused.length > 0) {
    const count = refused.reduce((s, [, n]) => s + n, 0);
    const needs = variant.poolSize === null ? `${variant.concurrency} concurrent connections` : `a pool of ${variant.poolSize}`;
    return {
      ok: false,
      detail:
        `the server refused ${count} connection(s) (${refused.map(([k]) => k).join(', ')}): ${needs} plus pg-bakeoff's own ` +
        `connection does not fit max_connections = ${inputs.maxConnections}; use a smaller pool or raise max_connections`,
    };
  }
  if (succeeded === 0) {
    const kinds = Object.entries(errors).map(([k, n]) => `${k} x${n}`).join(', ');
    return { ok: false, detail: `no operation succeeded${kinds ? ` (errors: ${kinds})` : ''}` };
  }
  const ambiguous = counters.ambiguousWrites ?? 0;
  const inserted = inputs.after.orders - inputs.before.orders;
  const updated = inputs.after.balance - inputs.before.balance;
  const inserts = counters.ok_insert ?? 0;
  const updates = counters.ok_update ?? 0;
  const within = (found: number, expected: number) => found >= expected && found <= expected + ambiguous;
  const counts = `${succeeded} operations (${counters.ok_select ?? 0} select, ${updates} update, ${inserts} insert${counters.ok_heavy ? `, ${counters.ok_heavy} heavy` : ''})`;
  if (!within(inserted, inserts) || !within(updated, updates)) {
    return {
      ok: false,
      detail: `${counts}, but the tables show ${inserted} new orders and balances up by ${updated}${ambiguous ? ` (${ambiguous} writes of unknown outcome)` : ''}`,
    };
  }
  return { ok: true, detail: `${counts}; orders +${inserted} and balances +${updated} as counted` };
}

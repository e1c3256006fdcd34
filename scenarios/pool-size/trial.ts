// One pool-size trial driven straight at the database: splits the load into slices, runs them through an
// executor (this process, local worker processes with --workers, or Lambda workers on AWS), watches the
// server's connections for the run's application_name meanwhile, merges the slices, and verifies the work
// against the tables.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { chooseExecutor } from '../../core/executors/choose-executor.ts';
import { mergeSliceResults } from '../../core/executors/merge-slices.ts';
import { splitEvenly, splitLoad } from '../../core/executors/split-load.ts';
import type { SliceLoad, SliceRequest } from '../../core/executors/executor.ts';
import { serverConnectionReader, startSampler, type LoadSample } from '../../core/load/sampler.ts';
import { combineSamples } from '../../core/load/time-series.ts';
import { reconnectingClient } from '../../core/run/reconnecting-client.ts';
import type { TrialContext, TrialMeasurement } from '../../core/scenario.ts';
import { trialMeasurement, type PoolVariantParams } from './measurement.ts';
import type { PoolSizeOptions } from './options.ts';
import { runPoolSizeSlice } from './slice.ts';
import { snapshotWorkload, workloadTables } from './tables.ts';

/** A warmup round is short whatever --duration says: it only has to warm caches and plans. */
export const WARMUP_ROUND_MS = 1000;

/** A few samples a second, but no more than ~150 per trial so long runs keep report.json small. */
export function sampleInterval(durationMs: number): number {
  return Math.max(200, Math.ceil(durationMs / 150));
}

export function trialDurationMs(options: PoolSizeOptions, warmup: boolean): number {
  const ms = options.duration * 1000;
  return warmup ? Math.min(ms, WARMUP_ROUND_MS) : ms;
}

/** application_name for one trial's connections: unique, so pg_stat_activity counts only this trial's. */
export function trialApplicationName(): string {
  return `bakeoff-pool-${randomBytes(5).toString('hex')}`;
}

export async function readMaxConnections(client: Pick<pg.ClientBase, 'query'>): Promise<number> {
  const { rows } = await client.query<{ max_connections: string }>('SHOW max_connections');
  return Number(rows[0]!.max_connections);
}

/** Keeps server samples taken during the load only (the sampler starts while slices are still preparing). */
export function duringLoad(samples: LoadSample[], startedAtMs: number, elapsedMs: number, intervalMs: number): LoadSample[] {
  return samples.filter((s) => s.atMs >= startedAtMs - intervalMs / 2 && s.atMs <= startedAtMs + elapsedMs + intervalMs / 2);
}

export async function runDirectTrial(ctx: TrialContext<PoolSizeOptions>, variantName: string, variant: PoolVariantParams): Promise<TrialMeasurement> {
  const options = ctx.options;
  const durationMs = trialDurationMs(options, ctx.warmup);
  const intervalMs = sampleInterval(durationMs);
  const tables = workloadTables(ctx.schema);
  const applicationName = trialApplicationName();
  const load: SliceLoad =
    variant.mode === 'closed'
      ? { mode: 'closed', concurrency: variant.concurrency, durationMs }
      : { mode: 'open', ratePerSecond: variant.rate!, arrival: options.arrival, concurrency: variant.concurrency, durationMs };
  const loads = splitLoad(load, variant.workers);
  const pools = variant.poolSize === null ? undefined : splitEvenly(variant.poolSize, variant.workers);
  const requests: SliceRequest[] = loads.map((sliceLoad, index) => ({
    scenario: 'pool-size',
    variant: variantName,
    options: options as unknown as Record<string, unknown>,
    params: { poolSize: pools ? pools[index]! : null },
    schema: ctx.schema,
    applicationName,
    index,
    count: loads.length,
    load: sliceLoad,
    seed: (ctx.trial + 1) * 7919 + index * 104_729 + (ctx.warmup ? 1 : 0),
    sampleEveryMs: intervalMs,
    warmup: ctx.warmup,
  }));
  const executor = chooseExecutor(ctx, variant.workers, (name) => (name === 'pool-size' ? runPoolSizeSlice : undefined));

  // The observer reconnects after a lost connection: an outage is a gap in the server samples and
  // counted errors in the load, not a lost trial.
  const observer = await reconnectingClient(() => ctx.connect());
  try {
    const maxConnections = await readMaxConnections(observer);
    const before = await snapshotWorkload(observer, tables);
    const sampler = startSampler(serverConnectionReader(observer, applicationName), intervalMs, ctx.log);
    const startedAt = performance.now();
    let serverSamples: LoadSample[];
    let results;
    try {
      results = await executor.run(requests, {
        signal: ctx.signal,
        onProgress: (done) => {
          // The total is unknown for a timed run: extrapolate from the time gone so the bar fills with time.
          const fraction = Math.min(1, (performance.now() - startedAt) / durationMs);
          ctx.progress(done, Math.max(done, Math.round(done / Math.max(fraction, 0.01))));
        },
      });
    } finally {
      serverSamples = await sampler.stop();
    }
    const after = await snapshotWorkload(observer, tables);
    const merged = mergeSliceResults(results);
    const server = duringLoad(serverSamples, merged.startedAtMs, merged.elapsedMs, intervalMs);
    return trialMeasurement({
      variant,
      elapsedMs: merged.elapsedMs,
      histograms: merged.histograms,
      counters: merged.counters,
      errors: merged.errors,
      timeSeries: combineSamples([...merged.samples, server], merged.startedAtMs, intervalMs),
      selfWatch: merged.selfWatch,
      before,
      after,
      maxConnections,
      loadSource: executor.kind === 'in-process' ? 'in-process' : `${executor.kind} x${results.length}`,
    });
  } finally {
    await observer.end().catch(() => undefined);
  }
}

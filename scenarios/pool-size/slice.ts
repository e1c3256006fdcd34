// One slice of a pool-size trial: the part of the load one process makes (all of it in-process, or a
// worker's share). It opens a pool of its share of the size (or a connection per operation), warms it
// up, waits at the ready barrier, runs the closed or open loop over the operation mix, and ships back
// encoded histograms (latency, pool acquire wait, query time), counters and its pool's time series.
import pg from 'pg';
import { createHistogram, encodeHistogram, stagedRecorder, type Histogram } from '../../core/histogram.ts';
import { runClosedLoop, type Operation } from '../../core/load/closed-loop.ts';
import { runOpenLoop } from '../../core/load/open-loop.ts';
import { withNewConnection, withPooledClientDone } from '../../core/load/pooled-operation.ts';
import { countsReader, poolReader, startSampler, type LoadSample, type OperationCounts } from '../../core/load/sampler.ts';
import { startSelfWatch } from '../../core/load/self-watch.ts';
import { createRunPool, runConnectionConfig } from '../../core/pg-connect.ts';
import { classifyError } from '../../core/sqlstate.ts';
import type { SliceRequest, SliceResult, SliceRunner } from '../../core/executors/executor.ts';
import type { Target } from '../../core/targets/target.ts';
import type { PoolSizeOptions } from './options.ts';
import { workloadTables } from './tables.ts';
import { createWorkload } from './workload.ts';

/** Variant parameters a slice receives: its share of the pool, or null for a connection per operation. */
export interface PoolSliceParams {
  poolSize: number | null;
}

/** Opens `count` pool connections up front, so connection setup is not part of the measurement. */
async function warmPool(pool: pg.Pool, count: number, errors: Record<string, number>): Promise<number> {
  const attempts = await Promise.allSettled(Array.from({ length: count }, () => pool.connect()));
  let failed = 0;
  for (const attempt of attempts) {
    if (attempt.status === 'fulfilled') attempt.value.release();
    else {
      failed += 1;
      const kind = classifyError(attempt.reason);
      errors[kind] = (errors[kind] ?? 0) + 1;
    }
  }
  return failed;
}

/** The pool a slice drives its load through (the benches build the same one for their bare loops). */
export function createSlicePool(
  target: Target,
  schema: string,
  applicationName: string,
  size: number,
  acquireTimeoutMs: number,
  onIdleError?: (err: Error) => void,
): pg.Pool {
  // Built on the target's config object (not a spread copy): the password is a non-enumerable field.
  const poolConfig: pg.PoolConfig = runConnectionConfig(target, schema, { application_name: applicationName });
  Object.assign(poolConfig, { max: size, connectionTimeoutMillis: acquireTimeoutMs, idleTimeoutMillis: 0 });
  return createRunPool(poolConfig, onIdleError);
}

export const runPoolSizeSlice: SliceRunner = async (request: SliceRequest, ctx): Promise<SliceResult> => {
  const options = request.options as unknown as PoolSizeOptions;
  const { poolSize } = request.params as unknown as PoolSliceParams;
  const config = runConnectionConfig(ctx.target, request.schema, { application_name: request.applicationName });
  const acquire = createHistogram();
  const query = createHistogram();
  // Staged in the hot path, flushed when the loop is over (core/histogram.ts stagedRecorder).
  const queryTimes = stagedRecorder(query);
  const acquireTimes = stagedRecorder(acquire);
  const workload = createWorkload(workloadTables(request.schema), options, request.seed, queryTimes);
  const errors: Record<string, number> = {};
  const concurrency = request.load.concurrency;

  // One closure for the whole run, not one per operation.
  const runOne = (client: pg.ClientBase) => workload.runOne(client);
  const run = (client: pg.ClientBase, done: (err: Error | null) => void) => workload.run(client, done);
  let pool: pg.Pool | undefined;
  let operation: Operation;
  let warmFailures = 0;
  if (poolSize !== null) {
    // A dropped connection is counted, never a crash: a checked-out one fails its operation; an idle one
    // is replaced by the pool without any operation noticing, so it is counted here.
    const p = createSlicePool(ctx.target, request.schema, request.applicationName, poolSize, options.acquireTimeoutMs, (err) => {
      const kind = classifyError(err);
      errors[kind] = (errors[kind] ?? 0) + 1;
    });
    pool = p;
    warmFailures = await warmPool(p, Math.min(poolSize, concurrency), errors);
    operation = () => withPooledClientDone(p, acquireTimes, run);
  } else {
    operation = () => withNewConnection(config, acquire, runOne);
  }

  // Live outcome counts (kept by the loop) go into the time series, so an outage shows as an interval of
  // failures.
  const counts: OperationCounts = { done: 0, failed: 0 };

  try {
    await ctx.ready();
    const startedAtMs = Date.now();
    const watch = startSelfWatch();
    const readCounts = countsReader(counts);
    const readPool = pool ? poolReader(pool) : undefined;
    const sampler = startSampler(async () => ({ ...(await readPool?.()), ...(await readCounts()) }), request.sampleEveryMs);
    const histograms: Record<string, Histogram> = { acquire, query };
    const counters: Record<string, number> = {};
    let elapsedMs: number;
    let samples: LoadSample[] = [];
    try {
      const progress = (done: number) => ctx.progress(done);
      if (request.load.mode === 'closed') {
        const loop = await runClosedLoop(operation, { concurrency, durationMs: request.load.durationMs, signal: ctx.signal, live: counts, onProgress: progress });
        histograms.latency = loop.histogram;
        Object.assign(counters, { succeeded: loop.succeeded, failed: loop.failed });
        addErrors(errors, loop.errors);
        elapsedMs = loop.elapsedMs;
      } else {
        const loop = await runOpenLoop(operation, {
          ratePerSecond: request.load.ratePerSecond,
          arrival: request.load.arrival,
          seed: request.seed,
          concurrency,
          durationMs: request.load.durationMs,
          signal: ctx.signal,
          live: counts,
          onProgress: progress,
        });
        histograms.latency = loop.histogram;
        histograms.service = loop.serviceHistogram;
        histograms.startDelay = loop.startDelayHistogram;
        const { scheduled, started, succeeded, failed, late, dropped } = loop;
        Object.assign(counters, { scheduled, started, succeeded, failed, late, dropped });
        addErrors(errors, loop.errors);
        elapsedMs = loop.elapsedMs;
      }
    } finally {
      samples = await sampler.stop();
      queryTimes.flush();
      acquireTimes.flush();
    }
    const selfWatch = watch.stop();
    for (const [kind, n] of Object.entries(workload.done)) counters[`ok_${kind}`] = n;
    counters.ambiguousWrites = workload.ambiguousWrites;
    counters.warmFailures = warmFailures;
    counters.poolSize = poolSize ?? 0;
    counters.concurrency = concurrency;
    return {
      index: request.index,
      startedAtMs,
      elapsedMs,
      histograms: Object.fromEntries(Object.entries(histograms).map(([k, h]) => [k, encodeHistogram(h)])),
      counters,
      errors,
      samples,
      selfWatch,
    };
  } finally {
    await pool?.end().catch(() => undefined);
  }
};

function addErrors(into: Record<string, number>, more: Record<string, number>): void {
  for (const [kind, n] of Object.entries(more)) into[kind] = (into[kind] ?? 0) + n;
}

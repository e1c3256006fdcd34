// Executors run the load of one trial as one or more slices, in this process, in local worker processes,
// or (later) in AWS Lambda workers, and hand back what each slice measured. The contract is small and
// plain JSON on purpose, so any transport can carry it:
//
//   coordinator                                   worker (same process, child process, Lambda)
//   ───────────                                   ──────
//   SliceRequest[] ──────── executor.run ───────▶ findSliceRunner(request.scenario)(request, ctx)
//                                                    prepare (pool, connections), then `await ctx.ready()`
//                  ◀──────── go (barrier) ──────    run the load for request.load.durationMs
//   SliceResult[]  ◀────────────────────────────    encoded histograms + counters + samples
//   mergeSliceResults(results)   (core/executors/merge-slices.ts: the ONE place results are combined)
//
// Rules every executor and runner keep:
// - A SliceRequest holds no secrets. The database connection travels apart (WorkerConnection in
//   worker-target.ts), and an executor never logs it.
// - A SliceResult ships HDR histograms (compressed base64, microseconds, core/histogram.ts), never
//   percentiles: percentiles cannot be averaged, histograms can be added.
// - `ctx.ready()` is a barrier: every slice finishes its setup before any starts its load, so N workers
//   load the database at the same time. A Lambda executor can implement it with a start time.
// - Runners are looked up by scenario name in scenarios/slice-runners.ts.
import type { Target } from '../targets/target.ts';
import type { LoadSample } from '../load/sampler.ts';
import type { ArrivalProcess } from '../load/arrivals.ts';
import type { SelfWatchReading } from '../load/self-watch.ts';

/** How a slice loads the database: closed loop (N clients back to back) or open loop (a fixed arrival rate). */
export type SliceLoad =
  | { mode: 'closed'; concurrency: number; durationMs: number }
  | { mode: 'open'; ratePerSecond: number; arrival: ArrivalProcess; concurrency: number; durationMs: number };

/** What one worker is asked to do. Plain JSON; no secrets. */
export interface SliceRequest {
  /** Scenario name; the worker finds its runner in scenarios/slice-runners.ts. */
  scenario: string;
  variant: string;
  /** The scenario's resolved options (JSON). */
  options: Record<string, unknown>;
  /** Variant parameters for this slice (e.g. `{ poolSize: 4 }`, already this slice's share). */
  params: Record<string, unknown>;
  /** The run schema that setup created. */
  schema: string;
  /** application_name for this slice's connections, so the coordinator can find them in pg_stat_activity. */
  applicationName: string;
  /** 0-based index of this slice and how many slices the trial has. */
  index: number;
  count: number;
  /** This slice's share of the load. */
  load: SliceLoad;
  /** Seed for the slice's random choices; different per slice. */
  seed: number;
  /** How often the slice samples its own state (pool counts), in ms. */
  sampleEveryMs: number;
  /** True for warmup rounds (results are discarded). */
  warmup: boolean;
}

/** What one slice measured. Plain JSON. */
export interface SliceResult {
  index: number;
  /** Wall-clock epoch ms when the load started (after the barrier). */
  startedAtMs: number;
  /** Time from the start of the load to the last operation finishing. */
  elapsedMs: number;
  /** Encoded HDR histograms by name (microseconds). `latency` is the operation latency. */
  histograms: Record<string, string>;
  /** Counts by name (succeeded, failed, late, dropped, scenario-specific counts). Summed when merged. */
  counters: Record<string, number>;
  /** Errors by kind (core/sqlstate.ts classifyError). Summed when merged. */
  errors: Record<string, number>;
  /** The slice's own time series (its pool's counts), wall-clock stamped. */
  samples: LoadSample[];
  selfWatch: SelfWatchReading;
}

export interface SliceContext {
  /** Where to connect (already the right server; use the request's schema and applicationName). */
  target: Target;
  signal: AbortSignal;
  /** Resolves when every slice of the trial is ready; start the measured load right after. */
  ready(): Promise<void>;
  /** Operations done so far in this slice (throttle to a few calls a second). */
  progress(done: number): void;
}

export type SliceRunner = (request: SliceRequest, ctx: SliceContext) => Promise<SliceResult>;

export interface ExecutorRunOptions {
  signal: AbortSignal;
  /** Operations done so far across all slices. */
  onProgress?(done: number): void;
}

export interface Executor {
  /** `in-process`, `local-processes`, `lambda`. */
  readonly kind: string;
  /** Runs every slice at once (with the ready barrier) and returns their results in request order. */
  run(requests: readonly SliceRequest[], options: ExecutorRunOptions): Promise<SliceResult[]>;
}

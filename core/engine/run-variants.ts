// The engine: runs every variant of a scenario through warmup and N trials, interleaved
// (A B C, A B C, ...) so that drift on a noisy machine hits all variants alike. A variant that throws
// or fails its check is marked failed with the reason and skipped from then on; the others go on.
// A trial cut short by a transient fault (lost connection, lock or statement timeout: see
// core/sqlstate.ts) is kept as a failed trial with its error counted, and the variant goes on; after a
// lost connection the engine waits for the database to come back, and ends the run as `failed` if it
// does not. Every trial is watched (core/load/self-watch.ts): the load generator's event-loop
// utilization and CPU go into the trial's metrics, and a trial where the generator was the limit is
// marked client-bound.
import { errorMessage } from '../errors.ts';
import { createHistogram, encodeHistogram, summarize } from '../histogram.ts';
import { startSelfWatch, withClientLoad } from '../load/self-watch.ts';
import type { ScenarioContext, TrialContext, TrialMeasurement, VariantDefinition } from '../scenario.ts';
import { classifyError, isConnectionFault, isTransientFault } from '../sqlstate.ts';
import type { EngineResult, RunIncident, TrialResult, VariantResult } from './result-model.ts';
import { summarizeTrials } from './summarize-variant.ts';

export type EngineEvent =
  | { type: 'phase'; phase: 'warmup' | 'trials'; variants: number; trials: number }
  | { type: 'trial-start'; variant: string; trial: number; trials: number; warmup: boolean }
  | { type: 'trial-progress'; variant: string; done: number; total: number }
  | { type: 'trial-end'; variant: string; trial: number; warmup: boolean; result?: TrialResult; error?: string }
  | { type: 'variant-failed'; variant: string; reason: string }
  | { type: 'incident'; incident: RunIncident };

/** Whether the database answers again after a lost connection, and how long that took to find out. */
export type TargetCheck = { reachable: true; waitedMs: number } | { reachable: false; waitedMs: number; error: string };

export interface EngineOptions {
  trials: number;
  /** Seconds of warmup per variant before the trials; 0 for none. */
  warmupSeconds: number;
  throughputUnit: string;
  onEvent?: (event: EngineEvent) => void;
  /**
   * Called after a trial lost its connection: waits (bounded) until the database accepts connections
   * again. Without it the engine assumes the database is back and goes on.
   */
  awaitTarget?: () => Promise<TargetCheck>;
}

interface VariantState<O> {
  definition: VariantDefinition<O>;
  result: VariantResult;
}

type TrialOutcome = { result: TrialResult; connectionFault?: boolean } | { error: string } | { aborted: true };

export async function runVariants<O>(
  ctx: ScenarioContext<O>,
  definitions: readonly VariantDefinition<O>[],
  options: EngineOptions,
): Promise<EngineResult> {
  const emit = options.onEvent ?? (() => undefined);
  const states: VariantState<O>[] = definitions.map((definition) => {
    const unsupported = definition.unsupportedReason?.(ctx);
    return {
      definition,
      result: {
        name: definition.name,
        description: definition.description,
        status: unsupported ? 'unsupported' : 'ok',
        ...(unsupported ? { reason: unsupported } : {}),
        params: definition.params,
        trials: [],
        summary: summarizeTrials([], options.throughputUnit),
      },
    };
  });
  const runnable = () => states.filter((s) => s.result.status === 'ok');

  const fail = (state: VariantState<O>, reason: string) => {
    state.result.status = 'failed';
    state.result.reason = reason;
    emit({ type: 'variant-failed', variant: state.definition.name, reason });
  };

  const incidents: RunIncident[] = [];
  const incident = (entry: Omit<RunIncident, 'at'>) => {
    const full = { at: new Date().toISOString(), ...entry };
    incidents.push(full);
    emit({ type: 'incident', incident: full });
  };
  let lostTarget: string | undefined;
  /** After a trial lost its connection: true when the database is back (or no check is set up). */
  const recover = async (variant: string, trial: number | undefined, failure: string): Promise<boolean> => {
    incident({ kind: 'connection-lost', variant, ...(trial === undefined ? {} : { trial }), detail: failure });
    if (!options.awaitTarget || ctx.signal.aborted) return true;
    const check = await options.awaitTarget();
    if (check.reachable) {
      incident({ kind: 'reconnected', detail: `the database accepted connections again after ${(check.waitedMs / 1000).toFixed(1)} s`, waitedMs: check.waitedMs });
      return true;
    }
    if (ctx.signal.aborted) return false;
    lostTarget = `lost the database during ${variant}: ${check.error}; it did not accept connections again within ${(check.waitedMs / 1000).toFixed(1)} s`;
    incident({ kind: 'target-lost', detail: check.error, waitedMs: check.waitedMs });
    return false;
  };
  const stopped = () => ctx.signal.aborted || lostTarget !== undefined;

  if (options.warmupSeconds > 0) {
    emit({ type: 'phase', phase: 'warmup', variants: runnable().length, trials: 1 });
    for (const state of runnable()) {
      if (stopped()) break;
      const deadline = Date.now() + options.warmupSeconds * 1000;
      let round = 0;
      do {
        const outcome = await runOneTrial(ctx, state.definition, round, true, options, emit);
        if ('aborted' in outcome) break;
        if ('error' in outcome) {
          fail(state, `warmup: ${outcome.error}`);
          break;
        }
        // A transient fault in warmup is not held against the variant; only the database coming back matters.
        if (outcome.connectionFault && !(await recover(state.definition.name, undefined, outcome.result.failure ?? ''))) break;
        round += 1;
      } while (Date.now() < deadline && !stopped());
    }
  }

  emit({ type: 'phase', phase: 'trials', variants: runnable().length, trials: options.trials });
  for (let trial = 0; trial < options.trials && !stopped(); trial += 1) {
    for (const state of runnable()) {
      if (stopped()) break;
      const outcome = await runOneTrial(ctx, state.definition, trial, false, options, emit);
      // A trial that was cut short by an interrupt is not a complete measurement: keep it out.
      if ('aborted' in outcome || ctx.signal.aborted) break;
      if ('error' in outcome) {
        fail(state, `trial ${trial + 1}: ${outcome.error}`);
        continue;
      }
      state.result.trials.push(outcome.result);
      if (outcome.result.failure !== undefined) {
        if (outcome.connectionFault) await recover(state.definition.name, trial, outcome.result.failure);
        continue;
      }
      if (!outcome.result.check.ok) fail(state, `trial ${trial + 1}: verification failed: ${outcome.result.check.detail}`);
    }
  }

  for (const state of states) {
    state.result.summary = summarizeTrials(state.result.trials, options.throughputUnit);
    if (state.result.status !== 'ok') continue;
    const completed = state.result.trials.filter((t) => t.failure === undefined).length;
    if (completed > 0) continue;
    const failures = state.result.trials.map((t) => t.failure).filter((f): f is string => f !== undefined);
    state.result.status = 'failed';
    state.result.reason =
      failures.length > 0
        ? `every trial failed (${failures.length}): ${[...new Set(failures)].join('; ')}`
        : ctx.signal.aborted
          ? 'interrupted before any trial completed'
          : lostTarget !== undefined
            ? 'the run lost the database before any trial of this variant completed'
            : 'no trial completed';
  }
  const variants = states.map((s) => s.result);
  const withIncidents = incidents.length > 0 ? { incidents } : {};
  if (ctx.signal.aborted) return { status: 'interrupted', reason: 'interrupted by a signal', variants, ...withIncidents };
  if (lostTarget !== undefined) return { status: 'failed', reason: lostTarget, variants, ...withIncidents };
  return { status: 'completed', variants, ...withIncidents };
}

async function runOneTrial<O>(
  ctx: ScenarioContext<O>,
  definition: VariantDefinition<O>,
  trial: number,
  warmup: boolean,
  options: EngineOptions,
  emit: (event: EngineEvent) => void,
): Promise<TrialOutcome> {
  emit({ type: 'trial-start', variant: definition.name, trial, trials: options.trials, warmup });
  const trialCtx: TrialContext<O> = {
    ...ctx,
    table: ctx.table,
    connect: ctx.connect,
    log: ctx.log,
    trial,
    warmup,
    progress: (done, total) => emit({ type: 'trial-progress', variant: definition.name, done, total }),
  };
  let measurement: TrialMeasurement;
  const started = performance.now();
  // Over the whole trial, setup and verification included (waits that lower the figures, so this errs
  // towards not flagging); scenarios that measure their own load window provide the metrics themselves.
  const watch = startSelfWatch();
  try {
    measurement = await definition.run(trialCtx);
  } catch (err) {
    const error = errorMessage(err);
    if (ctx.signal.aborted) {
      emit({ type: 'trial-end', variant: definition.name, trial, warmup, error: `interrupted (${error})` });
      return { aborted: true };
    }
    if (!isTransientFault(err)) {
      emit({ type: 'trial-end', variant: definition.name, trial, warmup, error });
      return { error };
    }
    const result = failedTrial(trial, performance.now() - started, classifyError(err), error);
    emit({ type: 'trial-end', variant: definition.name, trial, warmup, result });
    return { result, connectionFault: isConnectionFault(err) };
  }
  const result: TrialResult = {
    index: trial,
    units: measurement.units,
    elapsedMs: measurement.elapsedMs,
    throughput: measurement.elapsedMs > 0 ? (measurement.units * 1000) / measurement.elapsedMs : 0,
    latencyMs: summarize(measurement.histogram),
    errors: measurement.errors,
    metrics: withClientLoad(measurement.metrics, watch.stop()),
    check: measurement.check,
    histogram: encodeHistogram(measurement.histogram),
    ...(measurement.extra ? { extra: measurement.extra } : {}),
  };
  emit({ type: 'trial-end', variant: definition.name, trial, warmup, result });
  return { result };
}

/** A trial cut short by a transient fault: its error counted, no figures. */
function failedTrial(index: number, elapsedMs: number, kind: string, message: string): TrialResult {
  const empty = createHistogram();
  return {
    index,
    units: 0,
    elapsedMs,
    throughput: 0,
    latencyMs: summarize(empty),
    errors: { [kind]: 1 },
    metrics: {},
    check: { ok: false, detail: 'not verified: the trial did not complete' },
    histogram: encodeHistogram(empty),
    failure: `${kind}: ${message}`,
  };
}

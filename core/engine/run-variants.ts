// The engine: runs every variant of a scenario through warmup and N trials, interleaved
// (A B C, A B C, ...) so that drift on a noisy machine hits all variants alike. A variant that throws
// or fails its check is marked failed with the reason and skipped from then on; the others go on.
// Every trial is watched (core/load/self-watch.ts): the load generator's event-loop utilization and CPU
// go into the trial's metrics, and a trial where the generator was the limit is marked client-bound.
import { errorMessage } from '../errors.ts';
import { encodeHistogram, summarize } from '../histogram.ts';
import { startSelfWatch, withClientLoad } from '../load/self-watch.ts';
import type { ScenarioContext, TrialContext, TrialMeasurement, VariantDefinition } from '../scenario.ts';
import type { EngineResult, TrialResult, VariantResult } from './result-model.ts';
import { summarizeTrials } from './summarize-variant.ts';

export type EngineEvent =
  | { type: 'phase'; phase: 'warmup' | 'trials'; variants: number; trials: number }
  | { type: 'trial-start'; variant: string; trial: number; trials: number; warmup: boolean }
  | { type: 'trial-progress'; variant: string; done: number; total: number }
  | { type: 'trial-end'; variant: string; trial: number; warmup: boolean; result?: TrialResult; error?: string }
  | { type: 'variant-failed'; variant: string; reason: string };

export interface EngineOptions {
  trials: number;
  /** Seconds of warmup per variant before the trials; 0 for none. */
  warmupSeconds: number;
  throughputUnit: string;
  onEvent?: (event: EngineEvent) => void;
}

interface VariantState<O> {
  definition: VariantDefinition<O>;
  result: VariantResult;
}

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

  if (options.warmupSeconds > 0) {
    emit({ type: 'phase', phase: 'warmup', variants: runnable().length, trials: 1 });
    for (const state of runnable()) {
      if (ctx.signal.aborted) break;
      const deadline = Date.now() + options.warmupSeconds * 1000;
      let round = 0;
      do {
        const outcome = await runOneTrial(ctx, state.definition, round, true, options, emit);
        if ('error' in outcome) {
          fail(state, `warmup: ${outcome.error}`);
          break;
        }
        round += 1;
      } while (Date.now() < deadline && !ctx.signal.aborted);
    }
  }

  emit({ type: 'phase', phase: 'trials', variants: runnable().length, trials: options.trials });
  for (let trial = 0; trial < options.trials && !ctx.signal.aborted; trial += 1) {
    for (const state of runnable()) {
      if (ctx.signal.aborted) break;
      const outcome = await runOneTrial(ctx, state.definition, trial, false, options, emit);
      if ('error' in outcome) {
        fail(state, `trial ${trial + 1}: ${outcome.error}`);
        continue;
      }
      // A trial that was cut short by an interrupt is not a complete measurement: keep it out.
      if (ctx.signal.aborted) break;
      state.result.trials.push(outcome.result);
      if (!outcome.result.check.ok) fail(state, `trial ${trial + 1}: verification failed: ${outcome.result.check.detail}`);
    }
  }

  for (const state of states) {
    state.result.summary = summarizeTrials(state.result.trials, options.throughputUnit);
    if (state.result.status === 'ok' && state.result.trials.length === 0 && ctx.signal.aborted) {
      state.result.status = 'failed';
      state.result.reason = 'interrupted before any trial completed';
    }
  }
  return ctx.signal.aborted
    ? { status: 'interrupted', reason: 'interrupted by a signal', variants: states.map((s) => s.result) }
    : { status: 'completed', variants: states.map((s) => s.result) };
}

async function runOneTrial<O>(
  ctx: ScenarioContext<O>,
  definition: VariantDefinition<O>,
  trial: number,
  warmup: boolean,
  options: EngineOptions,
  emit: (event: EngineEvent) => void,
): Promise<{ result: TrialResult } | { error: string }> {
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
  // Over the whole trial, setup and verification included (waits that lower the figures, so this errs
  // towards not flagging); scenarios that measure their own load window provide the metrics themselves.
  const watch = startSelfWatch();
  try {
    measurement = await definition.run(trialCtx);
  } catch (err) {
    const error = errorMessage(err);
    emit({ type: 'trial-end', variant: definition.name, trial, warmup, error });
    return { error };
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

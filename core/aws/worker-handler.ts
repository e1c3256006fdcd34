// The worker Lambda's work, apart from its wiring (lambdas/worker.ts): takes one WorkerEvent (a slice of a
// variant: scenario, variant, concurrency, duration), runs the scenario's slice runner against the
// target, waits at the start-time barrier, and returns the SliceResult JSON a local worker process sends.
import { z } from 'zod';
import type { SliceResult, SliceRunner } from '../executors/executor.ts';
import type { WorkerEvent } from '../executors/lambda.ts';
import type { Target } from '../targets/target.ts';
import type { LambdaContext, LambdaHandler } from './lambda-context.ts';

export interface WorkerDependencies {
  /** The database (created once per container, outside the handler). */
  target(): Promise<Target>;
  findRunner(scenario: string): SliceRunner | undefined;
}

// The slice itself is checked by its runner; the handler checks what it relies on.
const eventSchema = z.object({
  startAtMs: z.number().finite(),
  request: z.looseObject({
    scenario: z.string().min(1),
    variant: z.string(),
    index: z.number().int().min(0),
    load: z.looseObject({ durationMs: z.number().positive() }),
  }),
});

/** Time kept in hand at the end of the function's time limit to return the result. */
const RETURN_MARGIN_MS = 5_000;

export function createWorkerHandler(deps: WorkerDependencies): LambdaHandler<WorkerEvent, SliceResult> {
  return async (event, context?: LambdaContext) => {
    const parsed = eventSchema.safeParse(event);
    if (!parsed.success) {
      throw new Error(`Not a worker event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const { request, startAtMs } = event;
    const runner = deps.findRunner(request.scenario);
    if (!runner) throw new Error(`No slice runner for scenario "${request.scenario}" in this worker`);
    if (context) {
      const needed = Math.max(0, startAtMs - Date.now()) + request.load.durationMs + RETURN_MARGIN_MS;
      if (needed > context.getRemainingTimeInMillis()) {
        throw new Error(
          `The slice needs ~${Math.ceil(needed / 1000)} s but the worker function has ${Math.floor(context.getRemainingTimeInMillis() / 1000)} s left: ` +
            'use a shorter --duration or raise the function timeout (CDK context bakeoff:functionTimeoutSeconds)',
        );
      }
    }
    const target = await deps.target();
    const controller = new AbortController();
    // Stop the load before Lambda kills the function, so the result still gets back.
    const deadline = context ? setTimeout(() => controller.abort(), Math.max(0, context.getRemainingTimeInMillis() - RETURN_MARGIN_MS)) : undefined;
    let late = false;
    try {
      const result = await runner(request, {
        target,
        signal: controller.signal,
        ready: async () => {
          const wait = startAtMs - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          else late = true;
        },
        progress: () => undefined,
      });
      // Slices that missed the common start make the merged elapsed time longer; say how many did.
      if (late) result.counters.barrierLate = (result.counters.barrierLate ?? 0) + 1;
      return result;
    } finally {
      clearTimeout(deadline);
    }
  };
}

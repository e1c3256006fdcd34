// Runs every slice in this process (the default: one slice, no IPC). Slices share the event loop, so more
// than one slice here adds no load capacity; that is what local worker processes are for.
import { errorMessage } from '../errors.ts';
import type { Target } from '../targets/target.ts';
import type { Executor, ExecutorRunOptions, SliceRequest, SliceResult, SliceRunner } from './executor.ts';

export interface InProcessOptions {
  target: Target;
  /** Finds the runner for a scenario (normally scenarios/slice-runners.ts findSliceRunner). */
  findRunner(scenario: string): SliceRunner | undefined;
}

export function createInProcessExecutor(options: InProcessOptions): Executor {
  return {
    kind: 'in-process',
    async run(requests: readonly SliceRequest[], run: ExecutorRunOptions): Promise<SliceResult[]> {
      const runners = requests.map((r) => {
        const runner = options.findRunner(r.scenario);
        if (!runner) throw new Error(`No slice runner for scenario "${r.scenario}"`);
        return runner;
      });
      // The ready barrier: opens when every slice has arrived or given up (a slice that fails during
      // setup must not leave the others waiting forever).
      let waiting = requests.length;
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const leave = () => {
        waiting -= 1;
        if (waiting <= 0) open();
      };
      const done = requests.map(() => 0);
      const settled = await Promise.allSettled(
        requests.map(async (request, i) => {
          let arrived = false;
          try {
            return await runners[i]!(request, {
              target: options.target,
              signal: run.signal,
              ready: () => {
                if (!arrived) {
                  arrived = true;
                  leave();
                }
                return gate;
              },
              progress: (n) => {
                done[i] = n;
                run.onProgress?.(done.reduce((a, b) => a + b, 0));
              },
            });
          } finally {
            if (!arrived) leave();
          }
        }),
      );
      const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [`slice ${i + 1}: ${errorMessage(s.reason)}`] : []));
      if (failures.length > 0) throw new Error(failures.join('; '));
      return settled.map((s) => (s as PromiseFulfilledResult<SliceResult>).value);
    },
  };
}

// The executor a trial runs its slices on. The run may provide one (on AWS: Lambda workers, for any
// number of workers); otherwise one worker runs in this process and more run in local worker processes.
import type { Target } from '../targets/target.ts';
import type { Executor, SliceRunner } from './executor.ts';
import { createInProcessExecutor } from './in-process.ts';
import { createLocalProcessesExecutor } from './local-processes.ts';

/** Provided by a run to place slices elsewhere; undefined means "choose locally". */
export type ExecutorFactory = (workers: number) => Executor | undefined;

export interface ExecutorChoice {
  target: Target;
  executorFor?: ExecutorFactory;
}

export function chooseExecutor(ctx: ExecutorChoice, workers: number, findRunner: (scenario: string) => SliceRunner | undefined): Executor {
  const provided = ctx.executorFor?.(workers);
  if (provided) return provided;
  return workers > 1 ? createLocalProcessesExecutor({ target: ctx.target }) : createInProcessExecutor({ target: ctx.target, findRunner });
}

// Closed-loop load: C concurrent clients, each starting its next operation when the last one returns,
// until a duration or an operation count is reached. Latency of successful operations goes into an HDR
// histogram; failures are counted by kind (SQLSTATE where there is one) and do not stop the loop.
import { createHistogram, recordMs, type Histogram } from '../histogram.ts';
import { classifyError } from '../sqlstate.ts';

/**
 * One operation; `client` is the 0-based index of the concurrent client running it. Throw (or reject) to
 * fail it. What it resolves to is ignored, so an operation needs no extra `.then` to discard a value.
 */
export type Operation = (client: number, sequence: number) => Promise<unknown>;

export interface ClosedLoopOptions {
  concurrency: number;
  /** Stop starting operations after this many milliseconds. */
  durationMs?: number;
  /** Stop after this many operations in total (across clients). */
  operations?: number;
  signal?: AbortSignal;
  /**
   * Counts updated as each operation finishes (done includes failed), for a sampler to read while the
   * loop runs; cheaper than wrapping every operation to count it.
   */
  live?: { done: number; failed: number };
  /** Called at most every `progressEveryMs` with operations done so far. */
  onProgress?(done: number, total: number): void;
  progressEveryMs?: number;
}

export interface ClosedLoopResult {
  /** Operations that completed without error. */
  succeeded: number;
  failed: number;
  errors: Record<string, number>;
  elapsedMs: number;
  /** Latency of successful operations (microseconds). */
  histogram: Histogram;
}

export async function runClosedLoop(operation: Operation, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  if (options.durationMs === undefined && options.operations === undefined) {
    throw new Error('runClosedLoop needs durationMs or operations');
  }
  const histogram = createHistogram();
  const errors: Record<string, number> = {};
  let started = 0;
  let succeeded = 0;
  let failed = 0;
  const begin = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : begin + options.durationMs;
  const limit = options.operations ?? Infinity;
  const total = options.operations ?? 0;
  let lastProgress = 0;
  const progressEvery = options.progressEveryMs ?? 250;

  const live = options.live ?? { done: 0, failed: 0 };

  // One clock read per operation: the time an operation ends is also the next one's start, the deadline
  // check and the progress check (this loop runs once per operation of every closed-loop load).
  const clientLoop = async (client: number) => {
    let now = performance.now();
    while (started < limit && !options.signal?.aborted && now < deadline) {
      const sequence = started;
      started += 1;
      const t0 = now;
      try {
        await operation(client, sequence);
        now = performance.now();
        recordMs(histogram, now - t0);
        succeeded += 1;
        live.done += 1;
      } catch (err) {
        now = performance.now();
        failed += 1;
        live.done += 1;
        live.failed += 1;
        const kind = classifyError(err);
        errors[kind] = (errors[kind] ?? 0) + 1;
      }
      if (options.onProgress && now - lastProgress >= progressEvery) {
        lastProgress = now;
        options.onProgress(succeeded + failed, total || Math.round(((now - begin) / (deadline - begin)) * 1000) || 0);
        // The progress callback's own time must not count as the next operation's.
        now = performance.now();
      }
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => clientLoop(i)));
  return { succeeded, failed, errors, elapsedMs: performance.now() - begin, histogram };
}

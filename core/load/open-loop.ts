// Open-loop load: operations arrive on a schedule (a fixed rate, evenly spaced or Poisson) whether or not
// earlier ones have finished, the way independent users arrive at a service. Latency is measured from the
// intended start, not from when the operation was actually sent, so a stall shows up in every operation
// that should have run during it (no coordinated omission). `concurrency` clients take arrivals in order;
// an arrival that waits for a free client is late, and one that never gets to start (the queue is full,
// or the run ended first) is dropped. Both are counted, neither is hidden.
import { createHistogram, stagedRecorder, type Histogram } from '../histogram.ts';
import { classifyError } from '../sqlstate.ts';
import { arrivalSchedule, type ArrivalProcess } from './arrivals.ts';
import type { Operation } from './closed-loop.ts';

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationMs: number;
  /** `even` (default) or `poisson`. */
  arrival?: ArrivalProcess;
  /** Seed for Poisson gaps; give each worker its own. */
  seed?: number;
  /** Clients available to run operations at once; arrivals beyond them queue (and start late). */
  concurrency: number;
  /** An operation that starts more than this many ms after its intended time counts as late (default 10). */
  lateAfterMs?: number;
  /** Arrivals queued beyond this many are dropped (default: 2 s of arrivals, at least 1,000). */
  maxQueued?: number;
  signal?: AbortSignal;
  /** Counts updated as each operation finishes (done includes failed), for a sampler to read meanwhile. */
  live?: { done: number; failed: number };
  onProgress?(done: number, total: number): void;
  progressEveryMs?: number;
}

export interface OpenLoopResult {
  /** Arrivals the schedule produced during the run. */
  scheduled: number;
  started: number;
  succeeded: number;
  failed: number;
  /** Started more than `lateAfterMs` after the intended time. */
  late: number;
  /** Never started: the queue was full, or the run ended before a client was free. */
  dropped: number;
  errors: Record<string, number>;
  elapsedMs: number;
  /** Latency of successful operations from their intended start (microseconds): includes queueing. */
  histogram: Histogram;
  /** Latency of successful operations from their actual start (microseconds): service time only. */
  serviceHistogram: Histogram;
  /** How late each started operation began (microseconds; 0 when on time). */
  startDelayHistogram: Histogram;
}

export function runOpenLoop(operation: Operation, options: OpenLoopOptions): Promise<OpenLoopResult> {
  if (!(options.concurrency >= 1)) throw new Error('runOpenLoop needs concurrency >= 1');
  if (!(options.durationMs > 0)) throw new Error('runOpenLoop needs durationMs > 0');
  const nextOffset = arrivalSchedule(options.arrival ?? 'even', options.ratePerSecond, options.seed);
  const lateAfterMs = options.lateAfterMs ?? 10;
  const maxQueued = options.maxQueued ?? Math.max(1000, Math.ceil(options.ratePerSecond * 2));
  const progressEvery = options.progressEveryMs ?? 250;
  const live = options.live ?? { done: 0, failed: 0 };
  const result: OpenLoopResult = {
    scheduled: 0,
    started: 0,
    succeeded: 0,
    failed: 0,
    late: 0,
    dropped: 0,
    errors: {},
    elapsedMs: 0,
    histogram: createHistogram(),
    serviceHistogram: createHistogram(),
    startDelayHistogram: createHistogram(),
  };

  return new Promise((resolve) => {
    const begin = performance.now();
    const deadline = begin + options.durationMs;
    // Pending arrivals (sequence and intended start) as two parallel number arrays used as a FIFO: no
    // object per arrival. `head` avoids O(n) shifts; the consumed front is cut off now and then.
    const queuedSequence: number[] = [];
    const queuedAt: number[] = [];
    let head = 0;
    const freeClients = Array.from({ length: options.concurrency }, (_, i) => options.concurrency - 1 - i);
    // A client runs one operation at a time, so what it is running (intended and actual start) lives in a
    // slot per client, and each client has its own completion handlers, made once: no closures per operation.
    const intendedAt = new Float64Array(options.concurrency);
    const startedAt = new Float64Array(options.concurrency);
    let inFlight = 0;
    let arrivalsOpen = true;
    let upcoming = begin + nextOffset();
    let timer: NodeJS.Timeout | undefined;
    let lastProgress = begin;
    let finished = false;
    // The three histograms are recorded a block at a time (see stagedRecorder) and complete on resolve.
    const latency = stagedRecorder(result.histogram);
    const service = stagedRecorder(result.serviceHistogram);
    const startDelay = stagedRecorder(result.startDelayHistogram);

    const finishIfDone = () => {
      if (finished || arrivalsOpen || inFlight > 0) return;
      finished = true;
      latency.flush();
      service.flush();
      startDelay.flush();
      result.elapsedMs = performance.now() - begin;
      options.signal?.removeEventListener('abort', closeArrivals);
      resolve(result);
    };

    const settle = (client: number, now: number) => {
      inFlight -= 1;
      freeClients.push(client);
      if (options.onProgress && now - lastProgress >= progressEvery) {
        lastProgress = now;
        options.onProgress(result.succeeded + result.failed, result.scheduled);
      }
      startQueued();
      finishIfDone();
    };
    const onSuccess = Array.from({ length: options.concurrency }, (_, client) => () => {
      const end = performance.now();
      latency.record(end - intendedAt[client]!);
      service.record(end - startedAt[client]!);
      result.succeeded += 1;
      live.done += 1;
      settle(client, end);
    });
    const onFailure = Array.from({ length: options.concurrency }, (_, client) => (err: unknown) => {
      result.failed += 1;
      live.done += 1;
      live.failed += 1;
      const kind = classifyError(err);
      result.errors[kind] = (result.errors[kind] ?? 0) + 1;
      settle(client, performance.now());
    });

    const run = (sequence: number, intended: number, client: number) => {
      const now = performance.now();
      const delay = now - intended;
      result.started += 1;
      if (delay > lateAfterMs) result.late += 1;
      startDelay.record(Math.max(delay, 0));
      intendedAt[client] = intended;
      startedAt[client] = now;
      inFlight += 1;
      let pending: Promise<unknown>;
      try {
        pending = operation(client, sequence);
      } catch (err) {
        // An operation that throws synchronously counts as a failure like any other.
        pending = Promise.reject(err);
      }
      pending.then(onSuccess[client], onFailure[client]);
    };

    const startQueued = () => {
      while (head < queuedAt.length && freeClients.length > 0) {
        const sequence = queuedSequence[head]!;
        const intended = queuedAt[head]!;
        head += 1;
        run(sequence, intended, freeClients.pop()!);
      }
      // The consumed front is cut off now and then, not after every drain (resizing an array is a native
      // call: once per operation it showed in the profile); a backlog that never drains is cut too.
      if (head >= 1024 && head * 2 >= queuedAt.length) {
        queuedSequence.splice(0, head);
        queuedAt.splice(0, head);
        head = 0;
      }
    };

    function closeArrivals() {
      if (!arrivalsOpen) return;
      arrivalsOpen = false;
      if (timer) clearTimeout(timer);
      // Whatever still waits for a client at the end never started within the run.
      result.dropped += queuedAt.length - head;
      queuedSequence.length = 0;
      queuedAt.length = 0;
      head = 0;
      finishIfDone();
    }

    const pump = () => {
      timer = undefined;
      const now = performance.now();
      while (arrivalsOpen && upcoming <= now) {
        if (upcoming >= deadline || options.signal?.aborted) break;
        const sequence = result.scheduled;
        result.scheduled += 1;
        if (queuedAt.length - head >= maxQueued) result.dropped += 1;
        else {
          queuedSequence.push(sequence);
          queuedAt.push(upcoming);
        }
        upcoming = begin + nextOffset();
      }
      startQueued();
      if (upcoming >= deadline || options.signal?.aborted || now >= deadline) {
        // No arrival is due before the end: wait out the run (in-flight work may still be running).
        if (now >= deadline || options.signal?.aborted) closeArrivals();
        else timer = setTimeout(pump, deadline - now);
        return;
      }
      timer = setTimeout(pump, Math.max(0, upcoming - performance.now()));
    };

    options.signal?.addEventListener('abort', closeArrivals, { once: true });
    pump();
  });
}

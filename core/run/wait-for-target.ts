// After a run lost its connection: polls the target until it accepts a connection and answers a query
// again, for at most a bounded time, so a restarted server is picked up and a dead one ends the run
// instead of hanging it.
import { errorMessage } from '../errors.ts';
import type { TargetCheck } from '../engine/run-variants.ts';
import { connectClient, endWithin } from '../pg-connect.ts';
import type { Target } from '../targets/target.ts';

export interface WaitOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  /** Pause between attempts (ms). */
  intervalMs?: number;
  signal?: AbortSignal;
}

export async function waitForTarget(target: Target, options: WaitOptions): Promise<TargetCheck> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  let lastError = 'no attempt made';
  for (;;) {
    const left = deadline - performance.now();
    try {
      // Never wait on one attempt longer than the time that is left (but give it a moment).
      const client = await connectClient(target, undefined, { connectionTimeoutMillis: Math.max(500, Math.min(left, 10_000)) });
      try {
        await client.query('SELECT 1');
        return { reachable: true, waitedMs: performance.now() - started };
      } finally {
        await endWithin(client, 1_000);
      }
    } catch (err) {
      lastError = errorMessage(err) || (err as { code?: string }).code || 'connection failed';
    }
    if (options.signal?.aborted || performance.now() + interval >= deadline) {
      return { reachable: false, waitedMs: performance.now() - started, error: lastError };
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

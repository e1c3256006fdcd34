// The closed-loop runner does exactly the operations asked for, with at most C in flight, and counts
// failures by kind without stopping.
import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../core/load/closed-loop.ts';

describe('runClosedLoop', () => {
  it('completes the requested operations with the requested concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen = new Set<number>();
    const result = await runClosedLoop(
      async (_client, sequence) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        seen.add(sequence);
        await new Promise((r) => setTimeout(r, 1));
        inFlight -= 1;
      },
      { concurrency: 4, operations: 200 },
    );
    expect(result.succeeded).toBe(200);
    expect(result.failed).toBe(0);
    expect(seen.size).toBe(200);
    expect(peak).toBe(4);
    expect(result.histogram.totalCount).toBe(200);
  });

  it('counts failures by SQLSTATE and goes on, live as they happen', async () => {
    const live = { done: 0, failed: 0 };
    const seenLive: number[] = [];
    const result = await runClosedLoop(
      async (_client, sequence) => {
        seenLive.push(live.done);
        if (sequence % 4 === 0) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      },
      { concurrency: 2, operations: 100, live },
    );
    expect(result.succeeded).toBe(75);
    expect(result.failed).toBe(25);
    expect(result.errors).toEqual({ '40001 serialization_failure': 25 });
    expect(live).toEqual({ done: 100, failed: 25 });
    // The counts grew while the loop ran, not only at the end.
    expect(seenLive.at(-1)).toBeGreaterThanOrEqual(97);
  });
});

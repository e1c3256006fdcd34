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

  it('counts failures by SQLSTATE and goes on', async () => {
    const result = await runClosedLoop(
      async (_client, sequence) => {
        if (sequence % 4 === 0) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      },
      { concurrency: 2, operations: 100 },
    );
    expect(result.succeeded).toBe(75);
    expect(result.failed).toBe(25);
    expect(result.errors).toEqual({ '40001 serialization_failure': 25 });
  });
});

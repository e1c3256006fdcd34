// The engine keeps going when a variant fails: a variant that throws, or whose check fails, is marked
// failed with the reason and the others still run all their trials.
import { describe, expect, it } from 'vitest';
import { runVariants } from '../core/engine/run-variants.ts';
import { createHistogram, recordMs } from '../core/histogram.ts';
import type { ScenarioContext, TrialMeasurement, VariantDefinition } from '../core/scenario.ts';

function measurement(ok: boolean): TrialMeasurement {
  const histogram = createHistogram();
  recordMs(histogram, 1.5);
  return { units: 10, elapsedMs: 5, histogram, errors: {}, metrics: { x: 1 }, check: { ok, detail: ok ? 'fine' : 'expected 10 rows, found 9' } };
}

const ctx = (signal: AbortSignal): ScenarioContext<object> => ({
  options: {},
  target: undefined as never,
  schema: 'bakeoff_test_engine',
  table: (n) => n,
  connect: () => Promise.reject(new Error('not used')),
  signal,
  log: () => undefined,
});

describe('runVariants', () => {
  it('interleaves trials A B C A B C and isolates failures', async () => {
    const order: string[] = [];
    const variant = (name: string, behave: (trial: number) => TrialMeasurement): VariantDefinition<object> => ({
      name,
      description: name,
      params: {},
      run: async (t) => {
        order.push(`${name}${t.trial}`);
        return behave(t.trial);
      },
    });
    const result = await runVariants(
      ctx(new AbortController().signal),
      [
        variant('a', () => measurement(true)),
        variant('b', (trial) => {
          if (trial === 1) throw new Error('connection lost');
          return measurement(true);
        }),
        variant('c', () => measurement(false)),
        { ...variant('d', () => measurement(true)), unsupportedReason: () => 'no COPY on this driver' },
      ],
      { trials: 3, warmupSeconds: 0, throughputUnit: 'rows/s' },
    );
    expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'a2']);
    const byName = Object.fromEntries(result.variants.map((v) => [v.name, v]));
    expect(byName.a!.status).toBe('ok');
    expect(byName.a!.trials).toHaveLength(3);
    expect(byName.a!.summary.throughput).toBe(2000);
    expect(byName.b!.status).toBe('failed');
    expect(byName.b!.reason).toBe('trial 2: connection lost');
    expect(byName.c!.status).toBe('failed');
    expect(byName.c!.reason).toContain('verification failed: expected 10 rows, found 9');
    expect(byName.d!.status).toBe('unsupported');
    expect(byName.d!.reason).toBe('no COPY on this driver');
    expect(result.status).toBe('completed');
  });

  it('stops at an abort and says the run was interrupted', async () => {
    const controller = new AbortController();
    let runs = 0;
    const result = await runVariants(
      ctx(controller.signal),
      [{ name: 'a', description: 'a', params: {}, run: async () => { runs += 1; if (runs === 2) controller.abort(); return measurement(true); } }],
      { trials: 5, warmupSeconds: 0, throughputUnit: 'rows/s' },
    );
    expect(result.status).toBe('interrupted');
    expect(runs).toBe(2);
    // The trial cut short by the interrupt is not kept as a measurement.
    expect(result.variants[0]!.trials).toHaveLength(1);
  });
});

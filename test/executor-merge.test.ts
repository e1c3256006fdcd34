// Histograms merged from two real worker processes equal the histogram of all their samples recorded in
// one place; counters add up; a worker that fails fails the trial with its reason instead of hanging.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, recordMs } from '../core/histogram.ts';
import { createLocalProcessesExecutor } from '../core/executors/local-processes.ts';
import { mergeSliceResults } from '../core/executors/merge-slices.ts';
import type { SliceRequest } from '../core/executors/executor.ts';
import type { Target } from '../core/targets/target.ts';
import { syntheticLatencies } from './fixtures/synthetic-slice-runners.ts';

const registryModule = path.join(import.meta.dirname, 'fixtures', 'synthetic-slice-runners.ts');
// The synthetic runner never connects; the executor still ships a connection, as it would to a real worker.
const target: Target = {
  kind: 'url',
  displayName: 'none',
  secrets: [],
  connectionConfig: (o = {}) => ({ host: '127.0.0.1', port: 1, ...o }),
  stop: async () => undefined,
};

function request(scenario: string, index: number, params: Record<string, unknown> = {}): SliceRequest {
  return {
    scenario,
    variant: 'v',
    options: {},
    params,
    schema: 'bakeoff_test',
    applicationName: 'bakeoff-test',
    index,
    count: 2,
    load: { mode: 'closed', concurrency: 1, durationMs: 1 },
    seed: 1000 + index,
    sampleEveryMs: 100,
    warmup: false,
  };
}

describe('local worker processes', () => {
  it('merges two workers\' histograms into exactly the histogram of all samples', async () => {
    const executor = createLocalProcessesExecutor({ target, registryModule });
    const results = await executor.run([request('synthetic', 0, { samples: 5000 }), request('synthetic', 1, { samples: 3000 })], {
      signal: new AbortController().signal,
    });
    // Two separate processes did the work.
    expect(results[0]!.counters.pid).not.toBe(results[1]!.counters.pid);
    expect(results[0]!.counters.pid).not.toBe(process.pid);

    const merged = mergeSliceResults(results);
    const all = createHistogram();
    for (const ms of [...syntheticLatencies(1000, 5000), ...syntheticLatencies(1001, 3000)]) recordMs(all, ms);
    expect(merged.histograms.latency!.totalCount).toBe(8000);
    expect(encodeHistogram(merged.histograms.latency!)).toBe(encodeHistogram(all));
    for (const p of [50, 90, 99, 99.9, 100]) {
      expect(merged.histograms.latency!.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));
    }
    expect(merged.counters.succeeded).toBe(8000);
    expect(merged.selfWatch.eventLoopUtilization).toBeCloseTo(0.2);
    expect(merged.samples).toHaveLength(2);
  });

  it('fails the trial with the worker\'s reason when one worker fails', async () => {
    const executor = createLocalProcessesExecutor({ target, registryModule });
    await expect(
      executor.run([request('synthetic', 0), request('crashing', 1)], { signal: new AbortController().signal }),
    ).rejects.toThrow(/worker 2: synthetic failure during setup/);
  });
});

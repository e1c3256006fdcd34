// The Lambda executor through the real LambdaClient against the Lambda Invoke stand-in, which runs the
// real worker handler in this process: slices merge exactly as local worker processes' do, a failing
// worker fails the trial with its reason, the start-time barrier holds, and the usage for the cost
// estimate comes from each invocation's REPORT line.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerHandler } from '../core/aws/worker-handler.ts';
import type { SliceRequest } from '../core/executors/executor.ts';
import { createLambdaExecutor, type WorkerEvent } from '../core/executors/lambda.ts';
import { createLocalProcessesExecutor } from '../core/executors/local-processes.ts';
import { mergeSliceResults } from '../core/executors/merge-slices.ts';
import { encodeHistogram } from '../core/histogram.ts';
import type { Target } from '../core/targets/target.ts';
import { findSliceRunner } from './fixtures/synthetic-slice-runners.ts';
import { startLambdaInvokeStandIn, type LambdaInvokeStandIn } from './stand-ins/lambda/lambda-invoke-stand-in.ts';

// The synthetic runners never connect; the worker still resolves its target, as a real one does.
const target: Target = { kind: 'url', displayName: 'none', secrets: [], connectionConfig: (o = {}) => ({ host: '127.0.0.1', port: 1, ...o }), stop: async () => undefined };
const registryModule = path.join(import.meta.dirname, 'fixtures', 'synthetic-slice-runners.ts');

function request(scenario: string, index: number, params: Record<string, unknown> = {}): SliceRequest {
  return {
    scenario,
    variant: 'v',
    options: {},
    params,
    schema: 'bakeoff_test',
    applicationName: 'bakeoff-test',
    index,
    count: 3,
    load: { mode: 'closed', concurrency: 1, durationMs: 1 },
    seed: 2000 + index,
    sampleEveryMs: 100,
    warmup: false,
  };
}

const events: WorkerEvent[] = [];
let standIn: LambdaInvokeStandIn;

beforeAll(async () => {
  const worker = createWorkerHandler({ target: async () => target, findRunner: findSliceRunner });
  standIn = await startLambdaInvokeStandIn({
    'bakeoff-worker': {
      memoryMb: 2048,
      handler: (event: WorkerEvent, context) => {
        events.push(event);
        return worker(event, context);
      },
    },
    'short-lived-worker': { timeoutMs: 2000, handler: worker },
  });
});

afterAll(async () => {
  await standIn.close();
});

// Long enough for every invocation to arrive before the start time even on a loaded machine.
const executor = (functionName = 'bakeoff-worker', prepareMs = 1500) =>
  createLambdaExecutor({ functionName, endpoint: standIn.endpoint, region: standIn.region, credentials: standIn.credentials, prepareMs });

describe('the Lambda executor', () => {
  it('merges slices exactly as local worker processes do', async () => {
    const requests = [request('synthetic', 0, { samples: 4000 }), request('synthetic', 1, { samples: 2500 }), request('synthetic', 2, { samples: 10 })];
    const signal = new AbortController().signal;
    const viaLambda = mergeSliceResults(await executor().run(requests, { signal }));
    const viaProcesses = mergeSliceResults(await createLocalProcessesExecutor({ target, registryModule }).run(requests, { signal }));

    expect(viaLambda.slices).toBe(3);
    expect(viaLambda.histograms.latency!.totalCount).toBe(6510);
    expect(encodeHistogram(viaLambda.histograms.latency!)).toBe(encodeHistogram(viaProcesses.histograms.latency!));
    const { pid: _a, ...lambdaCounters } = viaLambda.counters;
    const { pid: _b, ...processCounters } = viaProcesses.counters;
    expect(lambdaCounters).toEqual(processCounters);
    expect(viaLambda.selfWatch).toEqual(viaProcesses.selfWatch);
  });

  it('starts every slice at the common start time', async () => {
    events.length = 0;
    const results = await executor().run([request('synthetic', 0), request('synthetic', 1)], { signal: new AbortController().signal });
    const startAt = events[0]!.startAtMs;
    expect(events.map((e) => e.startAtMs)).toEqual([startAt, startAt]);
    for (const result of results) {
      expect(result.startedAtMs).toBeGreaterThanOrEqual(startAt);
      expect(result.counters.barrierLate).toBeUndefined();
    }
  });

  it('counts a slice that was ready after the start time as late', async () => {
    const results = await executor('bakeoff-worker', -1000).run([request('synthetic', 0)], { signal: new AbortController().signal });
    expect(results[0]!.counters.barrierLate).toBe(1);
  });

  it('fails the trial with the failing worker\'s reason', async () => {
    await expect(executor().run([request('synthetic', 0), request('crashing', 1)], { signal: new AbortController().signal })).rejects.toThrow(
      /^worker 2: synthetic failure during setup$/,
    );
    await expect(executor().run([request('no-such-scenario', 0)], { signal: new AbortController().signal })).rejects.toThrow(/worker 1: No slice runner for scenario "no-such-scenario"/);
  });

  it('refuses a slice that cannot finish within the function\'s time limit', async () => {
    const long = { ...request('synthetic', 0), load: { mode: 'closed' as const, concurrency: 1, durationMs: 60_000 } };
    await expect(executor('short-lived-worker').run([long], { signal: new AbortController().signal })).rejects.toThrow(/needs ~\d+ s but the worker function has \d+ s left/);
  });

  it('names a missing function', async () => {
    await expect(executor('not-deployed').run([request('synthetic', 0)], { signal: new AbortController().signal })).rejects.toThrow(/worker 1: .*Function not found: not-deployed/);
  });

  it('adds up billed duration and GB-seconds from each invocation\'s REPORT line', async () => {
    const lambda = executor();
    const before = standIn.reports.length;
    await lambda.run([request('synthetic', 0), request('synthetic', 1)], { signal: new AbortController().signal });
    const written = standIn.reports.slice(before);
    const usage = lambda.usage();
    expect(usage.invocations).toBe(2);
    expect(usage.estimatedInvocations).toBe(0);
    expect(usage.billedMs).toBe(written.reduce((sum, r) => sum + r.billedMs, 0));
    // 2048 MB functions: 2 GB per billed second.
    expect(usage.gbSeconds).toBeCloseTo((usage.billedMs / 1000) * 2, 9);
  });
});

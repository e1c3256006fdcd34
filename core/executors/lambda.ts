// Runs each slice in its own AWS Lambda worker (the worker function deployed by the stack), invoked
// synchronously with @aws-sdk/client-lambda: many workers make load no single machine can. Each worker
// runs the same slice runner a local worker process runs and returns the same SliceResult JSON, merged by
// the same code (core/executors/merge-slices.ts).
// The ready barrier is a start time: every worker prepares (cold start, pool warm-up), then waits until
// `startAtMs` (epoch ms; Lambda clocks are NTP-synchronized) before its load; a worker ready after that
// starts at once and counts `barrierLate`. Usage for the cost estimate comes from each invocation's log
// tail (the REPORT line: billed duration, memory size).
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { errorMessage } from '../errors.ts';
import { parseLambdaReport } from '../aws/lambda-report.ts';
import type { Executor, ExecutorRunOptions, SliceRequest, SliceResult } from './executor.ts';

/** The payload the worker function receives. Plain JSON, no secrets (the worker has its own). */
export interface WorkerEvent {
  request: SliceRequest;
  /** Epoch ms at which every slice starts its measured load. */
  startAtMs: number;
}

/** What the executor learned about its invocations, for the cost estimate. */
export interface LambdaUsage {
  invocations: number;
  /** Sum of billed durations (ms), from the REPORT lines. */
  billedMs: number;
  /** Sum over invocations of billed seconds x memory GB. */
  gbSeconds: number;
  /** Invocations whose REPORT line was missing (their duration was measured by the client instead). */
  estimatedInvocations: number;
}

export interface LambdaExecutorOptions {
  functionName: string;
  /** A client of your own (region, endpoint, credentials); by default one from the SDK's usual chain. */
  client?: LambdaClient;
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Time every worker has to start and prepare before the load begins, ms (default 10 s: cold starts). */
  prepareMs?: number;
  /** Memory of the worker function in MB, when the REPORT line does not say (default 1024). */
  memoryMb?: number;
}

export type LambdaExecutor = Executor & { usage(): LambdaUsage };

/** A client sized for fan-out: one socket per concurrent invocation, and no timeout shorter than Lambda's 15 minutes. */
export function createLambdaClient(options: Pick<LambdaExecutorOptions, 'region' | 'endpoint' | 'credentials'> & { maxSockets?: number }): LambdaClient {
  return new LambdaClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // An invocation that fails is a failed slice, not something to repeat behind the coordinator's back.
    maxAttempts: 1,
    requestHandler: { requestTimeout: 16 * 60_000, httpsAgent: { maxSockets: options.maxSockets ?? 1000, keepAlive: true } },
  });
}

export function createLambdaExecutor(options: LambdaExecutorOptions): LambdaExecutor {
  const client = options.client ?? createLambdaClient(options);
  const usage: LambdaUsage = { invocations: 0, billedMs: 0, gbSeconds: 0, estimatedInvocations: 0 };

  const invoke = async (event: WorkerEvent, index: number, signal: AbortSignal): Promise<SliceResult> => {
    const started = performance.now();
    const output = await client.send(
      new InvokeCommand({
        FunctionName: options.functionName,
        InvocationType: 'RequestResponse',
        LogType: 'Tail',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
      { abortSignal: signal },
    );
    usage.invocations += 1;
    const report = output.LogResult ? parseLambdaReport(Buffer.from(output.LogResult, 'base64').toString('utf8')) : undefined;
    if (report) {
      usage.billedMs += report.billedMs;
      usage.gbSeconds += (report.billedMs / 1000) * (report.memoryMb / 1024);
    } else {
      const ms = performance.now() - started;
      usage.estimatedInvocations += 1;
      usage.billedMs += ms;
      usage.gbSeconds += (ms / 1000) * ((options.memoryMb ?? 1024) / 1024);
    }
    const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
    if (output.FunctionError) {
      let message = text;
      try {
        const payload = JSON.parse(text) as { errorMessage?: string; errorType?: string };
        message = payload.errorMessage ?? payload.errorType ?? text;
      } catch {
        // Not JSON: keep the raw text.
      }
      throw new Error(`worker ${index + 1}: ${message || output.FunctionError}`);
    }
    try {
      return JSON.parse(text) as SliceResult;
    } catch (err) {
      throw new Error(`worker ${index + 1}: the function returned no slice result (${errorMessage(err)})`);
    }
  };

  return {
    kind: 'lambda',
    usage: () => ({ ...usage }),
    async run(requests: readonly SliceRequest[], run: ExecutorRunOptions): Promise<SliceResult[]> {
      const startAtMs = Date.now() + (options.prepareMs ?? 10_000);
      const settled = await Promise.allSettled(requests.map((request, i) => invoke({ request, startAtMs }, i, run.signal)));
      const failures = settled.flatMap((s, i) => {
        if (s.status === 'fulfilled') return [];
        const message = errorMessage(s.reason);
        return [message.startsWith('worker ') ? message : `worker ${i + 1}: ${message}`];
      });
      if (failures.length > 0) throw new Error(failures.join('; '));
      const results = settled.map((s) => (s as PromiseFulfilledResult<SliceResult>).value);
      run.onProgress?.(results.reduce((n, r) => n + (r.counters.succeeded ?? 0) + (r.counters.failed ?? 0), 0));
      return results;
    },
  };
}

// One pool-size trial in --http mode: the HTTP service (its own process, one pool of the variant's size)
// runs the operation mix per request, autocannon keeps --concurrency connections busy for --duration, and
// the report gets end-to-end request latency and req/s per pool size. The service's own counts (requests,
// operations, pool wait) come from its /stats, and the writes it claims are checked against the tables.
import { connectionOf } from '../../core/executors/worker-target.ts';
import { decodeHistogram } from '../../core/histogram.ts';
import type { ServiceStats } from '../../core/http-service/service.ts';
import { runHttpLoad } from '../../core/load/http-load.ts';
import { serverConnectionReader, startSampler, type LoadSample } from '../../core/load/sampler.ts';
import { startSelfWatch } from '../../core/load/self-watch.ts';
import { combineSamples } from '../../core/load/time-series.ts';
import type { TrialContext, TrialMeasurement } from '../../core/scenario.ts';
import { startServiceProcess } from './http-service-process.ts';
import { trialMeasurement, type PoolVariantParams } from './measurement.ts';
import type { PoolSizeOptions } from './options.ts';
import { snapshotWorkload, workloadTables } from './tables.ts';
import { duringLoad, readMaxConnections, sampleInterval, trialApplicationName, trialDurationMs } from './trial.ts';

export async function runHttpTrial(ctx: TrialContext<PoolSizeOptions>, variant: PoolVariantParams): Promise<TrialMeasurement> {
  const options = ctx.options;
  const durationMs = trialDurationMs(options, ctx.warmup);
  const intervalMs = sampleInterval(durationMs);
  const tables = workloadTables(ctx.schema);
  const applicationName = trialApplicationName();
  const observer = await ctx.connect();
  try {
    const maxConnections = await readMaxConnections(observer);
    const before = await snapshotWorkload(observer, tables);
    const service = await startServiceProcess({
      connection: connectionOf(ctx.target),
      schema: ctx.schema,
      applicationName,
      poolSize: variant.poolSize,
      options,
      seed: (ctx.trial + 1) * 7919 + (ctx.warmup ? 1 : 0),
      sampleEveryMs: intervalMs,
    });
    let stats: ServiceStats | undefined;
    let serverSamples: LoadSample[] = [];
    let load;
    let selfWatch;
    const startedAtMs = Date.now();
    try {
      const sampler = startSampler(serverConnectionReader(observer, applicationName), intervalMs, ctx.log);
      const watch = startSelfWatch();
      try {
        load = await runHttpLoad({ url: `${service.url}/op`, connections: variant.concurrency, durationMs, signal: ctx.signal });
      } finally {
        selfWatch = watch.stop();
        serverSamples = await sampler.stop();
      }
    } finally {
      // Final counts come with the stop, after the requests still in flight have finished their work.
      stats = await service.stop();
    }
    if (!stats) throw new Error('the HTTP service process died before reporting its counts');
    const after = await snapshotWorkload(observer, tables);

    // autocannon stops at the deadline without waiting for requests in flight, which the service may
    // still answer: the service can count up to one request per connection more, never fewer.
    const unanswered = stats.ok - load.ok2xx;
    const countsMatch = unanswered >= 0 && unanswered <= variant.concurrency && stats.requests >= load.responses;
    const errors: Record<string, number> = { ...stats.errors };
    if (load.timeouts > 0) errors.http_timeout = load.timeouts;
    if (load.errors - load.timeouts > 0) errors.http_connection_error = load.errors - load.timeouts;
    const counters: Record<string, number> = {
      ...stats.counters,
      succeeded: load.ok2xx,
      failed: load.non2xx + load.errors,
      ...Object.fromEntries(Object.entries(stats.byOperation).map(([op, n]) => [`ok_${op}`, n])),
      serviceRequests: stats.requests,
      serviceOk: stats.ok,
    };
    const measurement = trialMeasurement({
      variant,
      elapsedMs: load.elapsedMs,
      histograms: { latency: load.histogram, acquire: decodeHistogram(stats.histograms.acquire), handler: decodeHistogram(stats.histograms.handler) },
      counters,
      errors,
      timeSeries: combineSamples(
        [stats.samples, serverSamples].map((samples) => duringLoad(samples, startedAtMs, load.elapsedMs, intervalMs)),
        startedAtMs,
        intervalMs,
      ),
      selfWatch,
      before,
      after,
      maxConnections,
      loadSource: 'http (autocannon)',
      notes: {
        http: { responses: load.responses, ok2xx: load.ok2xx, byStatus: load.byStatus, sent: load.sent, serviceRequests: stats.requests, serviceOk: stats.ok, countsMatch },
      },
    });
    if (measurement.check.ok && !countsMatch) {
      measurement.check = {
        ok: false,
        detail: `autocannon counted ${load.ok2xx} successful responses but the service answered ${stats.ok} (${stats.requests} requests): more apart than the ${variant.concurrency} connections in flight explain`,
      };
    }
    return measurement;
  } finally {
    await observer.end().catch(() => undefined);
  }
}

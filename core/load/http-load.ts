// HTTP load through autocannon's API: N keep-alive connections, each sending its next request when the
// last response arrives (a closed loop), for a duration or an exact number of requests. Every response's
// time goes into our own HDR histogram (2xx only, like successful operations elsewhere), so HTTP results
// merge and summarize exactly like direct database results.
import autocannon from 'autocannon';
import { createHistogram, recordMs, type Histogram } from '../histogram.ts';

export interface HttpLoadOptions {
  url: string;
  connections: number;
  /** Run for this long... */
  durationMs?: number;
  /** ...or until exactly this many requests have been answered (takes precedence). */
  amount?: number;
  signal?: AbortSignal;
  /** Seconds before a request counts as timed out (default 30). */
  timeoutSeconds?: number;
}

export interface HttpLoadResult {
  /** Responses received, any status. */
  responses: number;
  ok2xx: number;
  non2xx: number;
  byStatus: Record<string, number>;
  /** Connection errors and timeouts, as autocannon counts them. */
  errors: number;
  timeouts: number;
  /** Requests autocannon reports as sent. */
  sent: number;
  elapsedMs: number;
  /** End-to-end latency of 2xx responses (microseconds). */
  histogram: Histogram;
}

export function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  if (options.durationMs === undefined && options.amount === undefined) throw new Error('runHttpLoad needs durationMs or amount');
  const histogram = createHistogram();
  const byStatus: Record<string, number> = {};
  let responses = 0;
  let ok2xx = 0;
  const begin = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: (options.durationMs ?? 0) / 1000 }),
        timeout: options.timeoutSeconds ?? 30,
      },
      (err: unknown, result: autocannon.Result) => {
        options.signal?.removeEventListener('abort', stop);
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        resolve({
          responses,
          ok2xx,
          non2xx: responses - ok2xx,
          byStatus,
          errors: result.errors,
          timeouts: result.timeouts,
          sent: result.requests.sent,
          elapsedMs: performance.now() - begin,
          histogram,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      responses += 1;
      byStatus[statusCode] = (byStatus[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) {
        ok2xx += 1;
        recordMs(histogram, responseTime);
      }
    });
    const stop = () => instance.stop();
    options.signal?.addEventListener('abort', stop, { once: true });
  });
}

// Runs a transaction the way a careful application does: BEGIN at an isolation level, do the work,
// COMMIT, and on a retryable failure (SQLSTATE 40001 serialization failure, 40P01 deadlock) roll back
// and run the WHOLE transaction again after a jittered exponential backoff, up to a bounded number of
// retries. Every attempt, commit, retry and give-up is counted, and the latency of a committed
// transaction is measured from its first BEGIN, so retries and backoff show up in the percentiles.
import type pg from 'pg';
import { createHistogram, recordMs, type Histogram } from '../histogram.ts';
import { classifyError, isRetryable, sqlstateOf } from '../sqlstate.ts';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 means a failure is a give-up at once. */
  maxRetries: number;
  /** Upper bound of the first backoff; doubles per retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 10, baseDelayMs: 1, maxDelayMs: 50 };

/** Counters shared by all the clients of one measurement (Node runs them on one thread). */
export class RetryStats {
  /** BEGINs issued. */
  attempts = 0;
  /** Transactions whose COMMIT succeeded. */
  commits = 0;
  /** Attempts that failed with a retryable error and were run again. */
  retries = 0;
  /** Transactions abandoned after the last allowed retry failed with a retryable error. */
  giveUps = 0;
  /** Transactions that failed with an error that retrying does not fix (a bug, a broken connection). */
  failures = 0;
  /** Transactions left unfinished because the run was interrupted while they waited to retry. */
  interrupted = 0;
  /** Failed attempts by error kind ("40001 serialization_failure", ...). */
  readonly aborts: Record<string, number> = {};
  /** Committed transactions, from the first BEGIN to the successful COMMIT (microseconds). */
  readonly latency: Histogram = createHistogram();

  get abortedAttempts(): number {
    return Object.values(this.aborts).reduce((a, b) => a + b, 0);
  }
}

/** Thrown when a transaction still fails with a retryable error after the last allowed retry. */
export class TransactionGaveUpError extends Error {
  readonly attempts: number;
  /** The SQLSTATE of the last failure, so callers and counters can still see what kept failing. */
  readonly lastSqlstate: string | undefined;
  constructor(attempts: number, cause: unknown) {
    super(`gave up after ${attempts} attempts: ${classifyError(cause)}`, { cause });
    this.name = 'TransactionGaveUpError';
    this.attempts = attempts;
    this.lastSqlstate = sqlstateOf(cause);
  }
}

export interface RetryOptions {
  isolation: IsolationLevel;
  policy: RetryPolicy;
  stats: RetryStats;
  /** Stops retrying (the last error is rethrown) once aborted. */
  signal?: AbortSignal;
  /** For tests: replaces Math.random in the jitter. */
  random?: () => number;
}

const BEGIN: Record<IsolationLevel, string> = {
  'read committed': 'BEGIN ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
};

/** "Full jitter": a uniform delay between 0 and min(max, base * 2^retry), which spreads retrying clients apart. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return random() * cap;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` inside a transaction at `isolation`, retrying the whole transaction on 40001/40P01.
 * `work` must be safe to run again: it gets a fresh transaction each time and should derive everything
 * it writes from what it reads in that attempt. Returns what `work` returned in the attempt that committed.
 */
export async function runTransaction<T>(client: pg.ClientBase, work: (client: pg.ClientBase) => Promise<T>, options: RetryOptions): Promise<T> {
  const { stats, policy } = options;
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    stats.attempts += 1;
    try {
      await client.query(BEGIN[options.isolation]);
      const result = await work(client);
      // Under SERIALIZABLE the conflict is often detected only here: COMMIT itself fails with 40001.
      await client.query('COMMIT');
      stats.commits += 1;
      recordMs(stats.latency, performance.now() - started);
      return result;
    } catch (err) {
      // After a failed COMMIT the transaction is already gone and ROLLBACK only warns; after a broken
      // connection it fails too. Either way the original error is the one that matters.
      await client.query('ROLLBACK').catch(() => undefined);
      const kind = classifyError(err);
      stats.aborts[kind] = (stats.aborts[kind] ?? 0) + 1;
      if (!isRetryable(err)) {
        stats.failures += 1;
        throw err;
      }
      if (attempt >= policy.maxRetries) {
        stats.giveUps += 1;
        throw new TransactionGaveUpError(attempt + 1, err);
      }
      if (options.signal?.aborted) {
        stats.interrupted += 1;
        throw err;
      }
      stats.retries += 1;
      await sleep(backoffMs(attempt, policy, options.random));
    }
  }
}

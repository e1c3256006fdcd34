// Samples load state a few times a second while a trial runs: the pool's total/idle/waiting counts and
// the server's view (connections in pg_stat_activity with the run's application_name), for the report's
// time series of pool utilization and server connections.
import type pg from 'pg';
import { errorMessage } from '../errors.ts';

/** One point of a time series; `atMs` is wall-clock epoch ms so samples from several processes line up. */
export interface LoadSample {
  atMs: number;
  poolTotal?: number;
  poolIdle?: number;
  poolWaiting?: number;
  serverConnections?: number;
  serverActive?: number;
  /** Operations finished so far (cumulative), and how many of them failed: an outage shows as failures rising while finished-ok stays flat. */
  opsDone?: number;
  opsFailed?: number;
}

export type SampleReader = () => Omit<LoadSample, 'atMs'> | Promise<Omit<LoadSample, 'atMs'>>;

export interface Sampler {
  /** The samples so far, oldest first (a copy). */
  snapshot(): LoadSample[];
  /** Stops sampling (waiting for a read in progress) and returns the samples, oldest first. */
  stop(): Promise<LoadSample[]>;
}

export const DEFAULT_SAMPLE_EVERY_MS = 200;

export function startSampler(read: SampleReader, intervalMs = DEFAULT_SAMPLE_EVERY_MS, onError?: (message: string) => void): Sampler {
  const samples: LoadSample[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();
  const tick = () => {
    // Reads never overlap: a slow read (a busy server) delays the next tick instead of piling up.
    pending = (async () => {
      const atMs = Date.now();
      try {
        samples.push({ atMs, ...(await read()) });
      } catch (err) {
        onError?.(errorMessage(err));
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  // The first read comes one interval in: a read at t = 0 would only show the state before the load.
  timer = setTimeout(tick, intervalMs);
  return {
    snapshot: () => [...samples],
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await pending;
      return samples;
    },
  };
}

/** Reads a pg pool's counters (synchronous, no I/O). */
export function poolReader(pool: pg.Pool): SampleReader {
  return () => ({ poolTotal: pool.totalCount, poolIdle: pool.idleCount, poolWaiting: pool.waitingCount });
}

/**
 * Counts the server's connections for one application_name on `observer` (a connection with a different
 * application_name, so it does not count itself).
 */
export function serverConnectionReader(observer: Pick<pg.ClientBase, 'query'>, applicationName: string): SampleReader {
  return async () => {
    const { rows } = await observer.query<{ total: number; active: number }>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE state = 'active'))::int AS active
         FROM pg_stat_activity WHERE application_name = $1`,
      [applicationName],
    );
    return { serverConnections: rows[0]?.total ?? 0, serverActive: rows[0]?.active ?? 0 };
  };
}

/** Live counts of a loop's outcomes (its `live` option), for a sampler to read while the load runs. */
export interface OperationCounts {
  done: number;
  failed: number;
}

/** Reads live operation counts (synchronous, no I/O). */
export function countsReader(counts: OperationCounts): SampleReader {
  return () => ({ opsDone: counts.done, opsFailed: counts.failed });
}

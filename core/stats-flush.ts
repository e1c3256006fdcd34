// Cumulative statistics (pg_stat_user_tables, pg_stat_user_indexes) are kept per backend and flushed to
// shared memory at most once a second, or within 10 s of going idle: read right after a workload, they
// miss its last operations. pg_stat_force_next_flush() (PostgreSQL 15+) makes the calling backend flush
// before it answers, so every connection that did work calls it before the counters are read.
import type pg from 'pg';

export const STATS_FLUSH_MIN_VERSION_NUM = 150000;

export async function flushPendingStats(clients: readonly pg.ClientBase[]): Promise<void> {
  // The flush happens when each backend goes idle after this statement, before it reports ready.
  await Promise.all(clients.map((client) => client.query('SELECT pg_stat_force_next_flush()')));
}

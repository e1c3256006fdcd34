// The read phase of a trial: each query pattern runs as a named prepared statement from C concurrent
// read-only sessions for a fixed time, with parameters drawn per execution (the same seeded sequence in
// every variant), then its plan is captured from the same prepared statement and its result for a fixed
// sample of parameters is fingerprinted, so a variant that answers faster but differently is caught.
import type pg from 'pg';
import { runClosedLoop, type ClosedLoopResult } from '../../core/load/closed-loop.ts';
import { md5OfLines } from '../../core/table-checksum.ts';
import { parameterSource, type DatasetBounds, type ParamValue } from './param-generators.ts';
import type { QueryPattern } from './query-file.ts';
import { summarizePlan, type PlanSummary } from './plan-summary.ts';

/** Seed of the fixed parameter sample used for EXPLAIN and the result fingerprint. */
const SAMPLE_SEED = 7;

export function statementName(pattern: QueryPattern): string {
  return `bakeoff_${pattern.name}`;
}

/** Stable per pattern name, so adding a pattern does not change another's parameter sequence. */
function nameSeed(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i += 1) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The fixed parameter values EXPLAIN and the result check use: the same in every variant and trial. */
export function sampleParams(pattern: QueryPattern, data: DatasetBounds): ParamValue[] {
  return parameterSource(pattern.params, pattern.paramCount, data, nameSeed(pattern.name) ^ SAMPLE_SEED)();
}

export function executePattern(client: pg.ClientBase, pattern: QueryPattern, values: ParamValue[]): Promise<pg.QueryResult> {
  return client.query({ name: statementName(pattern), text: pattern.sql, values });
}

export interface ReadLoad {
  durationMs: number;
  signal: AbortSignal;
  /** Varies the parameter sequence between trials; the same trial number gives every variant the same sequence. */
  trial: number;
}

/** Runs one pattern from every reader until the duration is over. */
export async function runPatternLoad(readers: readonly pg.Client[], pattern: QueryPattern, data: DatasetBounds, load: ReadLoad): Promise<ClosedLoopResult> {
  const sources = readers.map((_, i) => parameterSource(pattern.params, pattern.paramCount, data, nameSeed(pattern.name) + load.trial * 7919 + i * 104729));
  return runClosedLoop(
    async (client) => {
      await executePattern(readers[client]!, pattern, sources[client]!());
    },
    { concurrency: readers.length, durationMs: load.durationMs, signal: load.signal },
  );
}

export interface CapturedPlan {
  summary: PlanSummary;
  /** The EXPLAIN output as Postgres returned it. */
  explain: unknown;
  /** How the session's plan cache has planned this statement so far (pg_prepared_statements, PG 14+). */
  genericPlans?: number;
  customPlans?: number;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE of the session's own prepared statement, so the plan is
 * the one its executions used (generic or custom, as the plan cache chose). EXPLAIN takes no bind
 * parameters, so the server quotes the values into the statement (format %I / quote_nullable).
 */
export async function capturePlan(client: pg.ClientBase, pattern: QueryPattern, values: ParamValue[]): Promise<CapturedPlan> {
  const built = await client.query<{ sql: string }>(
    `SELECT format('EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE %I', $1::text)
            || coalesce('(' || (SELECT string_agg(quote_nullable(v), ', ' ORDER BY o) FROM unnest($2::text[]) WITH ORDINALITY AS t(v, o)) || ')', '') AS sql`,
    [statementName(pattern), values.map(String)],
  );
  const result = await client.query<{ 'QUERY PLAN': unknown }>(built.rows[0]!.sql);
  const explain = result.rows[0]!['QUERY PLAN'];
  const captured: CapturedPlan = { summary: summarizePlan(explain), explain };
  const counts = await client
    .query<{ generic_plans: string; custom_plans: string }>('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [statementName(pattern)])
    .catch(() => undefined); // before PostgreSQL 14 the columns do not exist
  const row = counts?.rows[0];
  if (row) {
    captured.genericPlans = Number(row.generic_plans);
    captured.customPlans = Number(row.custom_plans);
  }
  return captured;
}

/** md5 over the result rows, order-insensitive: the same answer whatever plan produced it. */
export async function resultFingerprint(client: pg.ClientBase, pattern: QueryPattern, values: ParamValue[]): Promise<{ rows: number; checksum: string }> {
  const result = await client.query({ name: statementName(pattern), text: pattern.sql, values, rowMode: 'array' });
  const lines = (result.rows as unknown[][]).map((r) => JSON.stringify(r)).sort();
  return { rows: lines.length, checksum: md5OfLines(lines) };
}

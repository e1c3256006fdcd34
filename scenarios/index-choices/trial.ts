// One trial of one index set: a fresh copy of the orders (count and checksum verified, no index but the
// primary key), the set's indexes built (timed) and ANALYZEd, the read phase (every pattern under load,
// its plan captured and its answer checked against the no-index answer), index sizes and idx_scan
// after a statistics flush, then the write phase (inserts, update mix), and finally the table dropped
// and the schema checked to hold no index but the base table's primary key.
import type pg from 'pg';
import { createHistogram, encodeHistogram, summarize } from '../../core/histogram.ts';
import { flushPendingStats } from '../../core/stats-flush.ts';
import { qualified } from '../../core/quote.ts';
import type { TrialContext, TrialMeasurement } from '../../core/scenario.ts';
import { indexSizes, indexUsage, listSchemaIndexes } from './catalog.ts';
import { BASE_TABLE, ORDERS_TABLE, refreshOrdersTable, tableChecksum, type DatasetFingerprint, type DatasetShape } from './dataset.ts';
import { buildIndexSet, type BuiltIndex } from './index-build.ts';
import type { IndexSet } from './index-file.ts';
import type { DatasetBounds, ParamValue } from './param-generators.ts';
import type { QueryPattern, QueryWorkload } from './query-file.ts';
import { capturePlan, resultFingerprint, runPatternLoad, sampleParams } from './read-phase.ts';
import type { IndexExtra, PatternExtra, TrialExtra, WritesExtra } from './trial-extra.ts';
import { runInserts, runUpdateMix } from './write-phase.ts';

export interface TrialSettings {
  readSeconds: number;
  concurrency: number;
  insertRows: number;
  insertBatch: number;
  updates: number;
}

/** What a caller may inspect between the read and the write phase (the table and its indexes still exist). */
export interface AfterReadPhaseInfo {
  variant: string;
  trial: number;
  warmup: boolean;
  schema: string;
  /** `"schema"."orders"`, quoted. */
  table: string;
  admin: pg.Client;
  /** A read session that ran every pattern's prepared statement (its plan cache is the measured one). */
  reader: pg.Client;
  patterns: readonly QueryPattern[];
  sampleParams(pattern: QueryPattern): ParamValue[];
  /** What the trial measured so far (indexes with size and idx_scan, patterns with plans). */
  extra: TrialExtra;
}

export interface IndexTrialHooks {
  afterReadPhase?(info: AfterReadPhaseInfo): Promise<void>;
}

export interface TrialPlan {
  variant: string;
  /** Undefined for the no-index baseline. */
  set: IndexSet | undefined;
  workload: QueryWorkload;
  shape: DatasetShape;
  data: DatasetBounds;
  expected: DatasetFingerprint;
  /** Each pattern's answer for its sample parameters without any index. */
  baselineResults: ReadonlyMap<string, { rows: number; checksum: string }>;
  settings: TrialSettings;
  hooks?: IndexTrialHooks;
}

async function readOnlySession(ctx: TrialContext<unknown>): Promise<pg.Client> {
  const client = await ctx.connect();
  // User queries run here: a read-only session refuses anything that would change data.
  await client.query('SET default_transaction_read_only = on');
  return client;
}

async function writeSession(ctx: TrialContext<unknown>): Promise<pg.Client> {
  const client = await ctx.connect();
  // The WAL flush at each commit costs the same whatever the indexes; without waiting for it, the
  // write phase measures index maintenance rather than the disk's fsync latency.
  await client.query('SET synchronous_commit = off');
  return client;
}

function addErrors(into: Record<string, number>, from: Record<string, number>): void {
  for (const [kind, n] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + n;
}

export async function runIndexTrial(ctx: TrialContext<unknown>, plan: TrialPlan): Promise<TrialMeasurement> {
  const { schema } = ctx;
  const table = qualified(schema, ORDERS_TABLE);
  const base = qualified(schema, BASE_TABLE);
  const problems: string[] = [];
  const errors: Record<string, number> = {};
  const metrics: Record<string, number> = {};
  const admin = await ctx.connect();
  let readers: pg.Client[] = [];
  let writers: pg.Client[] = [];
  // Wall time of each step, so a user can see where a trial's time goes (setup steps are not measured work).
  const phaseMs: Record<string, number> = {};
  let phaseStart = performance.now();
  const endPhase = (name: string) => {
    const now = performance.now();
    phaseMs[name] = now - phaseStart;
    phaseStart = now;
  };
  try {
    // 1. The same data, and nothing left from another variant.
    await refreshOrdersTable(admin, base, table, plan.shape.fillfactor);
    const before = await listSchemaIndexes(admin, schema);
    const strangers = before.filter((i) => !i.primary);
    if (strangers.length > 0) problems.push(`indexes present before the build: ${strangers.map((i) => `${i.name} on ${i.table}`).join(', ')}`);
    const fingerprint = await tableChecksum(admin, table);
    if (fingerprint.count !== plan.expected.count || fingerprint.checksum !== plan.expected.checksum) {
      problems.push(
        `the fresh table holds ${fingerprint.count} rows with checksum ${fingerprint.checksum}, expected ${plan.expected.count} with ${plan.expected.checksum}`,
      );
    }
    metrics.rows = fingerprint.count;
    endPhase('refresh');

    // 2. Build the set (timed), then ANALYZE so expression and partial indexes have statistics.
    const built: BuiltIndex[] = plan.set ? await buildIndexSet(admin, schema, ORDERS_TABLE, plan.set) : [];
    await admin.query(`ANALYZE ${table}`);
    const sizes = await indexSizes(admin, schema, ORDERS_TABLE);
    metrics.buildMs = built.reduce((sum, b) => sum + b.buildMs, 0);
    metrics.indexBytes = built.reduce((sum, b) => sum + (sizes.get(b.name) ?? 0), 0);
    metrics.indexMiB = metrics.indexBytes / 1024 / 1024;
    metrics.indexes = built.length;
    endPhase('build');

    // 3. Read phase: each pattern under load, then its plan and its answer.
    readers = await Promise.all(Array.from({ length: plan.settings.concurrency }, () => readOnlySession(ctx)));
    const durationMs = (plan.settings.readSeconds * 1000) / (ctx.warmup ? 4 : 1);
    const overall = createHistogram();
    const patterns: Record<string, PatternExtra> = {};
    let executions = 0;
    let readMs = 0;
    for (const [p, pattern] of plan.workload.patterns.entries()) {
      if (ctx.signal.aborted) break;
      ctx.progress(p, plan.workload.patterns.length);
      const load = await runPatternLoad(readers, pattern, plan.data, { durationMs, signal: ctx.signal, trial: ctx.trial });
      addErrors(errors, load.errors);
      if (load.failed > 0) problems.push(`${pattern.name}: ${load.failed} of ${load.succeeded + load.failed} executions failed (${Object.keys(load.errors).join(', ')})`);
      overall.add(load.histogram);
      executions += load.succeeded;
      readMs += load.elapsedMs;
      const params = sampleParams(pattern, plan.data);
      const captured = await capturePlan(readers[0]!, pattern, params);
      const answer = await resultFingerprint(readers[0]!, pattern, params);
      const baseline = plan.baselineResults.get(pattern.name);
      const matchesBaseline = baseline !== undefined && baseline.checksum === answer.checksum && baseline.rows === answer.rows;
      if (!matchesBaseline) {
        problems.push(`${pattern.name}: answered ${answer.rows} rows (checksum ${answer.checksum}) where the no-index baseline answered ${baseline?.rows ?? '?'} (${baseline?.checksum ?? '?'})`);
      }
      const latency = summarize(load.histogram);
      patterns[pattern.name] = {
        sql: pattern.sql,
        executions: load.succeeded,
        failed: load.failed,
        elapsedMs: load.elapsedMs,
        histogram: encodeHistogram(load.histogram),
        latencyMs: { p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max },
        planParams: params,
        plan: captured.summary,
        ...(captured.genericPlans !== undefined ? { genericPlans: captured.genericPlans, customPlans: captured.customPlans } : {}),
        explain: captured.explain,
        result: { ...answer, matchesBaseline },
      };
      metrics[`p50Ms:${pattern.name}`] = latency.p50;
      metrics[`p95Ms:${pattern.name}`] = latency.p95;
      metrics[`p99Ms:${pattern.name}`] = latency.p99;
      metrics[`qps:${pattern.name}`] = load.elapsedMs > 0 ? (load.succeeded * 1000) / load.elapsedMs : 0;
    }
    ctx.progress(plan.workload.patterns.length, plan.workload.patterns.length);
    endPhase('read');

    // 4. Index usage after the read phase (and the one EXPLAIN ANALYZE and result check per pattern).
    await flushPendingStats([...readers, admin]);
    const usage = await indexUsage(admin, schema, ORDERS_TABLE);
    const indexes: IndexExtra[] = built.map((b) => {
      const u = usage.get(b.name) ?? { idxScan: 0, idxTupRead: 0, idxTupFetch: 0 };
      metrics[`idxScan:${b.name}`] = u.idxScan;
      metrics[`indexBytes:${b.name}`] = sizes.get(b.name) ?? 0;
      return { name: b.name, definition: b.definition, origin: b.origin, buildMs: b.buildMs, sizeBytes: sizes.get(b.name) ?? 0, ...u };
    });
    const extra: TrialExtra = {
      indexSet: plan.variant,
      dataset: { rows: fingerprint.count, users: plan.data.users, checksum: fingerprint.checksum },
      indexes,
      patterns,
      phaseMs,
    };
    endPhase('stats');
    await plan.hooks?.afterReadPhase?.({
      variant: plan.variant,
      trial: ctx.trial,
      warmup: ctx.warmup,
      schema,
      table,
      admin,
      reader: readers[0]!,
      patterns: plan.workload.patterns,
      sampleParams: (pattern) => sampleParams(pattern, plan.data),
      extra,
    });
    await Promise.all(readers.map((r) => r.end().catch(() => undefined)));
    readers = [];
    phaseStart = performance.now();

    // 5. Write phase: what the set costs on inserts and updates (skipped in warmup rounds).
    if (!ctx.warmup && !ctx.signal.aborted) {
      writers = await Promise.all(Array.from({ length: plan.settings.concurrency }, () => writeSession(ctx)));
      const inserts = await runInserts(admin, writers, {
        table,
        shape: plan.shape,
        count: plan.settings.insertRows,
        batch: plan.settings.insertBatch,
        signal: ctx.signal,
      });
      addErrors(errors, inserts.errors);
      if (inserts.rows !== plan.settings.insertRows) problems.push(`inserted ${inserts.rows} rows, expected ${plan.settings.insertRows}`);
      const updates = await runUpdateMix(admin, writers, {
        schema,
        tableName: ORDERS_TABLE,
        table,
        loadedRows: plan.shape.rows,
        total: plan.settings.updates,
        signal: ctx.signal,
      });
      addErrors(errors, updates.errors);
      const kinds = Object.values(updates.kinds);
      const updated = kinds.reduce((s, k) => s + k.updates, 0);
      const hot = kinds.reduce((s, k) => s + k.hotUpdates, 0);
      const failedUpdates = kinds.reduce((s, k) => s + k.failed, 0);
      if (failedUpdates > 0 || updated !== plan.settings.updates) problems.push(`${updated} of ${plan.settings.updates} updates counted (${failedUpdates} failed)`);
      const after = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      if (Number(after.rows[0]!.n) !== plan.expected.count + inserts.rows) {
        problems.push(`the table holds ${after.rows[0]!.n} rows after the write phase, expected ${plan.expected.count + inserts.rows}`);
      }
      const writes: WritesExtra = {
        insertedRows: inserts.rows,
        insertMs: inserts.elapsedMs,
        insertRowsPerSec: inserts.elapsedMs > 0 ? (inserts.rows * 1000) / inserts.elapsedMs : 0,
        walBytes: inserts.walBytes,
        walBytesPerRow: inserts.rows > 0 ? inserts.walBytes / inserts.rows : 0,
        updates: updates.kinds,
        hotRatio: updated > 0 ? hot / updated : 0,
      };
      extra.writes = writes;
      metrics.insertRowsPerSec = writes.insertRowsPerSec;
      metrics.walBytesPerRow = writes.walBytesPerRow;
      metrics.hotRatio = writes.hotRatio;
      metrics.hotPercent = writes.hotRatio * 100;
      for (const [name, k] of Object.entries(updates.kinds)) metrics[`hotRatio:${name}`] = k.updates > 0 ? k.hotUpdates / k.updates : 0;
      endPhase('write');
    }

    // 6. Leave nothing behind: drop the table with its indexes and check the schema.
    await admin.query(`DROP TABLE ${table}`);
    const left = (await listSchemaIndexes(admin, schema)).filter((i) => i.table !== BASE_TABLE || !i.primary);
    if (left.length > 0) problems.push(`indexes left behind: ${left.map((i) => `${i.name} on ${i.table}`).join(', ')}`);
    endPhase('cleanup');

    const ok = problems.length === 0;
    return {
      units: executions,
      elapsedMs: readMs,
      histogram: overall,
      errors,
      metrics,
      check: {
        ok,
        detail: ok
          ? `${fingerprint.count} rows with checksum ${fingerprint.checksum}; ${built.length} index(es) built; every answer matches the no-index baseline; no index left behind`
          : problems.join('; '),
      },
      extra,
    };
  } finally {
    await Promise.all([...readers, ...writers].map((c) => c.end().catch(() => undefined)));
    await admin.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}

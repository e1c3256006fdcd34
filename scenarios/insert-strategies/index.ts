// Scenario `insert-strategies`: the same N orders rows inserted seven ways (single-row autocommit, in a
// transaction, pipelined, multi-row VALUES, UNNEST arrays, COPY, and asynchronous commit), each trial into
// a fresh table, each verified by row count and checksum, with WAL bytes per row and speed-up.
// Runs on pg and on the RDS Data API (--driver data-api): there, the variants that need COPY, pipelining,
// array parameters or session state are `unsupported` with the reason, and the Data API's own batch call
// (BatchExecuteStatement) is an eighth variant. Setup and verification always go through pg.
import { missingCapability, type Capability } from '../../core/drivers/capabilities.ts';
import { DataApiDriver } from '../../core/drivers/data-api/data-api-driver.ts';
import { driverOf, openScenarioDriver } from '../../core/drivers/open-driver.ts';
import type { DriverKind, SqlDriver } from '../../core/drivers/sql-driver.ts';
import { createHistogram } from '../../core/histogram.ts';
import { intOption } from '../../core/option-schemas.ts';
import { defineScenario, type Claim, type TrialContext, type VariantDefinition, type VariantOutcome } from '../../core/scenario.ts';
import { currentWalLsn, walBytesSince } from '../../core/wal.ts';
import { countAndChecksum, recreateOrdersTable } from './order-table.ts';
import { expectedChecksum, generateRows, type OrderRow } from './rows.ts';
import * as strategies from './strategies.ts';

export interface InsertOptions {
  rows: number;
  batchSize: number;
  payloadBytes: number;
}

export const BASELINE_VARIANT = 'single-row-autocommit';
const WARMUP_ROWS = 1000;

interface StrategySpec {
  name: string;
  description: string;
  strategy: strategies.InsertStrategy;
  params: (o: InsertOptions) => Record<string, unknown>;
  /** Needs a client with `pipeline: true`. */
  pipeline?: boolean;
  /** Uses COPY, which some drivers (the RDS Data API) do not offer. */
  copy?: boolean;
  /** What the driver must be able to do (checked up front: unsupported, never a crash). */
  needs?: Capability[];
  /** Offered only on these drivers (default: all). */
  onlyOn?: DriverKind[];
}

const STRATEGIES: StrategySpec[] = [
  {
    name: 'single-row-autocommit',
    description: 'one INSERT per row, each its own transaction (a round trip and a commit per row)',
    strategy: strategies.singleRowAutocommit,
    params: () => ({ rowsPerStatement: 1, commit: 'per row' }),
  },
  {
    name: 'single-row-transaction',
    description: 'one INSERT per row inside a single transaction (a round trip per row, one commit)',
    strategy: strategies.singleRowTransaction,
    params: () => ({ rowsPerStatement: 1, commit: 'once' }),
  },
  {
    name: 'single-row-pipelined',
    description: 'one INSERT per row, pipelined (pg `pipeline: true`) in a single transaction',
    strategy: strategies.singleRowPipelined,
    pipeline: true,
    needs: ['pipeline'],
    params: (o) => ({ rowsPerStatement: 1, commit: 'once', inFlight: o.batchSize }),
  },
  {
    name: 'multi-row-values',
    description: 'INSERT ... VALUES (...), (...) in batches, under 65,535 parameters per statement',
    strategy: strategies.multiRowValues,
    params: (o) => ({ batchSize: o.batchSize, commit: 'per statement' }),
  },
  {
    name: 'unnest-arrays',
    description: 'INSERT ... SELECT * FROM unnest($1::bigint[], ...) in batches',
    strategy: strategies.unnestArrays,
    needs: ['arrays'],
    params: (o) => ({ batchSize: o.batchSize, commit: 'per statement' }),
  },
  {
    name: 'copy',
    description: 'COPY ... FROM STDIN (pg-copy-streams), one statement for all rows',
    strategy: strategies.copyFromStdin,
    copy: true,
    needs: ['copy'],
    params: () => ({ rowsPerStatement: 'all', commit: 'once' }),
  },
  {
    name: 'single-row-async-commit',
    description: 'variant 1 with synchronous_commit = off (what the WAL flush per commit costs)',
    strategy: strategies.singleRowAsyncCommit,
    needs: ['sessionState'],
    params: () => ({ rowsPerStatement: 1, commit: 'per row', synchronousCommit: 'off' }),
  },
  {
    name: 'batch-execute',
    description: 'BatchExecuteStatement: one INSERT with a parameter set per row, one call per batch (RDS Data API)',
    strategy: strategies.batchExecute,
    onlyOn: ['data-api'],
    params: (o) => ({ batchSize: o.batchSize, commit: 'per call' }),
  },
];

const offeredOn = (driver: DriverKind) => STRATEGIES.filter((s) => !s.onlyOn || s.onlyOn.includes(driver));

/** The variants on pg (the default driver). */
export const INSERT_VARIANT_NAMES = offeredOn('pg').map((s) => s.name);

// Rows and their checksum depend only on (rows, payloadBytes): computed once per run, not per trial.
const rowCache = new Map<string, { rows: OrderRow[]; checksum: string }>();
function rowsFor(count: number, payloadBytes: number): { rows: OrderRow[]; checksum: string } {
  const key = `${count}:${payloadBytes}`;
  let entry = rowCache.get(key);
  if (!entry) {
    const rows = generateRows(count, payloadBytes);
    entry = { rows, checksum: expectedChecksum(rows) };
    rowCache.clear();
    rowCache.set(key, entry);
  }
  return entry;
}

const dataApiCalls = (driver: DataApiDriver) => Object.values(driver.calls).reduce((a, b) => a + b, 0);

function variantFor(spec: StrategySpec, options: InsertOptions): VariantDefinition<InsertOptions> {
  return {
    name: spec.name,
    description: spec.description,
    params: spec.params(options),
    unsupportedReason: (ctx) => missingCapability(driverOf(ctx), spec.needs ?? []),
    async run(ctx: TrialContext<InsertOptions>) {
      const count = ctx.warmup ? Math.min(WARMUP_ROWS, options.rows) : options.rows;
      const { rows, checksum } = rowsFor(count, options.payloadBytes);
      const table = ctx.table('orders');
      const admin = await ctx.connect();
      let worker: SqlDriver | undefined;
      try {
        worker = await openScenarioDriver(ctx, { pipeline: spec.pipeline });
        await recreateOrdersTable(admin, table);
        const histogram = createHistogram();
        const callsBefore = worker instanceof DataApiDriver ? dataApiCalls(worker) : 0;
        const startLsn = await currentWalLsn(admin);
        const started = performance.now();
        await spec.strategy(worker, {
          table,
          rows,
          batchSize: options.batchSize,
          histogram,
          progress: (done) => ctx.progress(done, rows.length),
          signal: ctx.signal,
        });
        const elapsedMs = performance.now() - started;
        const walBytes = await walBytesSince(admin, startLsn);
        const found = await countAndChecksum(admin, table);
        const ok = found.count === rows.length && found.checksum === checksum;
        const metrics: Record<string, number> = { walBytesPerRow: walBytes / rows.length, rows: found.count };
        // The Data API bills per request: how many calls the rows took.
        if (worker instanceof DataApiDriver) metrics.dataApiRequests = dataApiCalls(worker) - callsBefore;
        return {
          units: rows.length,
          elapsedMs,
          histogram,
          errors: {},
          metrics,
          check: {
            ok,
            detail: ok
              ? `${found.count} rows, checksum ${checksum}`
              : `expected ${rows.length} rows with checksum ${checksum}, found ${found.count} rows with checksum ${found.checksum || '(none)'}`,
          },
        };
      } finally {
        await worker?.close().catch(() => undefined);
        await admin.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
        await admin.end().catch(() => undefined);
      }
    },
  };
}

function fastest(outcomes: VariantOutcome[], filter: (o: VariantOutcome) => boolean = () => true): VariantOutcome | undefined {
  return outcomes.filter((o) => o.status === 'ok' && filter(o)).sort((a, b) => b.summary.throughput - a.summary.throughput)[0];
}

const COPY_VARIANTS = new Set(STRATEGIES.filter((s) => s.copy).map((s) => s.name));

/** The widely repeated claim, scaled to 1,000 rows from the measured rows/s so it is the same row count. */
function insertClaims(outcomes: VariantOutcome[], options: InsertOptions): Claim[] {
  const source = 'database-patterns guides';
  const byName = new Map(outcomes.filter((o) => o.status === 'ok').map((o) => [o.name, o]));
  const per1000 = (name: string) => {
    const o = byName.get(name);
    return o && o.summary.throughput > 0 ? 1000 / o.summary.throughput : undefined;
  };
  const fmt = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);
  const note = `(measured rows/s at --rows ${options.rows}, scaled to 1,000 rows)`;
  const rows: Array<[string, string, number]> = [
    ['1,000 individual inserts take 10 s', BASELINE_VARIANT, 10],
    ['1,000 inserts batched take 200 ms', 'single-row-transaction', 0.2],
    ['1,000 rows in a multi-row insert take 50 ms', 'multi-row-values', 0.05],
  ];
  const claims: Claim[] = rows.map(([claim, variant, claimedSeconds]) => {
    const measured = per1000(variant);
    if (measured === undefined) return { source, claim, measured: `${variant} did not complete`, verdict: 'not-comparable' };
    const ratio = measured / claimedSeconds;
    return {
      source,
      claim,
      measured: `${variant}: ${fmt(measured)} per 1,000 rows ${note}`,
      // Within 2x either way counts as the claim holding on this target.
      verdict: ratio >= 0.5 && ratio <= 2 ? 'supported' : 'contradicted',
    };
  });
  const single = per1000(BASELINE_VARIANT);
  const multi = per1000('multi-row-values');
  if (single !== undefined && multi !== undefined) {
    const measuredRatio = single / multi;
    claims.push({
      source,
      claim: 'a multi-row insert is about 200x faster than individual inserts (10 s vs 50 ms)',
      measured: `${measuredRatio.toFixed(0)}x faster (${fmt(single)} vs ${fmt(multi)} per 1,000 rows)`,
      verdict: measuredRatio >= 100 && measuredRatio <= 400 ? 'supported' : 'contradicted',
    });
  }
  return claims;
}

export default defineScenario<InsertOptions>({
  name: 'insert-strategies',
  description: 'Insert the same rows seven ways (single-row, transaction, pipelined, multi-row VALUES, UNNEST, COPY, async commit)',
  throughputUnit: 'rows/s',
  options: [
    { key: 'rows', flag: '--rows <n>', description: 'rows each variant inserts per trial', defaultValue: 10_000, schema: intOption(1, 10_000_000).default(10_000) },
    { key: 'batchSize', flag: '--batch-size <n>', description: 'rows per statement for batched variants (split under 65,535 parameters)', defaultValue: 1000, schema: intOption(1, 1_000_000).default(1000) },
    { key: 'payloadBytes', flag: '--payload-bytes <n>', description: 'size of the text payload column per row', defaultValue: 100, schema: intOption(0, 1_000_000).default(100) },
  ],
  // 1,000 rows: single-row autocommit (a WAL flush per row) is most of a quick run, which should stay under 15 s.
  quick: { rows: 1000 },
  validate(o) {
    const problems: string[] = [];
    // Every variant holds the rows in memory at once (COPY streams them, but they are generated first).
    if (o.rows * (o.payloadBytes + 80) > 2_000_000_000) problems.push('--rows x --payload-bytes is over 2 GB of data; use fewer rows or a smaller payload');
    return problems;
  },
  drivers: ['pg', 'data-api'],
  variants: (options, environment) => offeredOn(environment?.driver ?? 'pg').map((spec) => variantFor(spec, options)),
  metricColumns: [{ key: 'walBytesPerRow', header: 'WAL B/row', digits: 0 }],
  baselineVariant: BASELINE_VARIANT,
  recommend(outcomes) {
    const best = fastest(outcomes);
    if (!best) return undefined;
    const withoutCopy = fastest(outcomes, (o) => !COPY_VARIANTS.has(o.name));
    const evidence: Record<string, unknown> = {
      fastest: { variant: best.name, rowsPerSecond: Math.round(best.summary.throughput) },
    };
    let reason = `${best.name} inserted the most rows per second (${Math.round(best.summary.throughput).toLocaleString('en-US')} rows/s)`;
    if (withoutCopy) {
      evidence.fastestWithoutCopy = { variant: withoutCopy.name, rowsPerSecond: Math.round(withoutCopy.summary.throughput) };
      if (withoutCopy.name !== best.name) {
        reason += `; without COPY (e.g. through the RDS Data API) use ${withoutCopy.name} (${Math.round(withoutCopy.summary.throughput).toLocaleString('en-US')} rows/s)`;
      }
    }
    return { variant: best.name, reason, evidence };
  },
  claims: insertClaims,
});

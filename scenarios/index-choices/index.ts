// Scenario `index-choices`: what each candidate index set buys on reads and costs on writes, side by
// side, with the plan Postgres actually chose. The orders data is loaded once with COPY; every trial of
// every variant starts from a fresh, verified copy of it, builds its index set, runs each query pattern
// under load, captures the plans, measures index size and usage, then inserts and updates.
import fs from 'node:fs';
import { z } from 'zod';
import { intOption, numberOption, type OptionMeta } from '../../core/option-schemas.ts';
import { qualified } from '../../core/quote.ts';
import { defineScenario, type Scenario, type ScenarioContext, type VariantDefinition } from '../../core/scenario.ts';
import { STATS_FLUSH_MIN_VERSION_NUM } from '../../core/stats-flush.ts';
import { claimsFor } from './claims.ts';
import { BASE_TABLE, ORDERS_TABLE, dataTimeSpan, loadBaseTable, refreshOrdersTable, tableChecksum, type DatasetFingerprint, type DatasetShape } from './dataset.ts';
import { BASELINE_SET, indexCandidates, parseIndexText, readIndexFile, type IndexCandidates, type IndexSet } from './index-file.ts';
import { checkAgainstDataset, type DatasetBounds } from './param-generators.ts';
import { parseQueryText, queryWorkload, readQueryFile, type QueryWorkload } from './query-file.ts';
import { executePattern, resultFingerprint, sampleParams } from './read-phase.ts';
import { recommendIndexes } from './recommend.ts';
import { runIndexTrial, type IndexTrialHooks, type TrialSettings } from './trial.ts';

export interface IndexChoicesOptions extends TrialSettings {
  rows: number;
  /** Default: rows / 20. */
  users?: number;
  skew: number;
  fillfactor: number;
  /** Parsed --queries file; the built-in orders workload when not given. */
  queries?: QueryWorkload;
  /** Parsed --indexes file; the built-in candidate sets when not given. */
  indexes?: IndexCandidates;
}

const ALLOWED_TABLES = [ORDERS_TABLE];

function builtIn<T>(file: string, parse: (text: string, label: string) => { problems: string[] } & T): T {
  const text = fs.readFileSync(new URL(file, import.meta.url), 'utf8');
  const parsed = parse(text, `built-in ${file}`);
  // The built-in files ship with the tool: a problem in them is a bug, not a user error.
  if (parsed.problems.length > 0) throw new Error(`built-in ${file} is malformed: ${parsed.problems.join('; ')}`);
  return parsed;
}
let builtInQueries: QueryWorkload | undefined;
let builtInIndexes: IndexCandidates | undefined;
export function builtInWorkload(): QueryWorkload {
  builtInQueries ??= queryWorkload('built-in', builtIn('./queries.sql', parseQueryText).workload!.patterns);
  return builtInQueries;
}
export function builtInCandidates(): IndexCandidates {
  builtInIndexes ??= indexCandidates('built-in', builtIn('./indexes.sql', (t, l) => parseIndexText(t, l, ALLOWED_TABLES)).candidates!.sets);
  return builtInIndexes;
}

/** An option that names a file and is parsed while options are validated, so its problems come with the others. */
function fileOption<T>(read: (path: string) => { problems: string[] } & Partial<Record<'value', T>>) {
  return z
    .string()
    .min(1, 'needs a file name')
    .transform((path, ctx) => {
      const result = read(path);
      if (result.problems.length > 0 || result.value === undefined) {
        for (const message of result.problems) ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return result.value;
    })
    .meta({ kind: 'file' } satisfies OptionMeta)
    .optional();
}

export function datasetShape(o: IndexChoicesOptions): DatasetShape {
  return { rows: o.rows, users: o.users ?? Math.max(1, Math.round(o.rows / 20)), skew: o.skew, fillfactor: o.fillfactor };
}

export function datasetBounds(o: IndexChoicesOptions): DatasetBounds {
  const shape = datasetShape(o);
  return { rows: shape.rows, users: shape.users, skew: shape.skew, ...dataTimeSpan(shape) };
}

interface RunState {
  expected: DatasetFingerprint;
  baselineResults: Map<string, { rows: number; checksum: string }>;
}

/** The scenario; `hooks` let a caller look at the database between a trial's phases (tests use it). */
export function createIndexChoices(hooks?: IndexTrialHooks): Scenario<IndexChoicesOptions> {
  // Setup results per run schema, read by the variants' trials.
  const runs = new Map<string, RunState>();

  const workloadOf = (o: IndexChoicesOptions) => o.queries ?? builtInWorkload();
  const setsOf = (o: IndexChoicesOptions): Array<IndexSet | undefined> => [undefined, ...(o.indexes ?? builtInCandidates()).sets];

  async function setup(ctx: ScenarioContext<IndexChoicesOptions>): Promise<void> {
    const o = ctx.options;
    const shape = datasetShape(o);
    const admin = await ctx.connect();
    try {
      const version = await admin.query<{ num: string }>("SELECT current_setting('server_version_num') AS num");
      if (Number(version.rows[0]!.num) < STATS_FLUSH_MIN_VERSION_NUM) {
        throw new Error('index-choices needs PostgreSQL 15 or newer (it reads index usage after pg_stat_force_next_flush())');
      }
      ctx.log(`loading ${shape.rows.toLocaleString('en-US')} orders with COPY`);
      const base = qualified(ctx.schema, BASE_TABLE);
      const expected = await loadBaseTable(admin, base, shape, { signal: ctx.signal });
      const found = await tableChecksum(admin, base);
      if (found.count !== shape.rows || found.checksum !== expected.checksum || expected.count !== shape.rows) {
        throw new Error(`the loaded orders do not match what was generated: ${found.count} rows (checksum ${found.checksum}), expected ${shape.rows} (${expected.checksum})`);
      }
      // Each pattern's answer without any index is the reference every variant must reproduce; running
      // them here also reports a broken user query before any variant starts.
      const table = qualified(ctx.schema, ORDERS_TABLE);
      await refreshOrdersTable(admin, base, table, shape.fillfactor);
      await admin.query(`ANALYZE ${table}`);
      const reader = await ctx.connect();
      const baselineResults = new Map<string, { rows: number; checksum: string }>();
      try {
        await reader.query('SET default_transaction_read_only = on');
        const data = datasetBounds(o);
        for (const pattern of workloadOf(o).patterns) {
          try {
            await executePattern(reader, pattern, sampleParams(pattern, data));
            baselineResults.set(pattern.name, await resultFingerprint(reader, pattern, sampleParams(pattern, data)));
          } catch (err) {
            throw new Error(`query "${pattern.name}" (${pattern.origin}) failed: ${(err as Error).message}`, { cause: err });
          }
        }
      } finally {
        await reader.end().catch(() => undefined);
        await admin.query(`DROP TABLE IF EXISTS ${table}`);
      }
      runs.set(ctx.schema, { expected, baselineResults });
    } finally {
      await admin.end().catch(() => undefined);
    }
  }

  function variantFor(set: IndexSet | undefined, o: IndexChoicesOptions): VariantDefinition<IndexChoicesOptions> {
    const name = set?.name ?? BASELINE_SET;
    return {
      name,
      description: set ? (set.description ?? set.statements.map((s) => s.sql).join('; ')) : 'no index but the primary key (the baseline)',
      params: { indexes: set ? set.statements.map((s) => s.sql) : [], source: set ? set.origin : 'baseline' },
      async run(ctx) {
        const state = runs.get(ctx.schema);
        if (!state) throw new Error('index-choices setup did not run for this schema');
        return runIndexTrial(ctx, {
          variant: name,
          set,
          workload: workloadOf(o),
          shape: datasetShape(o),
          data: datasetBounds(o),
          expected: state.expected,
          baselineResults: state.baselineResults,
          settings: { readSeconds: o.readSeconds, concurrency: o.concurrency, insertRows: o.insertRows, insertBatch: o.insertBatch, updates: o.updates },
          ...(hooks ? { hooks } : {}),
        });
      },
    };
  }

  return defineScenario<IndexChoicesOptions>({
    name: 'index-choices',
    description: 'Candidate index sets side by side: read latency and plan per query pattern, build time, size, insert and update cost, unused indexes',
    throughputUnit: 'queries/s',
    options: [
      { key: 'rows', flag: '--rows <n>', description: 'orders loaded (with COPY) and copied fresh for every trial', defaultValue: 50_000, schema: intOption(100, 50_000_000).default(50_000) },
      { key: 'users', flag: '--users <n>', description: 'distinct user_id values, Zipf-skewed (default rows / 20)', schema: intOption(1, 10_000_000).optional() },
      { key: 'skew', flag: '--skew <s>', description: 'Zipf exponent of orders per user (0 = uniform)', defaultValue: 1, schema: numberOption(0, 3).default(1) },
      { key: 'fillfactor', flag: '--fillfactor <pct>', description: 'heap fillfactor of orders (free space lets updates stay HOT)', defaultValue: 90, schema: intOption(10, 100).default(90) },
      { key: 'readSeconds', flag: '--read-seconds <s>', description: 'load time per query pattern per trial', defaultValue: 0.2, schema: numberOption(0.01, 3600).default(0.2) },
      { key: 'concurrency', flag: '--concurrency <n>', description: 'concurrent sessions for reads and writes', defaultValue: 2, schema: intOption(1, 256).default(2) },
      { key: 'insertRows', flag: '--insert-rows <n>', description: 'rows inserted per trial to measure write cost', defaultValue: 10_000, schema: intOption(1, 10_000_000).default(10_000) },
      { key: 'insertBatch', flag: '--insert-batch <n>', description: 'rows per INSERT statement in the write phase', defaultValue: 200, schema: intOption(1, 100_000).default(200) },
      { key: 'updates', flag: '--updates <n>', description: 'single-row updates per trial (status, total_cents, note in turn) for the HOT ratio', defaultValue: 900, schema: intOption(3, 10_000_000).default(900) },
      {
        key: 'queries',
        flag: '--queries <file>',
        description: 'your query patterns instead of the built-in ones (format: README, index-choices)',
        file: true,
        schema: fileOption((path) => {
          const r = readQueryFile(path);
          return { problems: r.problems, ...(r.workload ? { value: r.workload } : {}) };
        }),
      },
      {
        key: 'indexes',
        flag: '--indexes <file>',
        description: 'your candidate index sets instead of the built-in ones (format: README, index-choices)',
        file: true,
        schema: fileOption((path) => {
          const r = readIndexFile(path, ALLOWED_TABLES);
          return { problems: r.problems, ...(r.candidates ? { value: r.candidates } : {}) };
        }),
      },
    ],
    quick: { rows: 20_000, readSeconds: 0.1, insertRows: 2000, updates: 300 },
    validate(o) {
      const problems: string[] = [];
      const data = datasetBounds(o);
      for (const pattern of workloadOf(o).patterns) {
        for (const spec of pattern.params) {
          const problem = checkAgainstDataset(spec, data);
          if (problem) problems.push(`${pattern.origin.replace(/:\d+$/, '')}:${spec.line}: ${problem}`);
        }
      }
      return problems;
    },
    variants: (o) => setsOf(o).map((set) => variantFor(set, o)),
    setup,
    async teardown(ctx) {
      runs.delete(ctx.schema);
    },
    metricColumns: [
      { key: 'buildMs', header: 'build ms', digits: 0 },
      { key: 'indexMiB', header: 'index MiB', digits: 2 },
      { key: 'insertRowsPerSec', header: 'insert rows/s', digits: 0 },
      { key: 'walBytesPerRow', header: 'WAL B/row', digits: 0 },
      { key: 'hotPercent', header: 'HOT %', digits: 0 },
    ],
    baselineVariant: BASELINE_SET,
    recommend: (outcomes, o) => recommendIndexes(outcomes, workloadOf(o).patterns.map((p) => p.name)),
    claims: (outcomes, o) => claimsFor(outcomes, workloadOf(o).patterns.map((p) => p.name)),
  });
}

export default createIndexChoices();

// A whole index-choices run on the shared server, checked against what Postgres itself says between a
// trial's read and write phases (a hook looks at the catalog, the data and the plans there): the plans
// in the report are the ones EXPLAIN returns, index sizes and idx_scan match the catalog, every variant
// starts from the same rows with no index from another variant, and an unused index is flagged removable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario, type RunOutcome } from '../core/run/run-scenario.ts';
import type { Target } from '../core/targets/target.ts';
import { buildReport } from '../reports/build-report.ts';
import { renderHtml } from '../reports/html.ts';
import { parseReportText } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import { reportSections } from '../reports/sections.ts';
import { createIndexChoices } from '../scenarios/index-choices/index.ts';
import { statementName } from '../scenarios/index-choices/read-phase.ts';
import { trialExtraSchema, type TrialExtra } from '../scenarios/index-choices/trial-extra.ts';
import type { AfterReadPhaseInfo } from '../scenarios/index-choices/trial.ts';
import { sharedTarget } from './helpers/shared-target.ts';

const ROWS = 30_000;
const INDEX_FILE = [
  '-- name: user-id',
  'CREATE INDEX orders_user_id_idx ON orders (user_id);',
  '-- name: status-pending-partial',
  "CREATE INDEX orders_status_pending_idx ON orders (status) WHERE status = 'pending';",
  '-- name: with-unused',
  '-- description: a useful index and one no query needs',
  'CREATE INDEX orders_by_user_idx ON orders (user_id);',
  'CREATE INDEX orders_note_idx ON orders (note);',
].join('\n');

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Actual Rows': number; Plans?: PlanNode[] };

/** What Postgres said at the hook, independently of the scenario's own code. */
interface Observed {
  variant: string;
  trial: number;
  idxScan: Map<string, number>;
  sizes: Map<string, number>;
  schemaIndexes: string[];
  data: { rows: number; hash: string };
  base: { rows: number; hash: string };
  plans: Map<string, PlanNode>;
  reported: TrialExtra;
}

const observed: Observed[] = [];
let dir: string;
let target: Target;
let outcome: RunOutcome;
let report: Report;

async function observe(info: AfterReadPhaseInfo): Promise<void> {
  const { admin, reader, schema, table } = info;
  // Read the statistics before our own EXPLAIN ANALYZE adds scans (the trial flushed them already).
  const usage = await admin.query<{ name: string; idx_scan: string }>(
    'SELECT indexrelname AS name, idx_scan FROM pg_stat_user_indexes WHERE schemaname = $1 AND relname = $2',
    [schema, 'orders'],
  );
  const sizes = await admin.query<{ name: string; bytes: string }>(
    'SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass',
    [table],
  );
  const indexes = await admin.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [schema]);
  const fingerprint = async (t: string) => {
    const r = await admin.query<{ rows: number; hash: string }>(`SELECT count(*)::int AS rows, md5(string_agg(o::text, '|' ORDER BY id)) AS hash FROM ${t} o`);
    return r.rows[0]!;
  };
  const plans = new Map<string, PlanNode>();
  for (const pattern of info.patterns.filter((p) => ['by-user', 'pending'].includes(p.name))) {
    const args = info.sampleParams(pattern).map((v) => Number(v));
    const sql = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE "${statementName(pattern)}"${args.length ? `(${args.join(', ')})` : ''}`;
    const r = await reader.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(sql);
    plans.set(pattern.name, r.rows[0]!['QUERY PLAN'][0]!.Plan);
  }
  observed.push({
    variant: info.variant,
    trial: info.trial,
    idxScan: new Map(usage.rows.map((r) => [r.name, Number(r.idx_scan)])),
    sizes: new Map(sizes.rows.map((r) => [r.name, Number(r.bytes)])),
    schemaIndexes: indexes.rows.map((r) => r.indexname),
    data: await fingerprint(table),
    base: await fingerprint(`"${schema}".orders_base`),
    plans,
    reported: structuredClone(info.extra),
  });
}

function walk(node: PlanNode, out: { types: string[]; indexes: string[] } = { types: [], indexes: [] }) {
  out.types.push(node['Node Type']);
  if (node['Index Name'] && !out.indexes.includes(node['Index Name'])) out.indexes.push(node['Index Name']);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
}

function trialExtra(variant: string, trial: number): TrialExtra {
  const v = report.variants.find((x) => x.name === variant)!;
  return trialExtraSchema.parse(v.trials.find((t) => t.index === trial)!.extra);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-index-run-'));
  const indexFile = path.join(dir, 'indexes.sql');
  fs.writeFileSync(indexFile, INDEX_FILE);
  target = await sharedTarget();
  const scenario = createIndexChoices({ afterReadPhase: observe });
  const options = resolveOptions(scenario, {
    rows: String(ROWS),
    indexes: indexFile,
    readSeconds: '0.05',
    insertRows: '1000',
    insertBatch: '250',
    updates: '90',
    trials: '2',
    warmup: '0',
  });
  outcome = await runScenario({ scenario, options, signal: new AbortController().signal, target });
  report = parseReportText(
    JSON.stringify(
      buildReport({ outcome, common: options.common, scenarioOptions: { ...options.scenario }, metricColumns: scenario.metricColumns, baselineVariant: scenario.baselineVariant }),
    ),
    'report.json',
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an index-choices run', () => {
  it('runs every index set, each trial verified', () => {
    expect(outcome.status, outcome.reason).toBe('completed');
    expect(report.variants.map((v) => v.name)).toEqual(['none', 'user-id', 'status-pending-partial', 'with-unused']);
    for (const v of report.variants) {
      expect(v.status, `${v.name}: ${v.reason}`).toBe('ok');
      expect(v.trials).toHaveLength(2);
      for (const t of v.trials) expect(t.check).toMatchObject({ ok: true, detail: expect.stringContaining('no index left behind') });
    }
    expect(observed).toHaveLength(8);
    // The options keep the file and the set names; the SQL is in each variant's params.
    expect(report.options.scenario.indexes).toEqual({ source: path.join(dir, 'indexes.sql'), sets: ['user-id', 'status-pending-partial', 'with-unused'] });
    expect(report.variants.find((v) => v.name === 'with-unused')!.params.indexes).toEqual([
      'CREATE INDEX orders_by_user_idx ON orders (user_id)',
      'CREATE INDEX orders_note_idx ON orders (note)',
    ]);
  });

  it('plans a sequential scan without an index, an index scan with (user_id), and the partial index for pending', () => {
    for (const trial of [0, 1]) {
      const none = trialExtra('none', trial).patterns['by-user']!.plan;
      expect(none.nodeTypes).toContain('Seq Scan');
      expect(none.indexes).toEqual([]);
      const byUser = trialExtra('user-id', trial).patterns['by-user']!.plan;
      expect(byUser.nodeTypes.some((t) => t === 'Index Scan' || t === 'Bitmap Index Scan')).toBe(true);
      expect(byUser.indexes).toEqual(['orders_user_id_idx']);
      expect(trialExtra('none', trial).patterns.pending!.plan.nodeTypes).toContain('Seq Scan');
      expect(trialExtra('status-pending-partial', trial).patterns.pending!.plan.indexes).toEqual(['orders_status_pending_idx']);
    }
  });

  it('reports the plan EXPLAIN returns for the measured prepared statement', () => {
    for (const o of observed) {
      const extra = trialExtra(o.variant, o.trial);
      for (const [pattern, root] of o.plans) {
        const reported = extra.patterns[pattern]!;
        const mine = walk(root);
        expect(reported.plan.topNode, `${o.variant} ${pattern}`).toBe(root['Node Type']);
        expect(reported.plan.nodeTypes).toEqual(mine.types);
        expect(reported.plan.indexes).toEqual(mine.indexes);
        expect(reported.plan.rows).toBe(root['Actual Rows']);
        // The stored EXPLAIN output is Postgres's own JSON.
        expect((reported.explain as Array<{ Plan: PlanNode }>)[0]!.Plan['Node Type']).toBe(root['Node Type']);
      }
    }
  });

  it('reports index sizes and idx_scan counts that match the catalog', () => {
    for (const o of observed) {
      const extra = trialExtra(o.variant, o.trial);
      expect(extra.indexes).toEqual(o.reported.indexes);
      expect(extra.patterns).toEqual(o.reported.patterns);
      for (const index of extra.indexes) {
        expect(index.sizeBytes, index.name).toBe(o.sizes.get(index.name));
        expect(index.idxScan, index.name).toBe(o.idxScan.get(index.name));
        expect(report.variants.find((v) => v.name === o.variant)!.trials[o.trial]!.metrics[`idxScan:${index.name}`]).toBe(o.idxScan.get(index.name));
      }
      expect(extra.indexes.map((i) => i.name).sort()).toEqual([...o.sizes.keys()].filter((n) => n !== 'orders_pkey').sort());
    }
    const withUnused = observed.filter((o) => o.variant === 'with-unused');
    for (const o of withUnused) {
      expect(o.idxScan.get('orders_by_user_idx')).toBeGreaterThan(0);
      expect(o.idxScan.get('orders_note_idx')).toBe(0);
    }
  });

  it('starts every variant from the same rows, with no index but its own', () => {
    const first = observed[0]!;
    expect(first.data.rows).toBe(ROWS);
    const expectedIndexes: Record<string, string[]> = {
      none: [],
      'user-id': ['orders_user_id_idx'],
      'status-pending-partial': ['orders_status_pending_idx'],
      'with-unused': ['orders_by_user_idx', 'orders_note_idx'],
    };
    for (const o of observed) {
      expect(o.data, `${o.variant} trial ${o.trial}`).toEqual(first.data);
      expect(o.base).toEqual(first.data);
      expect(o.schemaIndexes).toEqual(['orders_base_pkey', 'orders_pkey', ...expectedIndexes[o.variant]!].sort());
    }
    // Variants are interleaved, so each observation after the first also shows the previous trial left nothing.
    expect(observed.map((o) => o.variant)).toEqual(['none', 'user-id', 'status-pending-partial', 'with-unused', 'none', 'user-id', 'status-pending-partial', 'with-unused']);
  });

  it('measures write cost: WAL per inserted row, and no HOT update of an indexed column', () => {
    const metrics = (name: string) => report.variants.find((v) => v.name === name)!.summary.metrics;
    for (const v of report.variants) {
      expect(metrics(v.name).insertRowsPerSec).toBeGreaterThan(0);
      expect(metrics(v.name).walBytesPerRow).toBeGreaterThan(0);
    }
    expect(metrics('with-unused').walBytesPerRow).toBeGreaterThan(metrics('none').walBytesPerRow!);
    // The partial index's key and predicate column is status: changing it can never be HOT.
    expect(metrics('status-pending-partial')['hotRatio:status']).toBe(0);
    expect(metrics('none')['hotRatio:status']).toBeGreaterThan(0.5);
    expect(metrics('user-id')['hotRatio:status']).toBeGreaterThan(0.5);
  });

  it('flags the unused index as removable and shows it in the report', async () => {
    expect(report.recommendation?.evidence.removable).toEqual([{ variant: 'with-unused', index: 'orders_note_idx', idxScan: 0 }]);
    const sections = reportSections(report);
    const removable = sections.find((s) => s.id === 'index-removable')!;
    expect(removable.table!.rows.map((r) => r[0])).toEqual(['orders_note_idx']);
    const plans = sections.find((s) => s.id === 'index-plans')!;
    const row = plans.table!.rows.find((r) => r[0] === 'by-user' && r[1] === 'none')!;
    expect(row[2]).toContain('Seq Scan');
    expect(sections.find((s) => s.id === 'index-latency')!.terminal).toBe(true);
    const html = await renderHtml(report);
    expect(html).toMatch(/<figure class="chart" id="chart-index-read-vs-write"><svg/);
  });
});

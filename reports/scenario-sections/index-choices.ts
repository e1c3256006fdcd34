// Report sections of the index-choices scenario: read latency per query pattern and index set (from the
// per-pattern histograms merged across trials), the best set per pattern with its write cost, the plans
// Postgres chose, the write cost of each set, the indexes no pattern used, and a chart of read latency
// against write cost. Everything is read back from report.json through the scenario's own schemas.
import { z } from 'zod';
import { mergeEncoded, summarize } from '../../core/histogram.ts';
import { formatBytes, formatMs, formatNumber } from '../format.ts';
import type { Report, ReportVariant } from '../report-schema.ts';
import type { ReportSection } from '../sections.ts';
import type { ChartSpec } from '../charts.ts';
import { trialExtraSchema, type TrialExtra } from '../../scenarios/index-choices/trial-extra.ts';

interface VariantData {
  name: string;
  variant: ReportVariant;
  extras: TrialExtra[];
}

const choiceSchema = z.object({
  variant: z.string(),
  indexes: z.array(z.string()),
  p50Ms: z.number(),
  p95Ms: z.number(),
  noIndexP50Ms: z.number().optional(),
  speedupVsNoIndex: z.number().optional(),
  indexBytes: z.number(),
  insertRowsPerSec: z.number().optional(),
  insertSlowdownVsNoIndex: z.number().optional(),
  walBytesPerRow: z.number().optional(),
  extraWalBytesPerRow: z.number().optional(),
  hotRatio: z.number().optional(),
});
const evidenceSchema = z.object({
  perPattern: z.record(z.string(), choiceSchema),
  removable: z.array(z.object({ variant: z.string(), index: z.string(), idxScan: z.number() })),
});

function variantData(report: Report): VariantData[] {
  return report.variants
    .map((variant) => ({
      name: variant.name,
      variant,
      extras: variant.trials.flatMap((t) => {
        const parsed = trialExtraSchema.safeParse(t.extra);
        return parsed.success ? [parsed.data] : [];
      }),
    }))
    .filter((v) => v.extras.length > 0);
}

function patternNames(data: VariantData[]): string[] {
  const names: string[] = [];
  for (const v of data) for (const e of v.extras) for (const p of Object.keys(e.patterns)) if (!names.includes(p)) names.push(p);
  return names;
}

/** Latency of one pattern in one set, from the pattern's histograms merged across trials. */
function patternLatency(v: VariantData, pattern: string) {
  const encoded = v.extras.flatMap((e) => (e.patterns[pattern] ? [e.patterns[pattern]!.histogram] : []));
  return encoded.length > 0 ? summarize(mergeEncoded(encoded)) : undefined;
}

const pct = (ratio: number | undefined) => (ratio === undefined ? '-' : `${(ratio * 100).toFixed(0)}%`);
const lastExtra = (v: VariantData) => v.extras[v.extras.length - 1]!;

function medianOf(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function latencySection(data: VariantData[], patterns: string[], best: Record<string, string>): ReportSection {
  return {
    id: 'index-latency',
    title: 'Read latency per query pattern (p50 / p99, all trials merged; * = the set that serves the pattern best)',
    terminal: true,
    table: {
      headers: ['pattern', ...data.map((v) => v.name)],
      rows: patterns.map((p) => [
        p,
        ...data.map((v) => {
          const l = patternLatency(v, p);
          if (!l || l.count === 0) return '-';
          return `${best[p] === v.name ? '*' : ''}${formatMs(l.p50)} / ${formatMs(l.p99)}`;
        }),
      ]),
    },
  };
}

function bestSection(evidence: z.infer<typeof evidenceSchema>): ReportSection {
  return {
    id: 'index-best',
    title: 'Best index set per query pattern, and what it costs on writes',
    terminal: true,
    paragraphs: [
      'Best: the lowest p50 (median of trials); sets within 10% of it tie and the smallest one wins, so "none" means no candidate index was clearly faster. Write cost is against the no-index baseline.',
    ],
    table: {
      headers: ['pattern', 'best set', 'indexes', 'p50', 'without index', 'speed-up', 'WAL B/row (+ vs none)', 'insert rows/s', 'HOT updates'],
      rows: Object.entries(evidence.perPattern).map(([pattern, c]) => [
        pattern,
        c.variant,
        c.indexes.join(', ') || '-',
        formatMs(c.p50Ms),
        c.noIndexP50Ms === undefined ? '-' : formatMs(c.noIndexP50Ms),
        c.speedupVsNoIndex === undefined ? '-' : `${c.speedupVsNoIndex.toFixed(c.speedupVsNoIndex >= 10 ? 0 : 1)}x`,
        c.walBytesPerRow === undefined
          ? '-'
          : `${formatNumber(c.walBytesPerRow)}${c.extraWalBytesPerRow === undefined ? '' : ` (${c.extraWalBytesPerRow >= 0 ? '+' : ''}${formatNumber(c.extraWalBytesPerRow)})`}`,
        c.insertRowsPerSec === undefined ? '-' : formatNumber(c.insertRowsPerSec),
        pct(c.hotRatio),
      ]),
    },
  };
}

function plansSection(data: VariantData[], patterns: string[]): ReportSection {
  const rows: string[][] = [];
  for (const p of patterns) {
    for (const v of data) {
      const e = lastExtra(v).patterns[p];
      if (!e) continue;
      const l = patternLatency(v, p);
      const cache = e.genericPlans === undefined ? '-' : `${e.genericPlans} generic / ${e.customPlans ?? 0} custom`;
      rows.push([
        p,
        v.name,
        e.plan.nodeTypes.join(' > '),
        e.plan.indexes.join(', ') || '-',
        formatNumber(e.plan.rows),
        formatNumber(e.plan.sharedHit),
        formatNumber(e.plan.sharedRead),
        e.plan.heapFetches > 0 ? formatNumber(e.plan.heapFetches) : '0',
        cache,
        l ? formatMs(l.p50) : '-',
        l ? formatMs(l.p95) : '-',
        l ? formatMs(l.p99) : '-',
      ]);
    }
  }
  return {
    id: 'index-plans',
    title: 'Plans Postgres chose (EXPLAIN (ANALYZE, BUFFERS) of each prepared statement after its read phase, last trial)',
    paragraphs: [
      'The plan is that of the measured session\'s own prepared statement, so it is the generic or custom plan its executions used. Rows and buffers are for one execution with a fixed sample of parameters; the full EXPLAIN JSON is in report.json (variants[].trials[].extra.patterns).',
    ],
    table: {
      headers: ['pattern', 'index set', 'plan', 'index used', 'rows', 'shared hit', 'shared read', 'heap fetches', 'plan cache', 'p50', 'p95', 'p99'],
      rows,
    },
  };
}

function writeCostSection(data: VariantData[]): ReportSection {
  const columns = new Set<string>();
  for (const v of data) for (const e of v.extras) for (const [kind, k] of Object.entries(e.writes?.updates ?? {})) columns.add(`${kind}|${k.column}`);
  const kinds = [...columns].map((c) => c.split('|') as [string, string]);
  return {
    id: 'index-write-cost',
    title: 'Write cost per index set (build time and size after the build; inserts and updates with the set present; medians of trials)',
    paragraphs: [
      'Insert rows/s is noisy on a shared machine (the range is slowest to fastest trial); WAL bytes per row counts the work each index adds to every insert. An update is HOT (no index entry written) only if it changes no indexed column and the row fits on its page; idx_scan is read after the read phase.',
    ],
    table: {
      headers: ['index set', 'indexes', 'build', 'size', 'insert rows/s', 'range', 'WAL B/row', ...kinds.map(([, col]) => `HOT ${col}`), 'idx_scan'],
      rows: data.map((v) => {
        const m = v.variant.summary.metrics;
        const inserts = v.extras.flatMap((e) => (e.writes ? [e.writes.insertRowsPerSec] : []));
        const indexes = lastExtra(v).indexes;
        const hot = (kind: string) =>
          medianOf(v.extras.flatMap((e) => {
            const k = e.writes?.updates[kind];
            return k && k.updates > 0 ? [k.hotUpdates / k.updates] : [];
          }));
        return [
          v.name,
          indexes.map((i) => i.name).join(', ') || '-',
          m.buildMs === undefined || indexes.length === 0 ? '-' : formatMs(m.buildMs),
          m.indexBytes === undefined || indexes.length === 0 ? '-' : formatBytes(m.indexBytes),
          m.insertRowsPerSec === undefined ? '-' : formatNumber(m.insertRowsPerSec),
          inserts.length > 0 ? `${formatNumber(Math.min(...inserts))}–${formatNumber(Math.max(...inserts))}` : '-',
          m.walBytesPerRow === undefined ? '-' : formatNumber(m.walBytesPerRow),
          ...kinds.map(([kind]) => pct(hot(kind))),
          indexes.map((i) => `${i.name}: ${formatNumber(m[`idxScan:${i.name}`] ?? i.idxScan)}`).join(', ') || '-',
        ];
      }),
    },
  };
}

function removableSection(data: VariantData[], evidence: z.infer<typeof evidenceSchema> | undefined): ReportSection {
  const removable = evidence?.removable ?? [];
  if (removable.length === 0) {
    return {
      id: 'index-removable',
      title: 'Removable indexes',
      paragraphs: ['Every candidate index was used (idx_scan > 0) by at least one query pattern.'],
    };
  }
  return {
    id: 'index-removable',
    title: 'Removable indexes: no query pattern used them (idx_scan = 0 after the read phase)',
    terminal: true,
    paragraphs: ['These indexes cost build time, space and write work (see the write cost table) and served no pattern of this workload.'],
    table: {
      headers: ['index', 'index set', 'size', 'idx_scan', 'definition'],
      rows: removable.map((r) => {
        const info = data.find((v) => v.name === r.variant)?.extras.at(-1)?.indexes.find((i) => i.name === r.index);
        return [r.index, r.variant, info ? formatBytes(info.sizeBytes) : '-', String(r.idxScan), info?.definition ?? '-'];
      }),
    },
  };
}

function tradeOffChart(data: VariantData[], patterns: string[]): ChartSpec | undefined {
  const values = patterns.flatMap((p) =>
    data.flatMap((v) => {
      const l = patternLatency(v, p);
      const wal = v.variant.summary.metrics.walBytesPerRow;
      if (!l || l.count === 0 || wal === undefined) return [];
      return [{ pattern: p, set: v.name, walBytesPerRow: wal, p50: Math.max(l.p50, 0.001), insertRowsPerSec: v.variant.summary.metrics.insertRowsPerSec ?? 0 }];
    }),
  );
  if (values.length === 0) return undefined;
  return {
    id: 'index-read-vs-write',
    title: 'Read latency (p50) against write cost (WAL bytes per inserted row), per query pattern: lower left is better on both',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values },
      facet: { field: 'pattern', type: 'nominal', title: null, sort: patterns },
      columns: 2,
      spec: {
        width: 300,
        height: 200,
        layer: [
          {
            mark: { type: 'point', filled: true, size: 70 },
            encoding: {
              x: { field: 'walBytesPerRow', type: 'quantitative', title: 'WAL bytes per inserted row', scale: { zero: false } },
              y: { field: 'p50', type: 'quantitative', scale: { type: 'log' }, title: 'p50 latency (ms, log)' },
              color: { field: 'set', type: 'nominal', title: 'index set' },
              tooltip: [{ field: 'set' }, { field: 'pattern' }, { field: 'p50', format: ',.3f' }, { field: 'walBytesPerRow', format: ',.0f' }, { field: 'insertRowsPerSec', format: ',.0f' }],
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 6, fontSize: 9 },
            encoding: {
              x: { field: 'walBytesPerRow', type: 'quantitative' },
              y: { field: 'p50', type: 'quantitative', scale: { type: 'log' } },
              text: { field: 'set' },
            },
          },
        ],
      },
    },
  };
}

export function indexChoicesSections(report: Report): ReportSection[] {
  const data = variantData(report);
  if (data.length === 0) return [];
  const patterns = patternNames(data);
  const parsedEvidence = evidenceSchema.safeParse(report.recommendation?.evidence);
  const evidence = parsedEvidence.success ? parsedEvidence.data : undefined;
  const best = Object.fromEntries(Object.entries(evidence?.perPattern ?? {}).map(([p, c]) => [p, c.variant]));
  const sections: ReportSection[] = [latencySection(data, patterns, best)];
  if (evidence) sections.push(bestSection(evidence));
  sections.push(removableSection(data, evidence), plansSection(data, patterns), writeCostSection(data));
  const chart = tradeOffChart(data, patterns);
  if (chart) sections.push({ id: chart.id, title: chart.title, chart });
  return sections;
}

// Report sections of the `pool-size` scenario: the per-pool-size table (also printed in the terminal),
// throughput and p50/p99 against pool size with the recommended size marked, and the time series of pool
// utilization and server connections. Pool-wait and query percentiles come from histograms merged across
// trials (never from averaged percentiles).
import { z } from 'zod';
import { encodedHistogramSchema, mergeEncoded, summarize, type LatencySummary } from '../../core/histogram.ts';
import type { ChartSpec } from '../charts.ts';
import { formatMs, formatNumber } from '../format.ts';
import type { Report, ReportVariant } from '../report-schema.ts';
import type { ReportSection } from '../sections.ts';

const WIDTH = 560;

const paramsSchema = z.object({
  poolSize: z.number().nullable(),
  rate: z.number().nullable().optional(),
  mode: z.enum(['closed', 'open']).optional(),
  http: z.boolean().optional(),
});

const timePointSchema = z.object({
  tMs: z.number(),
  poolInUse: z.number().optional(),
  poolWaiting: z.number().optional(),
  poolTotal: z.number().optional(),
  serverConnections: z.number().optional(),
});

const extraSchema = z.object({
  histograms: z.record(z.string(), encodedHistogramSchema).optional(),
  timeSeries: z.array(timePointSchema).optional(),
  loadSource: z.string().optional(),
});

interface PoolRow {
  variant: ReportVariant;
  poolSize: number | null;
  rate: number | null;
  acquire?: LatencySummary;
  clientBound: boolean;
}

function rowsOf(report: Report): PoolRow[] {
  return report.variants.flatMap((variant) => {
    const params = paramsSchema.safeParse(variant.params);
    if (!params.success) return [];
    const acquireEncoded = variant.trials.flatMap((t) => {
      const extra = extraSchema.safeParse(t.extra ?? {});
      const h = extra.success ? extra.data.histograms?.acquire : undefined;
      return h ? [h] : [];
    });
    return [
      {
        variant,
        poolSize: params.data.poolSize,
        rate: params.data.rate ?? null,
        ...(acquireEncoded.length > 0 ? { acquire: summarize(mergeEncoded(acquireEncoded)) } : {}),
        clientBound: (variant.summary.metrics.clientBound ?? 0) >= 0.5,
      },
    ];
  });
}

function errorsText(errors: Record<string, number>): string {
  const entries = Object.entries(errors).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '0' : entries.map(([kind, n]) => `${kind}: ${formatNumber(n)}`).join('; ');
}

function poolTable(report: Report, rows: PoolRow[]): ReportSection {
  const open = rows.some((r) => r.rate !== null);
  const headers = [
    'variant',
    'pool',
    ...(open ? ['rate/s', 'late %', 'dropped'] : []),
    report.throughputUnit,
    'p50',
    'p95',
    'p99',
    'p99.9',
    'acquire p50',
    'acquire p99',
    'util %',
    'server conns',
    'client',
    'errors',
  ];
  const table = rows.map((r) => {
    const s = r.variant.summary;
    const m = s.metrics;
    const done = r.variant.status === 'ok' || r.variant.trials.length > 0;
    const cell = (value: number | undefined, f: (x: number) => string) => (done && value !== undefined ? f(value) : '-');
    return [
      r.variant.name + (r.variant.status === 'ok' ? '' : ` (${r.variant.status})`),
      r.poolSize === null ? 'per op' : String(r.poolSize),
      ...(open ? [r.rate === null ? '-' : formatNumber(r.rate), cell(m.latePct, (x) => formatNumber(x, 1)), cell(m.dropped, (x) => formatNumber(x))] : []),
      cell(s.throughput, (x) => formatNumber(x)),
      cell(s.latencyMs.p50, formatMs),
      cell(s.latencyMs.p95, formatMs),
      cell(s.latencyMs.p99, formatMs),
      cell(s.latencyMs.p999, formatMs),
      cell(r.acquire?.p50, formatMs),
      cell(r.acquire?.p99, formatMs),
      cell(m.utilizationPct, (x) => formatNumber(x)),
      cell(m.serverConnectionsMax, (x) => formatNumber(x)),
      done ? (r.clientBound ? `BOUND (ELU ${formatNumber(m.clientElu ?? 0, 2)})` : `ELU ${formatNumber(m.clientElu ?? 0, 2)}`) : '-',
      errorsText(s.errors),
    ];
  });
  const paragraphs = [
    'Latency is per operation (per request with --http) from ' +
      (open ? 'its intended start (open loop: includes time queued behind busy clients)' : 'its start') +
      '; acquire is the wait for a pool connection (connect time for a connection per operation), merged over all trials; ' +
      'util % is the mean share of the pool in use; server conns is the most connections pg_stat_activity showed for the trial.' +
      (open ? ' Late % is the share of arrivals that started more than 10 ms after their intended time; dropped arrivals never started.' : ''),
  ];
  const bound = rows.filter((r) => r.clientBound).map((r) => r.variant.name);
  if (bound.length > 0) {
    paragraphs.push(
      `Client-bound: the load generator itself was near its limit (event-loop utilization or CPU) for ${bound.join(', ')}; ` +
        'those figures may show the generator, not the database. Re-run with --workers N to spread the load.',
    );
  }
  const refused = rows.filter((r) => Object.keys(r.variant.summary.errors).some((k) => k.startsWith('53300')));
  if (refused.length > 0) {
    paragraphs.push(`The server refused connections ("too many clients", 53300) for ${refused.map((r) => r.variant.name).join(', ')}: a pool larger than max_connections allows is a failed result, not a crash.`);
  }
  return { id: 'pool-sizes', title: 'Pool sizes', paragraphs, table: { headers, rows: table }, terminal: true };
}

function curveChart(report: Report, rows: PoolRow[], rate: number | null): ChartSpec | undefined {
  const group = rows.filter((r) => r.rate === rate && r.poolSize !== null && r.variant.status === 'ok' && r.variant.summary.throughput > 0);
  if (group.length === 0) return undefined;
  const recommended = group.find((r) => r.variant.name === report.recommendation?.variant);
  const baseline = rows.find((r) => r.rate === rate && r.poolSize === null && r.variant.status === 'ok');
  const throughput = group.map((r) => ({ pool: r.poolSize, value: r.variant.summary.throughput, variant: r.variant.name }));
  const latency = group.flatMap((r) => [
    { pool: r.poolSize, series: 'p50', ms: Math.max(r.variant.summary.latencyMs.p50, 0.001) },
    { pool: r.poolSize, series: 'p99', ms: Math.max(r.variant.summary.latencyMs.p99, 0.001) },
  ]);
  const x = { field: 'pool', type: 'quantitative' as const, scale: { type: 'log' as const, base: 2 }, title: 'pool size (log scale)', axis: { values: group.map((r) => r.poolSize!) } };
  const layers: unknown[] = [
    {
      data: { values: throughput },
      mark: { type: 'line', point: true, color: '#4c78a8' },
      encoding: { x, y: { field: 'value', type: 'quantitative', title: `throughput (${report.throughputUnit})`, axis: { titleColor: '#4c78a8' } }, tooltip: [{ field: 'variant' }, { field: 'value', format: ',.0f' }] },
    },
    {
      data: { values: latency },
      mark: { type: 'line', point: true, strokeDash: [4, 3] },
      encoding: {
        x,
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms, log scale)', axis: { orient: 'right' } },
        color: { field: 'series', type: 'nominal', scale: { domain: ['p50', 'p99'], range: ['#f58518', '#e45756'] }, title: 'latency' },
      },
    },
  ];
  if (recommended) {
    // The label goes on the side of the rule with more room.
    const rightHalf = group.indexOf(recommended) >= group.length / 2 && group.length > 1;
    layers.push({
      data: { values: [{ pool: recommended.poolSize, label: `recommended: ${recommended.poolSize}` }] },
      layer: [
        { mark: { type: 'rule', color: '#2e7d32', strokeWidth: 2 }, encoding: { x } },
        {
          mark: { type: 'text', color: '#2e7d32', fontWeight: 'bold', align: rightHalf ? 'right' : 'left', dx: rightHalf ? -6 : 6, baseline: 'bottom', y: 255 },
          encoding: { x, text: { field: 'label' } },
        },
      ],
    });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: 260,
    layer: layers,
    resolve: { scale: { y: 'independent' } },
  };
  const at = rate === null ? '' : ` at ${formatNumber(rate)} arrivals/s`;
  const base = baseline ? `; a connection per operation made ${formatNumber(baseline.variant.summary.throughput)} ${report.throughputUnit}` : '';
  return {
    id: rate === null ? 'pool-curve' : `pool-curve-${rate}`,
    title: `Throughput (solid, left axis) and p50/p99 latency (dashed, right axis) against pool size${at}${recommended ? ', recommended size marked' : ''}${base}`,
    spec: spec as ChartSpec['spec'],
  };
}

function timeSeriesChart(rows: PoolRow[]): ChartSpec | undefined {
  const values = rows.flatMap((r) => {
    // The last trial of each variant stands for it (all trials are in report.json).
    const trial = r.variant.trials.at(-1);
    const extra = extraSchema.safeParse(trial?.extra ?? {});
    if (!extra.success || !extra.data.timeSeries) return [];
    return extra.data.timeSeries.flatMap((p) => {
      const out: Array<{ variant: string; seconds: number; series: string; value: number }> = [];
      const push = (series: string, value: number | undefined) => {
        if (value !== undefined) out.push({ variant: r.variant.name, seconds: p.tMs / 1000, series, value });
      };
      push('pool in use', p.poolInUse);
      push('waiting for a connection', p.poolWaiting);
      push('server connections', p.serverConnections);
      return out;
    });
  });
  if (values.length === 0) return undefined;
  return {
    id: 'pool-time-series',
    title: 'Pool connections in use, operations waiting for one, and server connections (pg_stat_activity, this trial\'s application_name) over the last trial of each variant',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values },
      width: WIDTH,
      height: 90,
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'seconds', type: 'quantitative', title: 'seconds into the trial' },
        y: { field: 'value', type: 'quantitative', title: 'count' },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: ['pool in use', 'waiting for a connection', 'server connections'], range: ['#4c78a8', '#e45756', '#54a24b'] },
          legend: { labelLimit: 220, orient: 'top' },
        },
        // Server connections usually equal the pool in use: dashed, so both lines stay visible.
        strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['pool in use', 'waiting for a connection', 'server connections'], range: [[1, 0], [1, 0], [5, 3]] }, legend: null },
        row: { field: 'variant', type: 'nominal', title: null, sort: rows.map((r) => r.variant.name) },
      },
    } as ChartSpec['spec'],
  };
}

export function poolSizeSections(report: Report): ReportSection[] {
  const rows = rowsOf(report);
  if (rows.length === 0) return [];
  const sections: ReportSection[] = [poolTable(report, rows)];
  const rates = [...new Set(rows.map((r) => r.rate))];
  for (const rate of rates) {
    const chart = curveChart(report, rows, rate);
    if (chart) sections.push({ id: chart.id, title: rate === null ? 'Throughput and latency by pool size' : `Throughput and latency by pool size at ${formatNumber(rate)} arrivals/s`, chart, paragraphs: [chart.title] });
  }
  const series = timeSeriesChart(rows);
  if (series) sections.push({ id: series.id, title: 'Pool utilization and server connections over time', chart: series, paragraphs: [series.title] });
  return sections;
}

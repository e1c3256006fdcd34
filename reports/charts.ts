// The charts a report shows, as Vega-Lite specs built from report.json. Scenario-specific charts are
// chosen by what the report holds, so a renderer never needs to know a scenario's internals.
import type { TopLevelSpec } from 'vega-lite';
import { decodeHistogram, percentileCurve } from '../core/histogram.ts';
import type { Report } from './report-schema.ts';

export interface ChartSpec {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

const WIDTH = 640;

function throughputChart(report: Report): ChartSpec | undefined {
  const data = report.variants
    .filter((v) => v.status === 'ok')
    .map((v) => ({ variant: v.name, median: v.summary.throughput, min: v.summary.throughputMin, max: v.summary.throughputMax }))
    .sort((a, b) => b.median - a.median);
  if (data.length === 0) return undefined;
  const recommended = report.recommendation?.variant;
  return {
    id: 'throughput',
    title: `Throughput per variant (${report.throughputUnit}, median of trials; whiskers: slowest to fastest trial)`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      data: { values: data.map((d) => ({ ...d, recommended: d.variant === recommended ? 'recommended' : 'other' })) },
      encoding: { y: { field: 'variant', type: 'nominal', sort: data.map((d) => d.variant), title: null } },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'median', type: 'quantitative', title: report.throughputUnit },
            color: { field: 'recommended', type: 'nominal', scale: { domain: ['recommended', 'other'], range: ['#2e7d32', '#4c78a8'] }, legend: null },
            tooltip: [{ field: 'variant' }, { field: 'median', format: ',.0f' }],
          },
        },
        { mark: { type: 'rule' }, encoding: { x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
        { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'max', type: 'quantitative' }, text: { field: 'median', format: ',.0f' } } },
      ],
    },
  };
}

function latencyCurveChart(report: Report): ChartSpec | undefined {
  const values = report.variants
    .filter((v) => v.status === 'ok' && v.summary.latencyMs.count > 0)
    .flatMap((v) =>
      percentileCurve(decodeHistogram(v.summary.histogram)).map((p) => ({
        variant: v.name,
        // "nines": 0 -> 0, 90 -> 1, 99 -> 2, 99.9 -> 3 ... a log scale that spreads the tail.
        nines: p.percentile >= 100 ? 5 : -Math.log10(1 - p.percentile / 100),
        percentile: `p${p.percentile}`,
        ms: Math.max(p.ms, 0.001),
      })),
    );
  if (values.length === 0) return undefined;
  return {
    id: 'latency',
    title: 'Operation latency by percentile (all trials merged; x axis in "nines": 1 = p90, 2 = p99, 3 = p99.9)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: 280,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'nines', type: 'quantitative', title: 'percentile (nines)', axis: { values: [0, 1, 2, 3, 4, 5], labelExpr: "['p0','p90','p99','p99.9','p99.99','max'][datum.value]" } },
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms, log scale)' },
        color: { field: 'variant', type: 'nominal' },
        tooltip: [{ field: 'variant' }, { field: 'percentile' }, { field: 'ms', format: ',.3f' }],
      },
    },
  };
}

export function chartsFor(report: Report): ChartSpec[] {
  return [throughputChart(report), latencyCurveChart(report)].filter((c): c is ChartSpec => c !== undefined);
}

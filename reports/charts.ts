// The charts every report shows, as Vega-Lite specs built from report.json: throughput per variant (median,
// range and each trial), latency percentile curves from the merged histograms, and each trial's throughput
// in the order the trials ran (drift or a warm-up effect shows as a slope). Scenario-specific charts live
// in the scenario's own sections (reports/scenario-sections/), so a renderer never needs to know a
// scenario's internals.
import type { TopLevelSpec } from 'vega-lite';
import { decodeHistogram, percentileCurve } from '../core/histogram.ts';
import type { Report } from './report-schema.ts';

export interface ChartSpec {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

/** Plot width in pixels: fits the report page's content column. */
export const CHART_WIDTH = 820;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const RECOMMENDED_COLOR = '#2e7d32';
const OTHER_COLOR = '#4c78a8';

function okVariants(report: Report) {
  return report.variants.filter((v) => v.status === 'ok' && v.trials.length > 0);
}

function throughputChart(report: Report): ChartSpec | undefined {
  const data = okVariants(report)
    .map((v) => ({ variant: v.name, median: v.summary.throughput, min: v.summary.throughputMin, max: v.summary.throughputMax }))
    .sort((a, b) => b.median - a.median);
  if (data.length === 0) return undefined;
  const recommended = report.recommendation?.variant;
  const trials = okVariants(report).flatMap((v) => v.trials.map((t) => ({ variant: v.name, trial: t.index + 1, throughput: t.throughput })));
  const order = data.map((d) => d.variant);
  const unit = report.throughputUnit;
  return {
    id: 'throughput',
    title: `Throughput per variant (${unit}): bar = median of trials${recommended ? ' (green: recommended)' : ''}, line = slowest to fastest trial, dots = each trial`,
    spec: {
      $schema: SCHEMA,
      width: CHART_WIDTH,
      height: { step: 30 },
      encoding: { y: { field: 'variant', type: 'nominal', sort: order, title: null } },
      layer: [
        {
          data: { values: data.map((d) => ({ ...d, role: d.variant === recommended ? 'recommended' : 'other' })) },
          mark: { type: 'bar', height: { band: 0.7 } },
          encoding: {
            x: { field: 'median', type: 'quantitative', title: `${unit} (median of trials)` },
            color: {
              field: 'role',
              type: 'nominal',
              scale: { domain: ['recommended', 'other'], range: [RECOMMENDED_COLOR, OTHER_COLOR] },
              legend: null,
            },
            tooltip: [{ field: 'variant' }, { field: 'median', format: ',.0f' }],
          },
        },
        {
          data: { values: data },
          mark: { type: 'rule', color: '#1d232a', strokeWidth: 1.5 },
          encoding: { x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } },
        },
        {
          data: { values: trials },
          mark: { type: 'point', filled: true, color: '#1d232a', size: 28, opacity: 0.75 },
          encoding: { x: { field: 'throughput', type: 'quantitative' }, tooltip: [{ field: 'variant' }, { field: 'trial' }, { field: 'throughput', format: ',.0f' }] },
        },
        {
          data: { values: data },
          mark: { type: 'text', align: 'left', dx: 6, fontWeight: 600 },
          encoding: { x: { field: 'max', type: 'quantitative' }, text: { field: 'median', format: ',.0f' } },
        },
      ],
    },
  };
}

function latencyCurveChart(report: Report): ChartSpec | undefined {
  const values = okVariants(report)
    .filter((v) => v.summary.latencyMs.count > 0)
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
    title: 'Operation latency by percentile: all trials merged; the x axis spreads the tail (p90, p99, p99.9 ...), the y axis is a log scale',
    spec: {
      $schema: SCHEMA,
      width: CHART_WIDTH - 200,
      height: 320,
      data: { values },
      mark: { type: 'line', point: { size: 30 }, strokeWidth: 2 },
      encoding: {
        x: {
          field: 'nines',
          type: 'quantitative',
          title: 'percentile',
          scale: { domain: [0, 5] },
          axis: { values: [0, 1, 2, 3, 4, 5], labelExpr: "['p0','p90','p99','p99.9','p99.99','max'][datum.value]" },
        },
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency (ms, log scale)' },
        color: { field: 'variant', type: 'nominal', legend: { orient: 'right' } },
        tooltip: [{ field: 'variant' }, { field: 'percentile' }, { field: 'ms', format: ',.3f' }],
      },
    },
  };
}

function trialsChart(report: Report): ChartSpec | undefined {
  const variants = okVariants(report);
  if (variants.every((v) => v.trials.length < 2)) return undefined;
  const values = variants.flatMap((v) => v.trials.map((t) => ({ variant: v.name, trial: t.index + 1, throughput: Math.max(t.throughput, 1e-6) })));
  const spread = Math.max(...values.map((v) => v.throughput)) / Math.min(...values.map((v) => v.throughput));
  return {
    id: 'trials',
    title: `Throughput of each trial: in the order the trials ran (${report.throughputUnit}); a slope means drift, a lone outlier a disturbed trial`,
    spec: {
      $schema: SCHEMA,
      width: CHART_WIDTH - 200,
      height: 260,
      data: { values },
      mark: { type: 'line', point: { size: 40 }, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'trial', type: 'ordinal', title: 'trial', axis: { labelAngle: 0 } },
        // Variants often differ by orders of magnitude: a log scale keeps each one's trials readable.
        y: { field: 'throughput', type: 'quantitative', title: `${report.throughputUnit}${spread > 20 ? ' (log scale)' : ''}`, scale: spread > 20 ? { type: 'log' } : { zero: false } },
        color: { field: 'variant', type: 'nominal', legend: { orient: 'right' } },
        tooltip: [{ field: 'variant' }, { field: 'trial' }, { field: 'throughput', format: ',.0f' }],
      },
    },
  };
}

export function chartsFor(report: Report): ChartSpec[] {
  return [throughputChart(report), latencyCurveChart(report), trialsChart(report)].filter((c): c is ChartSpec => c !== undefined);
}

// `bakeoff compare A B` as data: variants matched by name, and per metric (throughput, p50, p99, each
// taken per trial) the change of the median, its confidence interval, a p-value and a verdict: better,
// worse, or inconclusive when the trials cannot tell. Pure: the same two reports give the same result.
import { median } from 'simple-statistics';
import { UsageError } from '../../core/errors.ts';
import { formatChange } from '../format.ts';
import type { Report, ReportVariant } from '../report-schema.ts';
import { environmentDifferences, type EnvironmentDifference } from './environment-diff.ts';
import { DEFAULT_ALPHA, estimateChange, minimumPValue } from './statistics.ts';

export type MetricVerdict = 'better' | 'worse' | 'inconclusive';
/**
 * `mixed`: some metrics better, some worse. `failed`: ran in A, failed in B (a regression). `recovered`:
 * failed in A, ran in B. `not-compared`: missing, unsupported or failed on one side or both.
 */
export type VariantVerdict = MetricVerdict | 'mixed' | 'failed' | 'recovered' | 'not-compared';

type Trial = ReportVariant['trials'][number];

interface MetricDefinition {
  key: 'throughput' | 'p50' | 'p99';
  label: (unit: string) => string;
  unit: (unit: string) => string;
  higherIsBetter: boolean;
  value: (trial: Trial) => number | undefined;
}

const METRICS: MetricDefinition[] = [
  { key: 'throughput', label: (u) => `throughput (${u})`, unit: (u) => u, higherIsBetter: true, value: (t) => t.throughput },
  { key: 'p50', label: () => 'p50 latency', unit: () => 'ms', higherIsBetter: false, value: (t) => (t.latencyMs.count > 0 ? t.latencyMs.p50 : undefined) },
  { key: 'p99', label: () => 'p99 latency', unit: () => 'ms', higherIsBetter: false, value: (t) => (t.latencyMs.count > 0 ? t.latencyMs.p99 : undefined) },
];

export interface MetricComparison {
  metric: MetricDefinition['key'];
  label: string;
  unit: string;
  higherIsBetter: boolean;
  /** Median across trials, and the number of trials, per run. */
  a: { median: number; trials: number };
  b: { median: number; trials: number };
  /** Relative change of the median, B against A (0.1 = 10 % higher in B). */
  change: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  verdict: MetricVerdict;
}

export interface VariantComparison {
  name: string;
  verdict: VariantVerdict;
  /** Why a variant was not compared, or what failed. */
  note?: string;
  metrics: MetricComparison[];
}

export interface RunReference {
  location: string;
  runId: string;
  startedAt: string;
  status: Report['status'];
  trials: number;
}

export interface Comparison {
  scenario: string;
  /** Significance level; the intervals are (1 - alpha) intervals. */
  alpha: number;
  a: RunReference;
  b: RunReference;
  /** Environment differences between the runs: read every verdict with these in mind. */
  warnings: EnvironmentDifference[];
  /** What limits the comparison (too few trials, ...). */
  notes: string[];
  variants: VariantComparison[];
}

/** A stable seed per variant and metric, so verdicts never depend on the order of variants. */
function seedFor(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

function compareMetric(def: MetricDefinition, unit: string, variant: string, a: Trial[], b: Trial[], alpha: number): MetricComparison | undefined {
  const values = (trials: Trial[]) => trials.map(def.value).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const va = values(a);
  const vb = values(b);
  if (va.length === 0 || vb.length === 0) return undefined;
  const estimate = estimateChange(va, vb, alpha, seedFor(`${variant}\0${def.key}`));
  const improved = def.higherIsBetter ? estimate.change > 0 : estimate.change < 0;
  return {
    metric: def.key,
    label: def.label(unit),
    unit: def.unit(unit),
    higherIsBetter: def.higherIsBetter,
    a: { median: median(va), trials: va.length },
    b: { median: median(vb), trials: vb.length },
    change: estimate.change,
    ciLow: estimate.ciLow,
    ciHigh: estimate.ciHigh,
    pValue: estimate.pValue,
    verdict: !estimate.significant ? 'inconclusive' : improved ? 'better' : 'worse',
  };
}

function variantVerdict(metrics: MetricComparison[]): VariantVerdict {
  const worse = metrics.some((m) => m.verdict === 'worse');
  const better = metrics.some((m) => m.verdict === 'better');
  return worse && better ? 'mixed' : worse ? 'worse' : better ? 'better' : 'inconclusive';
}

function compareVariant(name: string, a: ReportVariant | undefined, b: ReportVariant | undefined, unit: string, alpha: number): VariantComparison {
  if (!a || !b) return { name, verdict: 'not-compared', note: a ? 'not in B' : 'not in A', metrics: [] };
  const why = (side: string, v: ReportVariant) => `${v.status} in ${side}${v.reason ? `: ${v.reason}` : ''}`;
  if (a.status === 'ok' && b.status === 'failed') return { name, verdict: 'failed', note: why('B', b), metrics: [] };
  if (a.status === 'failed' && b.status === 'ok') return { name, verdict: 'recovered', note: why('A', a), metrics: [] };
  if (a.status !== 'ok' || b.status !== 'ok') {
    return { name, verdict: 'not-compared', note: [a.status !== 'ok' ? why('A', a) : '', b.status !== 'ok' ? why('B', b) : ''].filter(Boolean).join('; '), metrics: [] };
  }
  const metrics = METRICS.map((def) => compareMetric(def, unit, name, a.trials, b.trials, alpha)).filter((m): m is MetricComparison => m !== undefined);
  if (metrics.length === 0) return { name, verdict: 'not-compared', note: 'no trials on one side', metrics };
  return { name, verdict: variantVerdict(metrics), metrics };
}

function trialsOf(report: Report): number {
  const counts = report.variants.filter((v) => v.status === 'ok').map((v) => v.trials.length);
  return counts.length ? Math.min(...counts) : 0;
}

export function compareReports(a: Report, b: Report, where: { a: string; b: string }, alpha = DEFAULT_ALPHA): Comparison {
  if (a.scenario !== b.scenario) {
    throw new UsageError(`Cannot compare runs of different scenarios: ${where.a} is ${a.scenario}, ${where.b} is ${b.scenario}. Compare two runs of the same scenario.`);
  }
  if (a.throughputUnit !== b.throughputUnit) {
    throw new UsageError(`Cannot compare ${where.a} (${a.throughputUnit}) with ${where.b} (${b.throughputUnit}): the runs measure different units`);
  }
  const names = [...a.variants.map((v) => v.name), ...b.variants.map((v) => v.name).filter((n) => !a.variants.some((v) => v.name === n))];
  const variants = names.map((name) =>
    compareVariant(name, a.variants.find((v) => v.name === name), b.variants.find((v) => v.name === name), a.throughputUnit, alpha),
  );

  const notes: string[] = [];
  const pairs = variants.flatMap((v) => v.metrics.map((m) => [m.a.trials, m.b.trials] as const));
  const hopeless = pairs.filter(([n, m]) => minimumPValue(n, m) >= alpha);
  if (hopeless.length > 0) {
    const [n, m] = hopeless[0]!;
    notes.push(
      `With ${n} trial(s) in A and ${m} in B no difference can be significant at the ${alpha * 100}% level ` +
        `(the smallest possible p-value is ${minimumPValue(n, m).toFixed(2)}), so those verdicts are inconclusive whatever the numbers. ` +
        'Run both with --trials 5 or more to let the comparison decide.',
    );
  }
  const ref = (r: Report, location: string): RunReference => ({ location, runId: r.runId, startedAt: r.startedAt, status: r.status, trials: trialsOf(r) });
  return { scenario: a.scenario, alpha, a: ref(a, where.a), b: ref(b, where.b), warnings: environmentDifferences(a, b), notes, variants };
}

export interface Regression {
  variant: string;
  /** The metric that got worse, or undefined when the variant failed in B. */
  metric?: MetricComparison['metric'];
  change?: number;
  reason: string;
}

/**
 * What `--fail-on-regression PCT` fails on: a metric whose verdict is `worse` (significant) and whose
 * change is larger than PCT percent, or a variant that ran in A and failed in B.
 */
export function findRegressions(comparison: Comparison, thresholdPercent: number): Regression[] {
  const out: Regression[] = [];
  for (const variant of comparison.variants) {
    if (variant.verdict === 'failed') out.push({ variant: variant.name, reason: variant.note ?? 'failed in B' });
    for (const m of variant.metrics) {
      if (m.verdict === 'worse' && Math.abs(m.change) * 100 > thresholdPercent) {
        out.push({ variant: variant.name, metric: m.metric, change: m.change, reason: `${m.label} ${formatChange(m.change)} (significant, over ${thresholdPercent}%)` });
      }
    }
  }
  return out;
}

// Report sections of the isolation scenario: the anomaly matrix (level x workload: what broke) next to
// the cost matrix (committed tx/s, aborted attempts, retries per commit), aborts by SQLSTATE with latency
// including retries, and a chart of throughput that marks the variants that broke their invariant.
import { LEVELS, WORKLOADS, type LevelName } from '../../scenarios/isolation/model.ts';
import { allFigures, type VariantFigures } from '../../scenarios/isolation/variant-figures.ts';
import type { ChartSpec } from '../charts.ts';
import { formatMs, formatNumber } from '../format.ts';
import type { Report } from '../report-schema.ts';
import type { ReportSection } from '../sections.ts';

// Weak to strong: warm to cool.
const LEVEL_COLORS: Record<LevelName, string> = { 'read-committed': '#e45756', 'repeatable-read': '#f2a93b', serializable: '#4c78a8' };

/** Rows of the matrices: workload/approach pairs in the order the scenario runs them. */
function rowKeys(figures: readonly VariantFigures[]): string[] {
  const keys: string[] = [];
  for (const workload of WORKLOADS) {
    for (const f of figures) {
      const key = `${f.key.workload}/${f.key.approach}`;
      if (f.key.workload === workload && !keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}

function levelsRun(figures: readonly VariantFigures[]): LevelName[] {
  return LEVELS.filter((level) => figures.some((f) => f.key.level === level));
}

function find(figures: readonly VariantFigures[], row: string, level: LevelName): VariantFigures | undefined {
  return figures.find((f) => f.key.level === level && `${f.key.workload}/${f.key.approach}` === row);
}

/** What broke, in the workload's own words; "none" when nothing did. */
export function anomalyCell(f: VariantFigures | undefined): string {
  if (!f) return '-';
  if (!f.ok && f.trials === 0) return 'failed';
  if (f.violations === 0) return 'none';
  // Lost updates are the damage a user cares about; the count of rows off is the fallback (e.g. when
  // a row was changed behind the ledger's back and nothing was overwritten).
  const lost = f.lostUpdates ?? 0;
  switch (f.key.workload) {
    case 'transfer':
      return lost > 0 ? `${formatNumber(lost)} lost updates` : `${formatNumber(f.violations)} accounts off the ledger`;
    case 'counter':
      return lost > 0 ? `${formatNumber(lost)} lost increments` : `${formatNumber(f.violations)} counters off the ledger`;
    case 'write-skew':
      return `${formatNumber(f.violations)} of ${formatNumber(f.shifts ?? 0)} shifts left with nobody on call`;
  }
}

function costCell(f: VariantFigures | undefined): string {
  if (!f) return '-';
  if (!f.ok && f.trials === 0) return 'failed';
  return `${formatNumber(f.throughput)} · ${formatNumber(f.abortPct, 1)}% · ${formatNumber(f.retriesPerCommit, 2)}`;
}

function anomalyMatrix(figures: readonly VariantFigures[], levels: LevelName[], trials: number): ReportSection {
  return {
    id: 'isolation-anomalies',
    title: 'Anomaly matrix: invariant violations observed (all trials together)',
    paragraphs: [
      `Each cell sums what the invariant checks found after each of the ${trials} measured trials (every account and counter reconciled with a ledger written by the committed transactions; every on-call shift counted). "none" means no violation was observed in this run, which is evidence, not proof.`,
    ],
    table: { headers: ['workload / approach', ...levels], rows: rowKeys(figures).map((row) => [row, ...levels.map((level) => anomalyCell(find(figures, row, level)))]) },
    terminal: true,
  };
}

function costMatrix(figures: readonly VariantFigures[], levels: LevelName[]): ReportSection {
  return {
    id: 'isolation-cost',
    title: 'Cost matrix: committed tx/s · aborted attempts · retries per commit',
    paragraphs: [
      'Throughput counts committed transactions only (median of trials); aborted attempts are the share of BEGINs that ended in an error (40001 serialization failure, 40P01 deadlock), each retried as a whole transaction with jittered backoff.',
    ],
    table: { headers: ['workload / approach', ...levels], rows: rowKeys(figures).map((row) => [row, ...levels.map((level) => costCell(find(figures, row, level)))]) },
    terminal: true,
  };
}

function abortTable(figures: readonly VariantFigures[]): ReportSection {
  return {
    id: 'isolation-aborts',
    title: 'Aborts by SQLSTATE, retries, give-ups and latency including retries',
    paragraphs: ['Latency runs from the first BEGIN to the COMMIT that succeeded, so it includes every failed attempt and backoff. Give-ups are transactions still failing after the last allowed retry.'],
    table: {
      headers: ['variant', 'attempts', 'commits', 'aborted %', '40001 %', '40P01 %', 'retries/commit', 'give-ups', 'p50', 'p99'],
      rows: figures.map((f) => [
        f.name,
        formatNumber(f.attempts),
        formatNumber(f.commits),
        formatNumber(f.abortPct, 1),
        formatNumber(f.abortPct40001, 1),
        formatNumber(f.abortPct40P01, 1),
        formatNumber(f.retriesPerCommit, 3),
        formatNumber(f.giveUps),
        formatMs(f.p50),
        formatMs(f.p99),
      ]),
    },
  };
}

function throughputChart(figures: readonly VariantFigures[], levels: LevelName[]): ChartSpec | undefined {
  const values = figures
    .filter((f) => f.trials > 0)
    .map((f) => ({
      row: `${f.key.workload}/${f.key.approach}`,
      level: f.key.level,
      txPerSecond: f.throughput,
      abortPct: f.abortPct,
      verdict: f.violations > 0 ? `✗ ${anomalyCell(f)}` : '✓',
    }));
  if (values.length === 0) return undefined;
  return {
    id: 'isolation-throughput',
    title: 'Committed tx/s per workload, approach and level (✗: broke the invariant)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 520,
      data: { values },
      encoding: {
        y: { field: 'row', type: 'nominal', sort: rowKeys(figures), title: null, axis: { labelLimit: 260 } },
        yOffset: { field: 'level', type: 'nominal', sort: levels },
      },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'txPerSecond', type: 'quantitative', title: 'committed tx/s (median of trials)' },
            color: { field: 'level', type: 'nominal', sort: levels, scale: { domain: levels, range: levels.map((l) => LEVEL_COLORS[l]) }, title: 'level' },
            tooltip: [{ field: 'row' }, { field: 'level' }, { field: 'txPerSecond', format: ',.0f' }, { field: 'abortPct', format: '.1f' }, { field: 'verdict' }],
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 9 },
          encoding: { x: { field: 'txPerSecond', type: 'quantitative' }, text: { field: 'verdict' } },
        },
      ],
    },
  };
}

export function isolationSections(report: Report): ReportSection[] {
  const figures = allFigures(report.variants);
  if (figures.length === 0) return [];
  const levels = levelsRun(figures);
  const trials = Math.max(0, ...figures.map((f) => f.trials));
  const sections = [anomalyMatrix(figures, levels, trials), costMatrix(figures, levels), abortTable(figures)];
  const chart = throughputChart(figures, levels);
  if (chart) sections.push({ id: chart.id, title: chart.title, chart });
  return sections;
}

// A comparison as text: one model of lines and a table that the terminal (cli-table3) and Markdown
// renderers draw in their own way, so both always show the same figures and warnings.
import { formatChange, formatMs, formatNumber } from '../format.ts';
import { markdownTable } from '../markdown.ts';
import type { TextTable } from '../results-table.ts';
import { drawTable } from '../terminal.ts';
import type { Comparison, MetricComparison, Regression } from './compare-reports.ts';

export interface RegressionGate {
  thresholdPercent: number;
  regressions: Regression[];
}

function formatValue(m: MetricComparison, value: number): string {
  return m.unit === 'ms' ? formatMs(value) : formatNumber(value);
}

function formatP(p: number): string {
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function comparisonTable(comparison: Comparison): TextTable {
  const confidence = `${Math.round((1 - comparison.alpha) * 100)}% interval`;
  const rows: string[][] = [];
  for (const variant of comparison.variants) {
    if (variant.metrics.length === 0) {
      rows.push([variant.name, variant.verdict, variant.note ?? '', '', '', '', '', '']);
      continue;
    }
    variant.metrics.forEach((m, i) => {
      rows.push([
        i === 0 ? variant.name : '',
        i === 0 ? variant.verdict : '',
        m.label,
        formatValue(m, m.a.median),
        formatValue(m, m.b.median),
        formatChange(m.change),
        `${formatChange(m.ciLow)} to ${formatChange(m.ciHigh)}`,
        `${formatP(m.pValue)} ${m.verdict}`,
      ]);
    });
  }
  return { headers: ['variant', 'verdict', 'metric', 'A (median)', 'B (median)', 'change', confidence, 'p, verdict'], rows };
}

function runLine(label: string, run: Comparison['a']): string {
  return `${label} = ${run.location} (run ${run.runId}, ${run.startedAt}, ${run.status}, ${run.trials} trial(s) per variant)`;
}

/** Everything around the table, as plain lines (no Markdown or terminal markup). */
export function comparisonLines(comparison: Comparison, gate?: RegressionGate): { before: string[]; after: string[] } {
  const before = [`Comparing ${comparison.scenario} runs:`, runLine('A', comparison.a), runLine('B', comparison.b)];
  if (comparison.warnings.length > 0) {
    before.push('', `WARNING: the two runs differ in ${comparison.warnings.length} way(s) besides the change under test; read the verdicts with this in mind:`);
    for (const w of comparison.warnings) before.push(`  - ${w.area === 'setting' ? 'setting ' : ''}${w.what}: ${w.a} (A) vs ${w.b} (B)`);
  }
  for (const note of comparison.notes) before.push('', `Note: ${note}`);

  const count = (verdict: string) => comparison.variants.filter((v) => v.verdict === verdict).map((v) => v.name);
  const summary = ['worse', 'failed', 'mixed', 'better', 'recovered', 'inconclusive', 'not-compared']
    .map((verdict) => [verdict, count(verdict)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([verdict, names]) => `${names.length} ${verdict}${verdict === 'inconclusive' || verdict === 'not-compared' ? '' : ` (${names.join(', ')})`}`);
  const after = [
    `Summary: ${summary.join(', ') || 'no variants'}.`,
    `A change is "better" or "worse" only when a Mann-Whitney U test over the trials gives p < ${comparison.alpha} and the ` +
      `${Math.round((1 - comparison.alpha) * 100)}% bootstrap interval of the change of the median excludes 0; otherwise it is "inconclusive".`,
  ];
  if (gate) {
    if (gate.regressions.length === 0) after.push(`No significant regression larger than ${gate.thresholdPercent}%.`);
    else {
      after.push(`REGRESSION: ${gate.regressions.length} significant regression(s) larger than ${gate.thresholdPercent}%:`);
      for (const r of gate.regressions) after.push(`  - ${r.variant}: ${r.reason}`);
    }
  }
  return { before, after };
}

export function renderComparisonTerminal(comparison: Comparison, gate?: RegressionGate): string {
  const { before, after } = comparisonLines(comparison, gate);
  return [...before, '', drawTable(comparisonTable(comparison), { compact: true }), '', ...after, ''].join('\n');
}

export function renderComparisonMarkdown(comparison: Comparison, gate?: RegressionGate): string {
  const { before, after } = comparisonLines(comparison, gate);
  const out = [`# pg-bakeoff compare: ${comparison.scenario}`, ''];
  out.push(`- ${before[1]}`, `- ${before[2]}`, '');
  if (comparison.warnings.length > 0) {
    out.push(`> **Warning:** the two runs differ in ${comparison.warnings.length} way(s) besides the change under test; read the verdicts with this in mind.`, '');
    out.push(markdownTable({ headers: ['what differs', 'A', 'B'], rows: comparison.warnings.map((w) => [`${w.area}: ${w.what}`, w.a, w.b]) }), '');
  }
  for (const note of comparison.notes) out.push(`> **Note:** ${note}`, '');
  out.push(markdownTable(comparisonTable(comparison)), '');
  for (const line of after) out.push(line.startsWith('  - ') ? line.trimStart() : line, '');
  return out.join('\n');
}

/** The JSON form: the comparison itself, plus the gate's outcome when one was asked for. */
export function comparisonJson(comparison: Comparison, gate?: RegressionGate): string {
  return `${JSON.stringify({ comparison, ...(gate ? { failOnRegression: gate } : {}) }, null, 2)}\n`;
}

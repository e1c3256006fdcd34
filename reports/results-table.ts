// The results table as plain rows of text: one model that the terminal, Markdown and HTML renderers
// each draw in their own way, so they never disagree on a figure.
import { CLIENT_LOAD_HEADER, clientBoundLine, clientLoadCell, hasClientLoad } from './client-load.ts';
import { formatMs, formatNumber, formatSpeedup } from './format.ts';
import type { Report } from './report-schema.ts';

export interface TextTable {
  headers: string[];
  rows: string[][];
}

export function resultsTable(report: Report): TextTable {
  const hasBaseline = report.variants.some((v) => v.summary.metrics.speedupVsBaseline !== undefined);
  // Reports written before the engine recorded the generator's load have no such column.
  const clientLoad = hasClientLoad(report);
  const headers = [
    'variant',
    'status',
    report.throughputUnit,
    'range',
    'wall time',
    'p50',
    'p95',
    'p99',
    'max',
    ...report.metricColumns.map((c) => c.header),
    ...(hasBaseline ? [`vs ${report.baselineVariant ?? 'baseline'}`] : []),
    ...(clientLoad ? [CLIENT_LOAD_HEADER] : []),
    'errors',
  ];
  const rows = report.variants.map((v) => {
    if (v.status !== 'ok' && v.trials.length === 0) {
      const blanks = headers.length - 3;
      return [v.name, v.status, ...Array<string>(blanks).fill('-'), v.reason ?? ''];
    }
    const s = v.summary;
    const errorCount = Object.values(s.errors).reduce((a, b) => a + b, 0);
    return [
      v.name,
      v.status,
      formatNumber(s.throughput),
      `${formatNumber(s.throughputMin)}–${formatNumber(s.throughputMax)}`,
      formatMs(s.elapsedMs),
      formatMs(s.latencyMs.p50),
      formatMs(s.latencyMs.p95),
      formatMs(s.latencyMs.p99),
      formatMs(s.latencyMs.max),
      ...report.metricColumns.map((c) => (s.metrics[c.key] === undefined ? '-' : formatNumber(s.metrics[c.key]!, c.digits))),
      ...(hasBaseline ? [formatSpeedup(s.metrics.speedupVsBaseline)] : []),
      ...(clientLoad ? [clientLoadCell(v)] : []),
      errorCount === 0 ? '0' : formatNumber(errorCount),
    ];
  });
  return { headers, rows };
}

export interface RunProblem {
  /** `error`: the run or a variant failed; `warning`: a variant could not run here. */
  level: 'error' | 'warning';
  text: string;
}

/** What went wrong in a run, for every renderer to show before anything else. */
export function runProblems(report: Report): RunProblem[] {
  const problems: RunProblem[] = [];
  if (report.status !== 'completed') problems.push({ level: 'error', text: `Run ${report.status}${report.reason ? `: ${report.reason}` : ''}.` });
  for (const v of report.variants.filter((x) => x.status === 'failed')) problems.push({ level: 'error', text: `Variant ${v.name} failed: ${v.reason ?? 'unknown reason'}` });
  for (const v of report.variants.filter((x) => x.status === 'unsupported')) {
    problems.push({ level: 'warning', text: `Variant ${v.name} is not supported here: ${v.reason ?? 'no reason given'}` });
  }
  // Trials a transient fault cut short, and lost connections: the gaps behind the figures.
  for (const v of report.variants.filter((x) => x.status === 'ok')) {
    for (const t of v.trials.filter((x) => x.failure !== undefined)) {
      problems.push({ level: 'warning', text: `Variant ${v.name}, trial ${t.index + 1} did not complete (left out of the figures): ${t.failure}` });
    }
  }
  // Figures the load generator limited are not the database's.
  const clientBound = clientBoundLine(report);
  if (clientBound) problems.push({ level: 'warning', text: `${clientBound}.` });
  for (const i of report.incidents ?? []) {
    if (i.kind === 'connection-lost') problems.push({ level: 'warning', text: `${i.at}: lost the database connection${i.variant ? ` in ${i.variant}` : ''}: ${i.detail}` });
    else if (i.kind === 'reconnected') problems.push({ level: 'warning', text: `${i.at}: reconnected: ${i.detail}` });
    else problems.push({ level: 'error', text: `${i.at}: gave up on the database: ${i.detail}` });
  }
  return problems;
}

/** The few lines that say what the run found, shared by all renderers. */
export function headline(report: Report): string[] {
  const lines = runProblems(report).map((p) => p.text);
  if (report.recommendation) lines.push(`Recommendation: ${report.recommendation.variant}: ${report.recommendation.reason}.`);
  return lines;
}

/** One line of a recommendation's evidence: a label with a value, or with nested lines. */
export interface EvidenceNode {
  label: string;
  text?: string;
  children?: EvidenceNode[];
}

function scalar(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(4)));
  if (value === null || value === undefined) return '-';
  return String(value);
}

function isFlat(value: object): boolean {
  return Object.values(value).every((v) => v === null || typeof v !== 'object');
}

/**
 * A recommendation's evidence as a tree for people: an object of plain values stays on one line
 * ("variant copy, rowsPerSecond 84,892"); deeper objects and lists of objects become nested lines.
 */
export function evidenceTree(evidence: Record<string, unknown>): EvidenceNode[] {
  const node = (label: string, value: unknown): EvidenceNode => {
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) return { label, text: value.map(scalar).join(', ') || '(none)' };
      return { label, children: value.map((v, i) => node(String(i + 1), v)) };
    }
    if (typeof value === 'object' && value !== null) {
      if (isFlat(value)) return { label, text: Object.entries(value).map(([k, v]) => `${k} ${scalar(v)}`).join(', ') };
      return { label, children: Object.entries(value).map(([k, v]) => node(k, v)) };
    }
    return { label, text: scalar(value) };
  };
  return Object.entries(evidence).map(([k, v]) => node(k, v));
}

/** The evidence tree as indented Markdown list lines. */
export function evidenceMarkdown(nodes: EvidenceNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}- ${n.label}${n.text !== undefined ? `: ${n.text}` : ''}`, ...evidenceMarkdown(n.children ?? [], depth + 1)]);
}

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

/** The few lines that say what the run found, shared by all renderers. */
export function headline(report: Report): string[] {
  const lines: string[] = [];
  if (report.status !== 'completed') lines.push(`Run ${report.status}${report.reason ? `: ${report.reason}` : ''}.`);
  for (const v of report.variants.filter((x) => x.status === 'failed')) lines.push(`Variant ${v.name} failed: ${v.reason ?? 'unknown reason'}`);
  const clientBound = clientBoundLine(report);
  if (clientBound) lines.push(clientBound + '.');
  if (report.recommendation) lines.push(`Recommendation: ${report.recommendation.variant}: ${report.recommendation.reason}.`);
  return lines;
}

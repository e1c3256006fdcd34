// The results table for a terminal (cli-table3), printed at the end of a run and by `bakeoff report`.
import Table from 'cli-table3';
import type { Report } from './report-schema.ts';
import { headline, resultsTable, type TextTable } from './results-table.ts';
import { reportSections } from './sections.ts';

/** `compact` drops the lines between body rows (for tables whose rows come in groups). */
export function drawTable(model: TextTable, options: { compact?: boolean } = {}): string {
  const table = new Table({ head: model.headers, style: { head: [], border: [], compact: options.compact ?? false } });
  for (const row of model.rows) table.push(row);
  return table.toString();
}

export function renderTerminal(report: Report): string {
  const title = `${report.scenario} on ${report.target.displayName}${report.target.serverVersion ? ` (PostgreSQL ${report.target.serverVersion})` : ''}`;
  const extra = reportSections(report)
    .filter((s) => s.terminal && s.table)
    .map((s) => `${s.title}\n${drawTable(s.table!)}`);
  return [title, drawTable(resultsTable(report)), ...extra, ...headline(report)].join('\n');
}

// The results table for a terminal (cli-table3), printed at the end of a run and by `bakeoff report`.
import Table from 'cli-table3';
import type { Report } from './report-schema.ts';
import { headline, resultsTable } from './results-table.ts';

export function renderTerminal(report: Report): string {
  const model = resultsTable(report);
  const table = new Table({ head: model.headers, style: { head: [], border: [] } });
  for (const row of model.rows) table.push(row);
  const title = `${report.scenario} on ${report.target.displayName}${report.target.serverVersion ? ` (PostgreSQL ${report.target.serverVersion})` : ''}`;
  return [title, table.toString(), ...headline(report)].join('\n');
}

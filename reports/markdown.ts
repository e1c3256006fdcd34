// report.md: the same tables for a terminal, a pull request or a wiki.
import { formatBytes } from './format.ts';
import type { Report } from './report-schema.ts';
import { headline, resultsTable, type TextTable } from './results-table.ts';
import { reportSections } from './sections.ts';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(table: TextTable): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(table.headers), line(table.headers.map(() => '---')), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# pg-bakeoff: ${report.scenario}`);
  out.push('');
  out.push(`Run \`${report.runId}\`, ${report.status}, ${report.startedAt} to ${report.finishedAt} (${(report.durationMs / 1000).toFixed(1)} s).`);
  out.push('');
  for (const line of headline(report)) out.push(`**${line}**`, '');
  out.push('## Results', '');
  out.push(`Throughput is the median of ${report.options.common.trials ?? '?'} interleaved trials (range: slowest to fastest trial); latency percentiles come from all trials' histograms merged.`);
  out.push('');
  out.push(markdownTable(resultsTable(report)));
  out.push('');
  out.push('### Variants', '');
  for (const v of report.variants) out.push(`- **${v.name}**: ${v.description}${v.reason ? ` (${v.status}: ${v.reason})` : ''}`);
  out.push('');
  for (const section of reportSections(report)) {
    if (!section.table && !section.paragraphs) continue;
    out.push(`## ${section.title}`, '');
    for (const p of section.paragraphs ?? []) out.push(p, '');
    if (section.table) out.push(markdownTable(section.table), '');
  }
  if (report.claims.length > 0) {
    out.push('## Claims vs measured', '');
    out.push(
      markdownTable({ headers: ['claim', 'source', 'measured here', 'verdict'], rows: report.claims.map((c) => [c.claim, c.source, c.measured, c.verdict]) }),
    );
    out.push('');
  }
  if (report.recommendation) {
    out.push('## Recommendation', '');
    out.push(`**${report.recommendation.variant}**: ${report.recommendation.reason}.`, '');
    out.push('```json', JSON.stringify(report.recommendation.evidence, null, 2), '```', '');
  }
  out.push('## Environment', '');
  const env: string[][] = [
    ['target', `${report.target.kind}: ${report.target.displayName}`],
    ['PostgreSQL', report.target.serverVersion ?? 'unknown'],
    ...Object.entries(report.target.settings ?? {}).map(([k, v]) => [k, v]),
    ['machine', `${report.machine.cpus} x ${report.machine.cpuModel}, ${formatBytes(report.machine.memory)}`],
    ['node', report.machine.node],
    ['pg-bakeoff', report.tool.version],
    ['options', JSON.stringify({ ...report.options.common, ...report.options.scenario })],
  ];
  out.push(markdownTable({ headers: ['what', 'value'], rows: env }));
  out.push('');
  return out.join('\n');
}

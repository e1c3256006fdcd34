// report.md: the same content as report.html, as tables for a terminal, a pull request or a wiki:
// problems first, the recommendation with its evidence, results, scenario sections, claims, variants,
// every trial, and the environment.
import { environmentGroups } from './environment.ts';
import type { Report } from './report-schema.ts';
import { evidenceMarkdown, evidenceTree, resultsTable, runProblems, type TextTable } from './results-table.ts';
import { reportSections } from './sections.ts';
import { trialsTable } from './trials-table.ts';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(table: TextTable): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(table.headers), line(table.headers.map(() => '---')), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const trials = report.options.common.trials ?? '?';
  out.push(`# pg-bakeoff: ${report.scenario}`, '');
  out.push(
    `Run \`${report.runId}\`, **${report.status}**, ${report.startedAt} to ${report.finishedAt} (${(report.durationMs / 1000).toFixed(1)} s), ` +
      `on ${report.target.displayName}${report.target.serverVersion ? ` (PostgreSQL ${report.target.serverVersion})` : ''}, ${trials} trial(s) per variant.`,
    '',
  );
  for (const problem of runProblems(report)) out.push(`> **${problem.level === 'error' ? 'Error' : 'Warning'}:** ${problem.text}`, '');
  if (report.recommendation) {
    out.push(`**Recommendation: ${report.recommendation.variant}**: ${report.recommendation.reason}.`, '');
    out.push(...evidenceMarkdown(evidenceTree(report.recommendation.evidence)));
    out.push('');
  }
  out.push('## Results', '');
  out.push(markdownTable(resultsTable(report)), '');
  out.push(
    `Throughput is the median of ${trials} interleaved trials (range: slowest to fastest trial); latency percentiles come from all trials' histograms merged. ` +
      'To tell whether a difference between two runs is real, use `bakeoff compare`.',
    '',
  );
  for (const section of reportSections(report)) {
    if (!section.table && !section.paragraphs) continue;
    out.push(`## ${section.title}`, '');
    for (const p of section.paragraphs ?? []) out.push(p, '');
    if (section.table) out.push(markdownTable(section.table), '');
  }
  if (report.claims.length > 0) {
    out.push('## Claims vs measured', '');
    out.push(markdownTable({ headers: ['claim', 'source', 'measured here', 'verdict'], rows: report.claims.map((c) => [c.claim, c.source, c.measured, c.verdict]) }), '');
  }
  out.push('## Variants', '');
  for (const v of report.variants) out.push(`- **${v.name}** (${v.status}): ${v.description}${v.reason ? ` (${v.reason})` : ''}`);
  out.push('');
  out.push('## Trials', '');
  out.push(markdownTable(trialsTable(report)), '');
  out.push('## Environment', '');
  for (const group of environmentGroups(report)) {
    out.push(`### ${group.title}`, '');
    out.push(markdownTable({ headers: ['what', 'value'], rows: group.rows }), '');
  }
  return out.join('\n');
}

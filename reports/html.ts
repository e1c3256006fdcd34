// report.html: one self-contained page (inline CSS and SVG charts rendered at report time; no scripts, no
// network) that a person can read top to bottom: what went wrong (if anything), the recommendation and
// its evidence, the results, the charts and scenario sections, claims against measurements, the
// variants, every trial, and the environment the numbers were measured in.
import type { TopLevelSpec } from 'vega-lite';
import { errorMessage } from '../core/errors.ts';
import { environmentGroups } from './environment.ts';
import { REPORT_CSS } from './html-style.ts';
import type { Report } from './report-schema.ts';
import { evidenceTree, resultsTable, runProblems, type EvidenceNode, type TextTable } from './results-table.ts';
import { reportSections, sectionCharts } from './sections.ts';
import { renderSvg } from './svg-chart.ts';
import { trialsTable } from './trials-table.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A CSS-safe token (for ids and class names) from any text. */
function token(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** "Heading: how to read it" becomes a short heading and a note; a ': ' inside parentheses does not split. */
export function splitTitle(title: string): { heading: string; note: string } {
  let depth = 0;
  for (let i = 0; i < title.length - 1; i += 1) {
    const c = title[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ':' && title[i + 1] === ' ' && depth === 0) return { heading: title.slice(0, i), note: title.slice(i + 2) };
  }
  return { heading: title, note: '' };
}

// Cells this short (figures like "8.12 ms", "1,234") never wrap: a number broken over two lines misreads.
const SHORT_CELL = 20;

interface TableOptions {
  className?: string;
  rowClass?: (row: string[]) => string | undefined;
  cellClass?: (header: string, cell: string) => string | undefined;
}

export function htmlTable(table: TextTable, options: TableOptions = {}): string {
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const rowClass = options.rowClass?.(row);
      const cells = row.map((cell, i) => {
        const classes = [options.cellClass?.(table.headers[i] ?? '', cell), i > 0 && cell.length <= SHORT_CELL ? 'short' : undefined].filter(Boolean);
        return `<td${classes.length ? ` class="${classes.join(' ')}"` : ''}>${escapeHtml(cell)}</td>`;
      });
      return `<tr${rowClass ? ` class="${rowClass}"` : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table${options.className ? ` class="${options.className}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const statusCell = (header: string, cell: string) => (header === 'status' ? `status-${token(cell)}` : undefined);

function problemsBlock(report: Report): string {
  const problems = runProblems(report);
  return (['error', 'warning'] as const)
    .map((level) => problems.filter((p) => p.level === level))
    .filter((list) => list.length > 0)
    .map((list) => `<div class="alert ${list[0]!.level}"><ul>${list.map((p) => `<li>${escapeHtml(p.text)}</li>`).join('')}</ul></div>`)
    .join('\n');
}

function evidenceList(nodes: EvidenceNode[]): string {
  const item = (n: EvidenceNode) =>
    `<li><strong>${escapeHtml(n.label)}</strong>${n.text !== undefined ? `: ${escapeHtml(n.text)}` : ''}${n.children?.length ? evidenceList(n.children) : ''}</li>`;
  return `<ul>${nodes.map(item).join('')}</ul>`;
}

function recommendationBlock(report: Report): string {
  const r = report.recommendation;
  if (!r) return '';
  const tree = evidenceTree(r.evidence);
  const lines = (function count(nodes: EvidenceNode[]): number {
    return nodes.reduce((n, node) => n + 1 + count(node.children ?? []), 0);
  })(tree);
  // Short evidence is shown; long evidence (a scenario with many workloads) is one click away.
  const evidence = tree.length === 0 ? '' : lines <= 6 ? evidenceList(tree) : `<details><summary>Evidence (${lines} lines)</summary>${evidenceList(tree)}</details>`;
  return `<div class="recommendation" id="recommendation"><div class="what">Recommendation: ${escapeHtml(r.variant)}</div><div>${escapeHtml(r.reason)}.</div>${evidence}</div>`;
}

/**
 * One chart as SVG, or a visible note where it cannot be drawn: a report read back from a file may hold
 * values no run produces (Vega fails on a sort order containing "constructor", for one), and the rest of
 * the report (problems, tables, trials) is still worth having.
 */
async function drawChart(spec: TopLevelSpec): Promise<string> {
  try {
    return await renderSvg(spec);
  } catch (err) {
    return `<p class="chart-failed">This chart could not be drawn from this report: ${escapeHtml(errorMessage(err))}</p>`;
  }
}

export async function renderHtml(report: Report): Promise<string> {
  const sections = await Promise.all(
    reportSections(report).map(async (section) => ({
      ...section,
      svgs: await Promise.all(sectionCharts(section).map(async (chart) => ({ id: chart.id, title: chart.title, svg: await drawChart(chart.spec) }))),
    })),
  );
  const trials = report.options.common.trials;
  const toc: Array<[string, string]> = [['results', 'Results'], ...sections.map((s): [string, string] => [`section-${token(s.id)}`, splitTitle(s.title).heading.replace(/\s*\(.*$/, '')])];
  if (report.claims.length > 0) toc.push(['claims', 'Claims vs measured']);
  toc.push(['variants', 'Variants'], ['trials', 'Trials'], ['environment', 'Environment']);

  const parts: string[] = [];
  parts.push(`<header><h1>pg-bakeoff: ${escapeHtml(report.scenario)}</h1>`);
  parts.push(
    `<p class="meta"><span class="badge status-${report.status}">${report.status}</span> run <code>${escapeHtml(report.runId)}</code>, ` +
      `${escapeHtml(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s, on ${escapeHtml(report.target.displayName)}` +
      `${report.target.serverVersion ? ` (PostgreSQL ${escapeHtml(report.target.serverVersion)})` : ''}, ${escapeHtml(String(trials ?? '?'))} trial(s) per variant</p></header>`,
  );
  parts.push(problemsBlock(report));
  parts.push(recommendationBlock(report));
  parts.push(`<nav class="toc">${toc.map(([id, title]) => `<a href="#${id}">${escapeHtml(title)}</a>`).join('')}</nav>`);

  parts.push('<h2 id="results">Results</h2>');
  parts.push(htmlTable(resultsTable(report), { className: 'results', rowClass: (row) => (row[1] && row[1] !== 'ok' ? `row-${token(row[1])}` : undefined), cellClass: statusCell }));
  parts.push(
    `<p class="note">Throughput is the median of ${escapeHtml(String(trials ?? '?'))} interleaved trials (range: slowest to fastest trial); ` +
      'latency percentiles come from all trials\' histograms merged (never averaged). To tell whether a difference between two runs is real, ' +
      'use <code>bakeoff compare</code>.</p>',
  );

  for (const section of sections) {
    const { heading, note } = splitTitle(section.title);
    parts.push(`<section id="section-${token(section.id)}"><h2>${escapeHtml(heading)}</h2>`);
    if (note) parts.push(`<p class="note">${escapeHtml(note.charAt(0).toUpperCase() + note.slice(1))}.</p>`);
    for (const p of section.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (section.table) parts.push(htmlTable(section.table, { className: `section-${token(section.id)}`, cellClass: statusCell }));
    for (const chart of section.svgs) {
      parts.push(`<figure class="chart" id="chart-${token(chart.id)}">${chart.svg}</figure>`);
    }
    parts.push('</section>');
  }

  if (report.claims.length > 0) {
    parts.push('<h2 id="claims">Claims vs measured</h2>');
    parts.push(
      htmlTable(
        { headers: ['claim', 'source', 'measured here', 'verdict'], rows: report.claims.map((c) => [c.claim, c.source, c.measured, c.verdict]) },
        { className: 'text claims', cellClass: (h, cell) => (h === 'verdict' ? `verdict-${token(cell)}` : undefined) },
      ),
    );
  }

  parts.push('<h2 id="variants">Variants</h2>');
  parts.push(
    htmlTable(
      {
        headers: ['variant', 'status', 'what it does', 'parameters'],
        rows: report.variants.map((v) => [
          v.name,
          v.status,
          v.description + (v.reason ? ` (${v.status}: ${v.reason})` : ''),
          Object.entries(v.params).map(([k, val]) => `${k}=${typeof val === 'string' ? val : JSON.stringify(val)}`).join(', '),
        ]),
      },
      { className: 'text variants', rowClass: (row) => (row[1] && row[1] !== 'ok' ? `row-${token(row[1])}` : undefined), cellClass: statusCell },
    ),
  );

  const trialRows = trialsTable(report);
  parts.push('<h2 id="trials">Trials</h2>');
  parts.push(
    `<details><summary>Every trial of every variant (${trialRows.rows.length} rows), in the order they ran within each variant</summary>` +
      `${htmlTable(trialRows, { className: 'results trials', cellClass: (h, cell) => (h === 'verification' && cell.startsWith('FAILED') ? 'status-failed' : undefined) })}</details>`,
  );

  parts.push('<h2 id="environment">Environment</h2><div class="env">');
  for (const group of environmentGroups(report)) {
    parts.push(`<div><h3>${escapeHtml(group.title)}</h3>${htmlTable({ headers: ['what', 'value'], rows: group.rows }, { className: 'text' })}</div>`);
  }
  parts.push('</div>');
  parts.push(
    `<footer>Written by pg-bakeoff ${escapeHtml(report.tool.version)} from report.json (schema version ${report.schemaVersion}). ` +
      'Re-render with <code>bakeoff report &lt;run&gt;</code>; compare two runs with <code>bakeoff compare &lt;runA&gt; &lt;runB&gt;</code>.</footer>',
  );

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>pg-bakeoff: ${escapeHtml(report.scenario)} ${escapeHtml(report.runId)}</title>
<style>${REPORT_CSS}</style></head>
<body>
${parts.filter(Boolean).join('\n')}
</body></html>
`;
}

// report.html: one self-contained page (inline CSS and SVG, no scripts, no network) with the results,
// charts, claims, recommendation and environment.
import { renderSvg } from './svg-chart.ts';
import { reportSections } from './sections.ts';
import { formatBytes } from './format.ts';
import type { Report } from './report-schema.ts';
import { headline, resultsTable, type TextTable } from './results-table.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function htmlTable(table: TextTable, className = ''): string {
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d232a}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d8dde3;padding:.25rem .6rem;text-align:right;vertical-align:top}
th{background:#f3f5f7}td:first-child,th:first-child{text-align:left}
.env td{text-align:left}.claims td{text-align:left}
.status-completed{color:#2e7d32}.status-interrupted{color:#b26a00}.status-failed{color:#c62828}
.recommendation{background:#eef7ee;border-left:4px solid #2e7d32;padding:.6rem 1rem}
.chart{margin:1rem 0}.muted{color:#5f6b76}
`;

export async function renderHtml(report: Report): Promise<string> {
  const sections = await Promise.all(
    reportSections(report).map(async (section) => ({ ...section, svg: section.chart ? await renderSvg(section.chart.spec) : undefined })),
  );
  const env: TextTable = {
    headers: ['what', 'value'],
    rows: [
      ['target', `${report.target.kind}: ${report.target.displayName}`],
      ['PostgreSQL', report.target.serverVersion ?? 'unknown'],
      ...Object.entries(report.target.settings ?? {}).map(([k, v]) => [k, v]),
      ['machine', `${report.machine.cpus} x ${report.machine.cpuModel}, ${formatBytes(report.machine.memory)}`],
      ['node', report.machine.node],
      ['pg-bakeoff', report.tool.version],
      ['options', JSON.stringify({ ...report.options.common, ...report.options.scenario })],
    ],
  };
  const parts: string[] = [];
  parts.push(`<h1>pg-bakeoff: ${escapeHtml(report.scenario)}</h1>`);
  parts.push(
    `<p class="muted">Run <code>${escapeHtml(report.runId)}</code>, <span class="status-${report.status}">${report.status}</span>, ` +
      `${escapeHtml(report.startedAt)} (${(report.durationMs / 1000).toFixed(1)} s) on ${escapeHtml(report.target.displayName)}</p>`,
  );
  for (const line of headline(report)) parts.push(`<p><strong>${escapeHtml(line)}</strong></p>`);
  if (report.recommendation) {
    parts.push(
      `<div class="recommendation"><strong>Recommendation: ${escapeHtml(report.recommendation.variant)}</strong><br>${escapeHtml(report.recommendation.reason)}</div>`,
    );
  }
  parts.push('<h2>Results</h2>', htmlTable(resultsTable(report), 'results'));
  parts.push(
    `<p class="muted">Throughput: median of ${escapeHtml(String(report.options.common.trials ?? '?'))} interleaved trials. Latency percentiles: all trials' histograms merged.</p>`,
  );
  for (const section of sections) {
    parts.push(`<h2 id="section-${escapeHtml(section.id)}">${escapeHtml(section.title)}</h2>`);
    for (const p of section.paragraphs ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
    if (section.table) parts.push(htmlTable(section.table, `section ${section.id}`));
    if (section.svg) parts.push(`<figure class="chart" id="chart-${escapeHtml(section.chart!.id)}">${section.svg}</figure>`);
  }
  parts.push('<h2>Variants</h2><ul>');
  for (const v of report.variants) parts.push(`<li><strong>${escapeHtml(v.name)}</strong>: ${escapeHtml(v.description)}${v.reason ? ` <em>(${v.status}: ${escapeHtml(v.reason)})</em>` : ''}</li>`);
  parts.push('</ul>');
  if (report.claims.length > 0) {
    parts.push(
      '<h2>Claims vs measured</h2>',
      htmlTable({ headers: ['claim', 'source', 'measured here', 'verdict'], rows: report.claims.map((c) => [c.claim, c.source, c.measured, c.verdict]) }, 'claims'),
    );
  }
  parts.push('<h2>Environment</h2>', htmlTable(env, 'env'));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>pg-bakeoff: ${escapeHtml(report.scenario)} ${escapeHtml(report.runId)}</title>
<style>${STYLE}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}

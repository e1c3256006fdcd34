// The stylesheet of report.html, inlined into the page (no network). Kept apart from the markup so the
// page structure in html.ts stays readable.

export const REPORT_CSS = `
:root{--ink:#1d232a;--muted:#5f6b76;--line:#d8dde3;--head:#f3f5f7;--ok:#2e7d32;--warn:#a15c00;--bad:#c62828}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:1.5rem 1.5rem 3rem;color:var(--ink);background:#fff}
h1{font-size:1.7rem;margin:0 0 .2rem}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f5f7;padding:0 .25em;border-radius:3px}
.meta{color:var(--muted);margin:.2rem 0 1rem}
.badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.85em;font-weight:600;border:1px solid currentColor}
.status-completed,.status-ok,.verdict-supported{color:var(--ok)}
.status-interrupted,.status-unsupported,.verdict-not-comparable{color:var(--warn)}
.status-failed,.verdict-contradicted{color:var(--bad)}
.alert{border-left:4px solid;padding:.5rem 1rem;margin:.6rem 0;border-radius:0 4px 4px 0}
.alert.error{border-color:var(--bad);background:#fdecea}
.alert.warning{border-color:var(--warn);background:#fff4e5}
.alert ul{margin:.2rem 0;padding-left:1.2rem}
.recommendation{background:#eef7ee;border-left:4px solid var(--ok);padding:.7rem 1rem;margin:1rem 0;border-radius:0 4px 4px 0}
.recommendation .what{font-size:1.1rem;font-weight:700}
.recommendation ul{margin:.3rem 0 0;padding-left:1.2rem;color:var(--muted)}
nav.toc{font-size:.9rem;margin:.8rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
nav.toc a{color:#2b5d8a;text-decoration:none;white-space:nowrap}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums;font-size:14px}
th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:right;vertical-align:top}
th{background:var(--head);font-weight:600}
td:first-child,th:first-child{text-align:left}
table.results td,td.short{white-space:nowrap}
table.results th{min-width:4.5em}
table.text td,table.text th{text-align:left}
tr.row-failed td{background:#fdecea}
tr.row-unsupported td{background:#fff4e5}
figure.chart{margin:.8rem 0;overflow-x:auto}
figure.chart svg{max-width:100%;height:auto}
p.chart-failed{color:#8a1c1c;font-style:italic}
.note{color:var(--muted);font-size:.92rem}
details>summary{cursor:pointer;color:#2b5d8a;margin:.4rem 0}
.env{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:0 1.5rem}
.env table{width:100%}
.env td{text-align:left;word-break:break-word}
.env td:first-child{white-space:nowrap;color:var(--muted);width:40%}
footer{margin-top:2.5rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.6rem}
`;

// Renders a Vega-Lite spec to a standalone SVG string at report time (no browser, no CDN), so
// report.html opens offline and shows the same chart everywhere. Every chart, common or from a
// scenario's own section, gets the same fonts and sizes from one base config (the spec's own config wins).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

export const BASE_CHART_CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#e3e7eb' },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, labelLimit: 280, gridColor: '#edf0f3', domainColor: '#9aa5b1', tickColor: '#9aa5b1' },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 280, symbolSize: 80 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
  text: { fontSize: 11 },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#ff9da6', '#bab0ac'] },
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where `over` wins; arrays are replaced, not merged. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as Record<string, unknown>, value) : value;
  return out;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Warnings go nowhere: a report is rendered inside CLI runs whose stderr belongs to the user.
  const quiet = vega.logger(vega.None);
  const withConfig = { ...spec, config: merge(BASE_CHART_CONFIG as unknown as Record<string, unknown>, (spec.config ?? {}) as Record<string, unknown>) } as TopLevelSpec;
  const compiled = compile(withConfig, { logger: quiet }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

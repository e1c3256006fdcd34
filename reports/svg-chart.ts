// Renders a Vega-Lite spec to a standalone SVG string at report time (no browser, no CDN), so
// report.html opens offline and shows the same chart everywhere.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Warnings go nowhere: a report is rendered inside CLI runs whose stderr belongs to the user.
  const quiet = vega.logger(vega.None);
  const compiled = compile(spec, { logger: quiet }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

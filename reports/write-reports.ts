// Renders a run's three files (report.md, report.html, report.json) and delivers them to where the user
// asked (a local folder or an S3 prefix). report.json goes last, so its presence means the run's output
// is complete. If the delivery fails, the files are kept in a local fallback folder and the result says
// where, so a finished measurement is never lost to a full disk or an unreachable bucket.
import { errorMessage } from '../core/errors.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { REPORT_FILES, describeLocation, type ReportFileName, type RunLocation } from './report-location.ts';
import type { Report } from './report-schema.ts';
import { writeRunFiles, type RunFiles, type StoreOptions } from './sinks/run-store.ts';

export type RenderedReport = Record<ReportFileName, string>;

export async function renderAll(report: Report): Promise<RenderedReport> {
  return {
    'report.md': renderMarkdown(report),
    'report.html': await renderHtml(report),
    'report.json': `${JSON.stringify(report, null, 2)}\n`,
  };
}

export function orderedFiles(rendered: Partial<RenderedReport>): RunFiles {
  return REPORT_FILES.filter((name) => rendered[name] !== undefined).map((name) => [name, rendered[name]!] as const);
}

export interface Delivery {
  /** Where the files are now: the requested location, or the fallback if delivery there failed. */
  location: RunLocation;
  files: string[];
  /** Set when the requested location could not be written. */
  failed?: { requested: RunLocation; reason: string };
}

export async function deliverReport(
  report: Report,
  location: RunLocation,
  options: StoreOptions & { fallback: RunLocation },
): Promise<Delivery> {
  const files = orderedFiles(await renderAll(report));
  try {
    return { location, files: await writeRunFiles(location, files, options) };
  } catch (err) {
    const reason = errorMessage(err);
    if (describeLocation(options.fallback) === describeLocation(location)) throw err;
    const kept = await writeRunFiles(options.fallback, files, options);
    return { location: options.fallback, files: kept, failed: { requested: location, reason } };
  }
}

/** Local-folder delivery without a fallback (kept for callers that only write locally). */
export async function writeReportDir(dir: string, report: Report): Promise<string[]> {
  return writeRunFiles({ kind: 'local', dir }, orderedFiles(await renderAll(report)));
}

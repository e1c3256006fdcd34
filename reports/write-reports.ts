// Writes a run's three files (report.json, report.md, report.html) to a local folder. Each file is
// written to a temporary name and renamed, so a reader never sees half a file; report.json goes last,
// so its presence means the run's output is complete.
import fs from 'node:fs';
import path from 'node:path';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { Report } from './report-schema.ts';

export interface RenderedReport {
  'report.json': string;
  'report.md': string;
  'report.html': string;
}

export async function renderAll(report: Report): Promise<RenderedReport> {
  return {
    'report.md': renderMarkdown(report),
    'report.html': await renderHtml(report),
    'report.json': `${JSON.stringify(report, null, 2)}\n`,
  };
}

export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}

export async function writeReportDir(dir: string, report: Report): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const rendered = await renderAll(report);
  const order: Array<keyof RenderedReport> = ['report.md', 'report.html', 'report.json'];
  return order.map((name) => {
    const file = path.join(dir, name);
    writeFileAtomic(file, rendered[name]);
    return file;
  });
}

// `bakeoff report <run>`: re-renders report.md and report.html from a run's report.json (e.g. after an
// upgrade of pg-bakeoff), and prints the results table.
import fs from 'node:fs';
import path from 'node:path';
import { readReportFile } from '../../reports/read-report.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { renderAll, writeFileAtomic } from '../../reports/write-reports.ts';

export async function reportCommand(location: string): Promise<string> {
  const report = readReportFile(location);
  const dir = fs.statSync(location).isDirectory() ? location : path.dirname(location);
  const rendered = await renderAll(report);
  writeFileAtomic(path.join(dir, 'report.md'), rendered['report.md']);
  writeFileAtomic(path.join(dir, 'report.html'), rendered['report.html']);
  return `${renderTerminal(report)}\n\nRe-rendered ${path.join(dir, 'report.md')} and ${path.join(dir, 'report.html')}\n`;
}

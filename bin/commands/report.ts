// `bakeoff report <run>`: re-renders report.md and report.html from a run's report.json (e.g. after an
// upgrade of pg-bakeoff) in the same place, a local folder or an S3 prefix, and prints its table.
import { describeFile } from '../../reports/report-location.ts';
import { readReport } from '../../reports/read-report.ts';
import { writeRunFiles } from '../../reports/sinks/run-store.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { orderedFiles, renderAll } from '../../reports/write-reports.ts';

export async function reportCommand(location: string): Promise<string> {
  const { report, source } = await readReport(location);
  const { 'report.md': md, 'report.html': html } = await renderAll(report);
  // report.json stays as it is: it is the measurement; the other two are views of it.
  const written = await writeRunFiles(source.location, orderedFiles({ 'report.md': md, 'report.html': html }));
  return `${renderTerminal(report)}\n\nRe-rendered ${written.join(' and ')} from ${describeFile(source.location, source.file)}\n`;
}

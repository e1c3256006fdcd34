// Every trial of every variant as rows of text: the raw material behind each median, so a reader can see
// the spread (and a disturbed trial) that decides how sure a comparison can be.
import { formatMs, formatNumber } from './format.ts';
import type { Report } from './report-schema.ts';
import type { TextTable } from './results-table.ts';

export function trialsTable(report: Report): TextTable {
  const rows = report.variants.flatMap((v) =>
    v.trials.map((t) => [
      v.name,
      String(t.index + 1),
      formatNumber(t.throughput),
      formatMs(t.elapsedMs),
      formatMs(t.latencyMs.p50),
      formatMs(t.latencyMs.p99),
      formatNumber(t.latencyMs.count),
      Object.values(t.errors).reduce((a, b) => a + b, 0).toLocaleString('en-US'),
      t.check.ok ? `ok: ${t.check.detail}` : `FAILED: ${t.check.detail}`,
    ]),
  );
  return { headers: ['variant', 'trial', report.throughputUnit, 'wall time', 'p50', 'p99', 'operations', 'errors', 'verification'], rows };
}

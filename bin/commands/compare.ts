// `bakeoff compare <runA> <runB>`: reads two runs (local folders, report.json files or s3:// prefixes),
// prints per variant and metric the change, its interval and a verdict, and with --fail-on-regression
// exits 1 when a significant regression is larger than the threshold.
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../../core/errors.ts';
import { compareReports, findRegressions } from '../../reports/compare/compare-reports.ts';
import { comparisonJson, renderComparisonMarkdown, renderComparisonTerminal, type RegressionGate } from '../../reports/compare/render-compare.ts';
import { readReport } from '../../reports/read-report.ts';
import type { CliIO } from '../cli.ts';

export interface CompareFlags {
  json?: boolean;
  markdown?: boolean;
  failOnRegression?: string;
}

/** "5%", "5" or "2.5%" -> 5 / 2.5; anything else is a usage error. */
export function parseThreshold(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value >= 10_000) {
    throw new UsageError(`--fail-on-regression must be a percentage above 0, e.g. 5% (got ${JSON.stringify(text)})`);
  }
  return value;
}

export async function compareCommand(locationA: string, locationB: string, flags: CompareFlags, io: CliIO): Promise<number> {
  if (flags.json && flags.markdown) throw new UsageError('--json and --markdown are two output formats; pick one');
  const thresholdPercent = flags.failOnRegression === undefined ? undefined : parseThreshold(flags.failOnRegression);
  // Read both before failing, so one message names every problem with the two inputs.
  const [a, b] = await Promise.allSettled([readReport(locationA), readReport(locationB)]);
  if (a.status === 'rejected' || b.status === 'rejected') {
    const problems = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    const nonUsage = problems.find((p) => !(p instanceof UsageError));
    if (nonUsage) throw nonUsage;
    throw new UsageError(problems.map((p) => (p as UsageError).message));
  }
  const comparison = compareReports(a.value.report, b.value.report, { a: locationA, b: locationB });
  const gate: RegressionGate | undefined =
    thresholdPercent === undefined ? undefined : { thresholdPercent, regressions: findRegressions(comparison, thresholdPercent) };
  const text = flags.json
    ? comparisonJson(comparison, gate)
    : flags.markdown
      ? renderComparisonMarkdown(comparison, gate)
      : renderComparisonTerminal(comparison, gate);
  io.stdout.write(text);
  // The warnings go to stderr as well when stdout is machine-read, so a CI log still shows them.
  if ((flags.json || flags.markdown) && comparison.warnings.length > 0) {
    io.stderr.write(`bakeoff: warning: the runs differ in ${comparison.warnings.map((w) => w.what).join(', ')}\n`);
  }
  return gate && gate.regressions.length > 0 ? EXIT_RUN_FAILED : EXIT_OK;
}

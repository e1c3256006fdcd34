// A report.json from a real, small insert-strategies run on the suite's shared server, for tests of the
// report readers and renderers (reports are tested as pure functions on real run output).
import { resolveOptions } from '../../core/run/resolve-options.ts';
import { runScenario } from '../../core/run/run-scenario.ts';
import { buildReport } from '../../reports/build-report.ts';
import type { Report } from '../../reports/report-schema.ts';
import insertStrategies from '../../scenarios/insert-strategies/index.ts';
import { sharedTarget } from './shared-target.ts';

export async function realInsertReport(options: { variants?: string[]; rows?: number; trials?: number } = {}): Promise<Report> {
  const raw: Record<string, unknown> = { rows: String(options.rows ?? 200), batchSize: '50', payloadBytes: '16', trials: String(options.trials ?? 2), warmup: '0' };
  if (options.variants) raw.variants = options.variants.join(',');
  const resolved = resolveOptions(insertStrategies, raw);
  const outcome = await runScenario({ scenario: insertStrategies, options: resolved, signal: new AbortController().signal, target: await sharedTarget() });
  if (outcome.status !== 'completed') throw new Error(`the fixture run did not complete: ${outcome.reason}`);
  return buildReport({
    outcome,
    common: resolved.common,
    scenarioOptions: { ...resolved.scenario },
    metricColumns: insertStrategies.metricColumns,
    baselineVariant: insertStrategies.baselineVariant,
  });
}

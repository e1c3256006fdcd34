// Builds report.json from a run's outcome. Pure: the same outcome always gives the same report.
import type { CommonOptions } from '../core/run/common-options.ts';
import type { RunOutcome } from '../core/run/run-scenario.ts';
import type { MetricColumn } from '../core/scenario.ts';
import { toolVersion } from '../core/tool-version.ts';
import { REPORT_SCHEMA_VERSION, TOOL_NAME, type Report } from './report-schema.ts';

export interface ReportInputs {
  outcome: RunOutcome;
  common: CommonOptions;
  scenarioOptions: Record<string, unknown>;
  metricColumns: MetricColumn[];
  baselineVariant?: string;
  /** Runs on AWS: usage and cost estimate. */
  cost?: Report['cost'];
}

export function buildReport(inputs: ReportInputs): Report {
  const { outcome } = inputs;
  // The URL may hold a password and the target's displayName already shows it masked: keep it out.
  const { databaseUrl: _url, ...common } = inputs.common;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: toolVersion() },
    runId: outcome.runId,
    scenario: outcome.scenario,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    durationMs: Date.parse(outcome.finishedAt) - Date.parse(outcome.startedAt),
    status: outcome.status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    target: outcome.target,
    machine: outcome.machine,
    options: { common: { ...common }, scenario: { ...inputs.scenarioOptions } },
    throughputUnit: outcome.throughputUnit,
    metricColumns: inputs.metricColumns,
    ...(inputs.baselineVariant ? { baselineVariant: inputs.baselineVariant } : {}),
    variants: outcome.variants,
    ...(outcome.recommendation ? { recommendation: outcome.recommendation } : {}),
    claims: outcome.claims,
    ...(inputs.cost ? { cost: inputs.cost } : {}),
    ...(outcome.incidents && outcome.incidents.length > 0 ? { incidents: outcome.incidents } : {}),
  };
  return report;
}

// The coordinator Lambda's work, apart from its wiring (lambdas/coordinator.ts): runs a whole scenario
// inside AWS (next to the database), with load slices fanned out to worker Lambdas, merges them (the
// scenario does, through core/executors/merge-slices.ts), estimates the cost, writes report.json/.md/.html
// to S3 and returns where they are with a summary. The CLI's `--target aws` invokes it.
import type { S3Client } from '@aws-sdk/client-s3';
import { errorMessage, EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../errors.ts';
import type { LambdaExecutor } from '../executors/lambda.ts';
import { resolveOptions } from '../run/resolve-options.ts';
import { runScenario } from '../run/run-scenario.ts';
import type { Scenario } from '../scenario.ts';
import type { Target } from '../targets/target.ts';
import { buildReport } from '../../reports/build-report.ts';
import type { Report } from '../../reports/report-schema.ts';
import { describeFile, runOutputLocation, type RunLocation } from '../../reports/report-location.ts';
import { writeRunFiles } from '../../reports/sinks/run-store.ts';
import { orderedFiles, renderAll } from '../../reports/write-reports.ts';
import { estimateCost } from './cost-estimate.ts';
import type { LambdaContext, LambdaHandler } from './lambda-context.ts';
import { materializeOptionFiles, type OptionFile } from './option-files.ts';

export interface CoordinatorEvent {
  scenario: string;
  /** Option values as the CLI parsed them (strings, booleans); validated here exactly as on the command line. */
  options: Record<string, unknown>;
  /**
   * Where the report goes, as `--out` takes it: `s3://bucket/prefix` is the run folder itself, a prefix
   * ending in `/` gets a `<timestamp>-<scenario>/` folder inside. Default `s3://<reports bucket>/runs/`.
   */
  out?: string;
  /** The cluster's capacity range (stack outputs), for the cost estimate. */
  aurora?: { minAcu: number; maxAcu: number };
  /** Contents of the files that file options named on the CLI's machine (core/aws/option-files.ts). */
  files?: Record<string, OptionFile>;
}

export interface CoordinatorResult {
  runId: string;
  status: Report['status'];
  reason?: string;
  /** The CLI's exit code for this outcome. */
  exitCode: number;
  /** s3:// URLs of report.md, report.html and report.json. */
  files: string[];
  reportUrl: string;
  variants: Array<{ name: string; status: string; throughput: number; unit: string; reason?: string }>;
  cost?: Report['cost'];
}

export interface CoordinatorDependencies {
  target(): Promise<Target>;
  findScenario(name: string): Scenario<any> | undefined;
  s3: S3Client;
  /** The stack's reports bucket (used when the event names no --out). */
  reportsBucket?: string;
  /** A fresh Lambda executor for this run (fresh usage counts), or undefined when no worker function is configured. */
  workers(): LambdaExecutor | undefined;
  log?: (message: string) => void;
}

/** Time kept at the end of the function's limit to write the (partial) report. */
const REPORT_MARGIN_MS = 60_000;

export function createCoordinatorHandler(deps: CoordinatorDependencies): LambdaHandler<CoordinatorEvent, CoordinatorResult> {
  return async (event, context?: LambdaContext) => {
    const started = Date.now();
    const scenario = typeof event?.scenario === 'string' ? deps.findScenario(event.scenario) : undefined;
    if (!scenario) throw new UsageError(`Unknown scenario ${JSON.stringify(event?.scenario)}`);
    const location = resolveLocation(event, scenario.name, deps.reportsBucket, new Date(started));
    const sent = materializeOptionFiles({ ...(event.options ?? {}) }, event.files);
    let options;
    try {
      options = resolveOptions(scenario, sent.options);
    } catch (err) {
      sent.cleanup();
      throw err;
    }

    const controller = new AbortController();
    const deadline = context ? setTimeout(() => controller.abort(), Math.max(0, context.getRemainingTimeInMillis() - REPORT_MARGIN_MS)) : undefined;
    const workers = deps.workers();
    const log = deps.log ?? (() => undefined);
    try {
      const target = await deps.target();
      const outcome = await runScenario({
        scenario,
        options,
        signal: controller.signal,
        target,
        ...(workers ? { executorFor: () => workers } : {}),
        log,
      });
      const cost = estimateCost({
        wallMs: Date.now() - started,
        ...(workers ? { workers: workers.usage() } : {}),
        ...(context ? { coordinator: { ms: Date.now() - started, memoryMb: Number(context.memoryLimitInMB) } } : {}),
        ...(event.aurora ? { aurora: event.aurora } : {}),
        ...(outcome.usage ? { dataApiRequests: outcome.usage.dataApiRequests } : {}),
      });
      const report = buildReport({
        outcome,
        common: options.common,
        scenarioOptions: options.scenario as Record<string, unknown>,
        metricColumns: scenario.metricColumns,
        baselineVariant: scenario.baselineVariant,
        cost,
      });
      const files = await writeRunFiles(location, orderedFiles(await renderAll(report)), { s3Client: deps.s3 });
      log(`${scenario.name}: ${report.status}; report at ${files[files.length - 1]}`);
      return {
        runId: report.runId,
        status: report.status,
        ...(report.reason ? { reason: report.reason } : {}),
        exitCode: report.status === 'completed' ? EXIT_OK : EXIT_RUN_FAILED,
        files,
        reportUrl: describeFile(location, 'report.json'),
        variants: report.variants.map((v) => ({ name: v.name, status: v.status, throughput: v.summary.throughput, unit: v.summary.unit, ...(v.reason ? { reason: v.reason } : {}) })),
        cost,
      };
    } catch (err) {
      log(`${scenario.name}: coordinator failed: ${errorMessage(err)}`);
      throw err;
    } finally {
      clearTimeout(deadline);
      sent.cleanup();
    }
  };
}

function resolveLocation(event: CoordinatorEvent, scenario: string, reportsBucket: string | undefined, started: Date): RunLocation {
  if (!event.out && !reportsBucket) throw new UsageError('No reports bucket configured (BAKEOFF_REPORTS_BUCKET) and no --out s3://... given');
  const location = runOutputLocation(event.out ?? `s3://${reportsBucket}/runs/`, scenario, started);
  if (location.kind !== 's3') throw new UsageError(`--out ${event.out}: on AWS the report goes to S3; give s3://<bucket>/<prefix>/`);
  return location;
}

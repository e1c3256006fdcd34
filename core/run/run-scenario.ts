// Runs one scenario from start to end: opens the target, creates the run schema, runs the engine,
// and always cleans up (drops the schema, stops an embedded server), whatever happened in between.
// Returns everything a report needs; a failure after the start is a `failed` outcome, not a throw.
import type pg from 'pg';
import { errorMessage } from '../errors.ts';
import { describeMachine, type MachineInfo } from '../machine.ts';
import { assertDriverReachable, openDriver, type DriverUsage } from '../drivers/open-driver.ts';
import type { ExecutorFactory } from '../executors/choose-executor.ts';
import { connectClient } from '../pg-connect.ts';
import { qualified } from '../quote.ts';
import { maskText } from '../redact.ts';
import { createRunSchema, dropRunSchema, newRunId, runSchemaName } from '../run-schema.ts';
import type { Claim, Recommendation, Scenario, ScenarioContext, VariantOutcome } from '../scenario.ts';
import { describeServer, type ServerInfo } from '../server-info.ts';
import { openTarget } from '../targets/open-target.ts';
import type { Target, TargetKind } from '../targets/target.ts';
import { runVariants, type EngineEvent } from '../engine/run-variants.ts';
import type { RunStatus, VariantResult } from '../engine/result-model.ts';
import type { ResolvedOptions } from './resolve-options.ts';

export interface RunRequest<O> {
  scenario: Scenario<O>;
  options: ResolvedOptions<O>;
  signal: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
  /** Called when the target is up (e.g. to tell the user where it runs). */
  onTarget?: (target: Target) => void;
  log?: (message: string) => void;
  /** Use this open target instead of opening one (it is left running at the end). */
  target?: Target;
  /** Where slices of load run (AWS: Lambda workers); absent: scenarios choose locally. */
  executorFor?: ExecutorFactory;
}

export interface RunOutcome {
  runId: string;
  scenario: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  reason?: string;
  target: { kind: TargetKind; displayName: string } & Partial<ServerInfo>;
  machine: MachineInfo;
  schema: string;
  throughputUnit: string;
  variants: VariantResult[];
  recommendation?: Recommendation;
  claims: Claim[];
  /** What the measured work's driver sessions used (Data API requests), when it is not nothing. */
  usage?: DriverUsage;
}

export async function runScenario<O>(request: RunRequest<O>): Promise<RunOutcome> {
  const { scenario, options } = request;
  const log = request.log ?? (() => undefined);
  const runId = newRunId();
  const schema = runSchemaName(runId);
  const startedAt = new Date().toISOString();
  const ownsTarget = !request.target;
  // Opening the target can fail with a usage-level error (bad URL, unreachable host): let it propagate,
  // nothing has been created yet.
  const target = request.target ?? (await openTarget({ databaseUrl: options.common.databaseUrl }));
  // Older callers build options without a driver: that is pg.
  const driver = options.common.driver ?? 'pg';
  try {
    assertDriverReachable(driver, target);
  } catch (err) {
    if (ownsTarget) await target.stop().catch(() => undefined);
    throw err;
  }
  request.onTarget?.(target);

  const outcome: RunOutcome = {
    runId,
    scenario: scenario.name,
    startedAt,
    finishedAt: startedAt,
    status: 'failed',
    target: { kind: target.kind, displayName: target.displayName },
    machine: describeMachine(),
    schema,
    throughputUnit: scenario.throughputUnit,
    variants: [],
    claims: [],
  };

  const usage: DriverUsage = { dataApiRequests: 0 };
  let admin: pg.Client | undefined;
  let schemaCreated = false;
  let ctx: ScenarioContext<O> | undefined;
  try {
    admin = await connectClient(target, undefined);
    Object.assign(outcome.target, await describeServer(admin));
    await createRunSchema(admin, schema);
    schemaCreated = true;

    ctx = {
      options: options.scenario,
      target,
      schema,
      table: (name) => qualified(schema, name),
      connect: (overrides) => connectClient(target, schema, overrides),
      signal: request.signal,
      log,
      driver,
      openDriver: (driverOptions) => openDriver(driver, target, schema, driverOptions, usage),
      ...(request.executorFor ? { executorFor: request.executorFor } : {}),
    };
    await scenario.setup?.(ctx);
    let definitions = scenario.variants(options.scenario, { driver });
    if (options.common.variants) definitions = definitions.filter((d) => options.common.variants!.includes(d.name));
    const engine = await runVariants(ctx, definitions, {
      trials: options.common.trials,
      warmupSeconds: options.common.warmup,
      throughputUnit: scenario.throughputUnit,
      onEvent: request.onEvent,
    });
    outcome.variants = engine.variants;
    outcome.status = engine.status;
    if (engine.reason) outcome.reason = engine.reason;
    if (engine.status === 'completed' && engine.variants.every((v) => v.status !== 'ok')) {
      outcome.status = 'failed';
      outcome.reason = 'no variant completed';
    }
    addSpeedups(outcome.variants, scenario.baselineVariant);
    const outcomes = outcome.variants.map(toOutcome);
    const recommendation = scenario.recommend(outcomes, options.scenario);
    if (recommendation) outcome.recommendation = recommendation;
    outcome.claims = scenario.claims?.(outcomes, options.scenario) ?? [];
  } catch (err) {
    outcome.status = request.signal.aborted ? 'interrupted' : 'failed';
    outcome.reason = maskText(errorMessage(err), target.secrets);
    log(`run failed: ${outcome.reason}`);
  } finally {
    if (ctx) await scenario.teardown?.(ctx).catch((err) => log(`scenario teardown failed: ${errorMessage(err)}`));
    if (schemaCreated) await dropSchemaSafely(target, admin, schema, log);
    await admin?.end().catch(() => undefined);
    if (ownsTarget) await target.stop().catch((err) => log(`stopping the target failed: ${errorMessage(err)}`));
    outcome.finishedAt = new Date().toISOString();
  }
  if (usage.dataApiRequests > 0) outcome.usage = usage;
  return outcome;
}

async function dropSchemaSafely(target: Target, admin: pg.Client | undefined, schema: string, log: (m: string) => void): Promise<void> {
  try {
    if (!admin) throw new Error('no admin connection');
    await dropRunSchema(admin, schema);
  } catch {
    // The admin connection may be the thing that broke: try once more on a fresh one.
    try {
      const fresh = await connectClient(target, undefined);
      try {
        await dropRunSchema(fresh, schema);
      } finally {
        await fresh.end().catch(() => undefined);
      }
    } catch (err) {
      log(`could not drop schema ${schema}: ${errorMessage(err)}`);
    }
  }
}

function addSpeedups(variants: VariantResult[], baselineName: string | undefined): void {
  const baseline = variants.find((v) => v.name === baselineName && v.status === 'ok');
  if (!baseline || baseline.summary.throughput <= 0) return;
  for (const variant of variants) {
    if (variant.status === 'ok') variant.summary.metrics.speedupVsBaseline = variant.summary.throughput / baseline.summary.throughput;
  }
}

export function toOutcome(v: VariantResult): VariantOutcome {
  return {
    name: v.name,
    status: v.status,
    params: v.params,
    summary: { throughput: v.summary.throughput, elapsedMs: v.summary.elapsedMs, latencyMs: v.summary.latencyMs, metrics: v.summary.metrics },
    trials: v.trials.map((t) => ({ throughput: t.throughput, metrics: t.metrics })),
  };
}

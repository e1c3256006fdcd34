// Runs one scenario from start to end: opens the target, creates the run schema, runs the engine,
// and always cleans up (drops the schema, stops an embedded server), whatever happened in between.
// Returns everything a report needs; a failure after the start is a `failed` outcome, not a throw.
// Every connection carries the run's timeouts (core/pg-connect.ts); on an interrupt the run's running
// statements are cancelled on the server; after a lost connection the engine waits (bounded) for the
// database to come back.
import type pg from 'pg';
import { errorMessage } from '../errors.ts';
import { describeMachine, type MachineInfo } from '../machine.ts';
import { assertDriverReachable, openDriver, type DriverUsage } from '../drivers/open-driver.ts';
import type { ExecutorFactory } from '../executors/choose-executor.ts';
import { DEFAULT_CONNECTION_LIMITS, connectClient, endWithin, withConnectionLimits, type ConnectionLimits } from '../pg-connect.ts';
import { qualified } from '../quote.ts';
import { maskText } from '../redact.ts';
import { createRunSchema, dropRunSchema, newRunId, runSchemaName } from '../run-schema.ts';
import type { Claim, Recommendation, Scenario, ScenarioContext, VariantOutcome } from '../scenario.ts';
import { describeServer, type ServerInfo } from '../server-info.ts';
import { openTarget } from '../targets/open-target.ts';
import type { Target, TargetKind } from '../targets/target.ts';
import { runVariants, type EngineEvent } from '../engine/run-variants.ts';
import type { RunIncident, RunStatus, VariantResult } from '../engine/result-model.ts';
import type { CommonOptions } from './common-options.ts';
import type { ResolvedOptions } from './resolve-options.ts';
import { RunConnections } from './run-connections.ts';
import { waitForTarget } from './wait-for-target.ts';

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
  /** Where an embedded server keeps its data directory (default `<tmp>/pg-bakeoff`). */
  embeddedDir?: string;
  /** Called once the run's schema exists (e.g. to tell the user, or for a test to find it). */
  onRunStarted?: (run: { runId: string; schema: string }) => void;
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
  /** Lost and regained connections, in order (absent when nothing happened). */
  incidents?: RunIncident[];
}

/** The connection limits a run's options ask for (defaults for options a caller left out). */
export function connectionLimitsOf(common: Partial<CommonOptions>): ConnectionLimits {
  return {
    statementTimeoutMs: common.statementTimeout ?? DEFAULT_CONNECTION_LIMITS.statementTimeoutMs,
    lockTimeoutMs: common.lockTimeout ?? DEFAULT_CONNECTION_LIMITS.lockTimeoutMs,
    connectTimeoutMs: common.connectTimeout ?? DEFAULT_CONNECTION_LIMITS.connectTimeoutMs,
  };
}

const DEFAULT_RECONNECT_TIMEOUT_MS = 15_000;
const TEARDOWN_GRACE_MS = 5_000;

/** Waits for `work` at most `ms`; reports its failure instead of throwing. */
async function settleWithin(work: Promise<unknown> | undefined, ms: number, onError: (err: unknown) => void): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onError(new Error(`still not done after ${ms / 1000} s; closing its connections`));
      resolve();
    }, ms);
  });
  await Promise.race([work.then(() => undefined, onError), late]);
  clearTimeout(timer);
}

export async function runScenario<O>(request: RunRequest<O>): Promise<RunOutcome> {
  const { scenario, options } = request;
  const log = request.log ?? (() => undefined);
  const runId = newRunId();
  const schema = runSchemaName(runId);
  const startedAt = new Date().toISOString();
  const ownsTarget = !request.target;
  const limits = connectionLimitsOf(options.common);
  // Opening the target can fail with a usage-level error (bad URL, unreachable host): let it propagate,
  // nothing has been created yet.
  const opened =
    request.target ??
    (await openTarget({
      databaseUrl: options.common.databaseUrl,
      connectTimeoutMs: limits.connectTimeoutMs,
      ...(request.embeddedDir ? { embedded: { baseDir: request.embeddedDir } } : {}),
    }));
  const connections = new RunConnections();
  const target = withConnectionLimits(opened, limits, connections.socketFactory);
  // Older callers build options without a driver: that is pg.
  const driver = options.common.driver ?? 'pg';
  try {
    assertDriverReachable(driver, target);
  } catch (err) {
    if (ownsTarget) await target.stop().catch(() => undefined);
    throw err;
  }
  request.onTarget?.(target);
  // On an interrupt, cancel what the run's connections are running right away: the scenario's own
  // checks of the signal stop it between statements, this stops it inside one.
  const cancelOnAbort = () => {
    void connections.cancelRunning(target).then((n) => (n > 0 ? log(`interrupt: cancelled what the run's ${n} connection(s) were running`) : undefined));
  };
  request.signal.addEventListener('abort', cancelOnAbort, { once: true });

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
    // The run's own connection stays out of the scenario's accounting (stream: the default socket), so the
    // end-of-run sweep of leftover connections does not close it before it drops the schema.
    admin = await connectClient(target, undefined, { stream: undefined });
    Object.assign(outcome.target, await describeServer(admin));
    await createRunSchema(admin, schema);
    schemaCreated = true;
    request.onRunStarted?.({ runId, schema });

    ctx = {
      options: options.scenario,
      target,
      schema,
      table: (name) => qualified(schema, name),
      connect: async (overrides) => connections.track(await connectClient(target, schema, overrides)),
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
      awaitTarget: () =>
        waitForTarget(target, { timeoutMs: options.common.reconnectTimeout ?? DEFAULT_RECONNECT_TIMEOUT_MS, signal: request.signal }),
    });
    outcome.variants = engine.variants;
    outcome.status = engine.status;
    if (engine.reason) outcome.reason = engine.reason;
    if (engine.incidents) outcome.incidents = engine.incidents;
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
    outcome.reason = errorMessage(err);
    log(`run failed: ${maskText(outcome.reason, target.secrets)}`);
  } finally {
    request.signal.removeEventListener('abort', cancelOnAbort);
    // Bounded: a pool's polite end() waits for the server to close each socket, which a frozen server
    // never does; closeAll below destroys what is left.
    if (ctx) await settleWithin(scenario.teardown?.(ctx), TEARDOWN_GRACE_MS, (err) => log(`scenario teardown failed: ${errorMessage(err)}`));
    // A safety net after the scenario's own teardown: nothing it left open may keep the process alive.
    const leaked = await connections.closeAll();
    if (leaked > 0) log(`closed ${leaked} connection(s) the scenario left open`);
    if (schemaCreated) await dropSchemaSafely(target, admin, schema, log);
    if (admin) await endWithin(admin, 1_000);
    if (ownsTarget) await target.stop().catch((err) => log(`stopping the target failed: ${errorMessage(err)}`));
    outcome.finishedAt = new Date().toISOString();
  }
  if (usage.dataApiRequests > 0) outcome.usage = usage;
  return scrubOutcome(outcome, target.secrets);
}

/** Error text from the server or the driver ends up in reasons and failures: keep passwords out of it. */
function scrubOutcome(outcome: RunOutcome, secrets: readonly string[]): RunOutcome {
  const mask = (text: string) => maskText(text, secrets);
  if (outcome.reason) outcome.reason = mask(outcome.reason);
  for (const variant of outcome.variants) {
    if (variant.reason) variant.reason = mask(variant.reason);
    for (const trial of variant.trials) {
      if (trial.failure) trial.failure = mask(trial.failure);
      trial.check.detail = mask(trial.check.detail);
    }
  }
  for (const incident of outcome.incidents ?? []) incident.detail = mask(incident.detail);
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
        await endWithin(fresh, 1_000);
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

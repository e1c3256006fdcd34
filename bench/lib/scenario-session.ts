// A scenario opened once on a target for many trials: the run schema and the scenario's setup are made
// once, then any variant can run single trials through the engine (core/engine/run-variants.ts), as often
// as a bench needs, interleaved with other sides. The scenario sees the target the way `bakeoff run`
// hands it over (core/run/run-scenario.ts): with the run's connection limits (statement, lock and client
// read timeouts) and every connection tracked, so the bench measures what a user's run pays.
import type pg from 'pg';
import { runVariants } from '../../core/engine/run-variants.ts';
import type { TrialResult } from '../../core/engine/result-model.ts';
import { connectClient, withConnectionLimits } from '../../core/pg-connect.ts';
import { qualified } from '../../core/quote.ts';
import { resolveOptions } from '../../core/run/resolve-options.ts';
import { RunConnections } from '../../core/run/run-connections.ts';
import { connectionLimitsOf } from '../../core/run/run-scenario.ts';
import { createRunSchema, dropRunSchema, newRunId, runSchemaName } from '../../core/run-schema.ts';
import type { Scenario, ScenarioContext } from '../../core/scenario.ts';
import type { Target } from '../../core/targets/target.ts';

export interface ScenarioSession<O> {
  readonly schema: string;
  readonly options: O;
  readonly ctx: ScenarioContext<O>;
  /** Runs one measured trial of `variant` (no warmup); throws if it fails or its check does not pass. */
  trial(variant: string): Promise<TrialResult>;
  close(): Promise<void>;
}

/** `raw` are scenario options as the CLI would pass them (parsed and validated by the scenario's schemas). */
export async function openScenarioSession<O>(opened: Target, scenario: Scenario<O>, raw: Record<string, unknown>): Promise<ScenarioSession<O>> {
  const resolved = resolveOptions(scenario, raw);
  const options = resolved.scenario;
  const connections = new RunConnections();
  const target = withConnectionLimits(opened, connectionLimitsOf(resolved.common), connections.socketFactory);
  const schema = runSchemaName(newRunId());
  const admin: pg.Client = await connectClient(target, undefined, { stream: undefined });
  await createRunSchema(admin, schema);
  const controller = new AbortController();
  const ctx: ScenarioContext<O> = {
    options,
    target,
    schema,
    table: (name) => qualified(schema, name),
    connect: async (overrides) => connections.track(await connectClient(target, schema, overrides)),
    signal: controller.signal,
    log: () => undefined,
  };
  const close = async () => {
    await scenario.teardown?.(ctx).catch(() => undefined);
    await connections.closeAll();
    await dropRunSchema(admin, schema).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
  try {
    await scenario.setup?.(ctx);
  } catch (err) {
    await close();
    throw err;
  }
  const definitions = scenario.variants(options);
  return {
    schema,
    options,
    ctx,
    async trial(variant) {
      const definition = definitions.find((d) => d.name === variant);
      if (!definition) throw new Error(`${scenario.name} has no variant ${variant} (has ${definitions.map((d) => d.name).join(', ')})`);
      const result = await runVariants(ctx, [definition], { trials: 1, warmupSeconds: 0, throughputUnit: scenario.throughputUnit });
      const outcome = result.variants[0]!;
      if (outcome.status !== 'ok' || outcome.trials.length !== 1) throw new Error(`${scenario.name} ${variant}: ${outcome.reason ?? outcome.status}`);
      return outcome.trials[0]!;
    },
    close,
  };
}

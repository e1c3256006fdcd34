// Two reports of one scenario where one variant is really slower in the second: built from ONE real,
// interleaved insert-strategies run on the shared server, in which the variant also runs a second time
// with a real delay before each statement (as added network latency would). Report A keeps the plain
// variant, report B the delayed one under the plain name; the other variants are the same measurements
// in both, so they are unchanged by construction while every figure is real run output.
import type pg from 'pg';
import { resolveOptions } from '../../core/run/resolve-options.ts';
import { runScenario } from '../../core/run/run-scenario.ts';
import type { Scenario, TrialContext, VariantDefinition } from '../../core/scenario.ts';
import { buildReport } from '../../reports/build-report.ts';
import type { Report } from '../../reports/report-schema.ts';
import insertStrategies, { type InsertOptions } from '../../scenarios/insert-strategies/index.ts';
import { sharedTarget } from './shared-target.ts';

export const SLOWED_VARIANT = 'multi-row-values';
export const UNCHANGED_VARIANTS = ['unnest-arrays', 'copy'];
const DELAYED_NAME = `${SLOWED_VARIANT}-delayed`;

/** A client whose every query waits `delayMs` first. */
function delayQueries(client: pg.Client, delayMs: number): pg.Client {
  const original = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return original(...args);
  };
  return client;
}

function delayed(definition: VariantDefinition<InsertOptions>, delayMs: number): VariantDefinition<InsertOptions> {
  return {
    ...definition,
    name: DELAYED_NAME,
    run: (ctx: TrialContext<InsertOptions>) =>
      definition.run({ ...ctx, connect: async (overrides) => delayQueries(await ctx.connect(overrides), delayMs) }),
  };
}

export interface SlowedReports {
  a: Report;
  b: Report;
  delayMs: number;
}

export async function slowedComparisonReports(options: { trials: number; delayMs?: number }): Promise<SlowedReports> {
  const delayMs = options.delayMs ?? 25;
  const scenario: Scenario<InsertOptions> = {
    ...insertStrategies,
    variants: (o) => {
      const kept = insertStrategies.variants(o).filter((v) => v.name === SLOWED_VARIANT || UNCHANGED_VARIANTS.includes(v.name));
      return [...kept, delayed(kept.find((v) => v.name === SLOWED_VARIANT)!, delayMs)];
    },
  };
  // 600 rows in batches of 100: six statements per trial, so the delayed variant waits at least 6 x delay.
  const resolved = resolveOptions(scenario, { rows: '600', batchSize: '100', payloadBytes: '16', trials: String(options.trials), warmup: '0' });
  const target = await sharedTarget();
  const outcome = await runScenario({ scenario, options: resolved, signal: new AbortController().signal, target });
  if (outcome.status !== 'completed' || outcome.variants.some((v) => v.status !== 'ok')) {
    throw new Error(`the fixture run did not complete: ${outcome.reason ?? outcome.variants.map((v) => `${v.name}: ${v.reason}`).join('; ')}`);
  }
  const report = buildReport({
    outcome,
    common: resolved.common,
    scenarioOptions: { ...resolved.scenario },
    metricColumns: insertStrategies.metricColumns,
    baselineVariant: insertStrategies.baselineVariant,
  });
  const a: Report = { ...report, variants: report.variants.filter((v) => v.name !== DELAYED_NAME) };
  const b: Report = {
    ...report,
    runId: `${report.runId}-b`,
    variants: report.variants
      .filter((v) => v.name !== SLOWED_VARIANT)
      .map((v) => (v.name === DELAYED_NAME ? { ...v, name: SLOWED_VARIANT } : v)),
  };
  return { a: structuredClone(a), b: structuredClone(b), delayMs };
}

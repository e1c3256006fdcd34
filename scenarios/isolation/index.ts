// Scenario `isolation`: what each isolation level costs, and what it lets break. Every variant is a
// level x workload x approach (e.g. `serializable/transfer/read-modify-write`); each trial runs the
// workload under contention with real application-style retries, then checks the workload's invariant.
// Speed and damage are measured together, so the recommendation is the cheapest variant that broke
// nothing, not the fastest one.
import { defineScenario, type VariantDefinition } from '../../core/scenario.ts';
import { APPROACH_DESCRIPTIONS, LEVELS, LEVEL_SQL, WORKLOADS, variantName, type VariantKey } from './model.ts';
import { ISOLATION_OPTIONS, type IsolationOptions } from './options.ts';
import { recommendIsolation } from './recommend.ts';
import { closeRunConnections } from './run-connections.ts';
import { runIsolationTrial } from './run-trial.ts';
import { WORKLOAD_BY_NAME } from './workloads/index.ts';

function variantsFor(options: IsolationOptions): VariantDefinition<IsolationOptions>[] {
  // Weakest level first and workloads in their canonical order, whatever order the user listed them in.
  const levels = LEVELS.filter((l) => options.levels.includes(l));
  const workloads = WORKLOADS.filter((w) => options.workload.includes(w)).map((w) => WORKLOAD_BY_NAME[w]);
  const variants: VariantDefinition<IsolationOptions>[] = [];
  for (const workload of workloads) {
    for (const approach of workload.approaches) {
      for (const level of levels) {
        const key: VariantKey = { level, workload: workload.name, approach };
        variants.push({
          name: variantName(key),
          description: `${workload.name} at ${LEVEL_SQL[level].toUpperCase()}: ${APPROACH_DESCRIPTIONS[approach]}; invariant: ${workload.invariant}`,
          params: { ...key, keys: options.keys, skew: options.skew, concurrency: options.concurrency, maxRetries: options.maxRetries },
          run: (ctx) => runIsolationTrial(ctx, key, workload),
        });
      }
    }
  }
  return variants;
}

export default defineScenario<IsolationOptions>({
  name: 'isolation',
  description: 'What each isolation level costs (tx/s, aborts, retries) and what it lets break (lost updates, write skew)',
  throughputUnit: 'tx/s',
  options: ISOLATION_OPTIONS,
  quick: { duration: 0.1, concurrency: 4 },
  validate(options) {
    const problems: string[] = [];
    for (const name of options.workload) {
      const workload = WORKLOAD_BY_NAME[name];
      if (workload && options.keys < workload.minKeys) {
        problems.push(`--keys must be at least ${workload.minKeys} for the ${name} workload (got ${options.keys})`);
      }
    }
    return problems;
  },
  variants: variantsFor,
  async setup(ctx) {
    const admin = await ctx.connect();
    try {
      for (const name of WORKLOADS.filter((w) => ctx.options.workload.includes(w))) {
        await WORKLOAD_BY_NAME[name].create(admin, ctx, ctx.options.keys);
      }
    } finally {
      await admin.end().catch(() => undefined);
    }
  },
  teardown: (ctx) => closeRunConnections(ctx.schema),
  metricColumns: [
    { key: 'abortPct', header: 'aborts %', digits: 1 },
    { key: 'retriesPerCommit', header: 'retries/commit', digits: 3 },
    { key: 'giveUps', header: 'give-ups', digits: 0 },
  ],
  recommend: recommendIsolation,
});

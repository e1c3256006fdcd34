// Validates every option of a run at once (common and scenario-specific) and applies --quick, so the
// user sees all problems in one message rather than one per attempt.
import { UsageError } from '../errors.ts';
import { optionMeta } from '../option-schemas.ts';
import type { OptionSpec, Scenario } from '../scenario.ts';
import { COMMON_OPTIONS, COMMON_QUICK, type CommonOptions } from './common-options.ts';

export interface ResolvedOptions<O> {
  common: CommonOptions;
  scenario: O;
}

/** The flag name as a user types it, e.g. `--batch-size`. */
export function flagName(spec: OptionSpec): string {
  return spec.flag.split(/[ ,]/)[0]!;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function resolveOptions<O>(scenario: Scenario<O>, raw: Record<string, unknown>): ResolvedOptions<O> {
  const problems: string[] = [];
  const parse = (specs: OptionSpec[], quick: Record<string, unknown>, isQuick: boolean) => {
    const out: Record<string, unknown> = {};
    for (const spec of specs) {
      const given = raw[spec.key];
      // --quick only fills in what the user did not set explicitly.
      const input = given === undefined && isQuick && spec.key in quick ? quick[spec.key] : given;
      const result = spec.schema.safeParse(input);
      if (result.success) {
        if (result.data !== undefined) out[spec.key] = result.data;
      } else {
        const message = result.error.issues.map((i) => i.message).join('; ');
        // Never echo a database URL back: it may hold a password.
        const shown = optionMeta(spec.schema)?.kind === 'postgres-url' || spec.key === 'databaseUrl' ? '' : ` (got ${describeValue(input)})`;
        problems.push(`${flagName(spec)} ${message}${shown}`);
      }
    }
    return out;
  };
  const isQuick = raw.quick === true;
  const common = parse(COMMON_OPTIONS, COMMON_QUICK as Record<string, unknown>, isQuick) as unknown as CommonOptions;
  const before = problems.length;
  const specific = parse(scenario.options, scenario.quick as Record<string, unknown>, isQuick) as O;

  // Checks across options need the scenario's own options valid; a bad common option does not stop them,
  // so every problem is still reported at once.
  if (problems.length === before) {
    const drivers = scenario.drivers ?? ['pg'];
    if (common.driver && !drivers.includes(common.driver)) {
      problems.push(`--driver ${common.driver}: ${scenario.name} runs on ${drivers.join(', ')} only`);
    }
    if (common.variants) {
      const known = scenario.variants(specific, { driver: common.driver ?? 'pg' }).map((v) => v.name);
      const unknown = common.variants.filter((v) => !known.includes(v));
      if (unknown.length > 0) problems.push(`--variants: unknown variant ${unknown.join(', ')} (known: ${known.join(', ')})`);
    }
    problems.push(...(scenario.validate?.(specific) ?? []));
  }
  if (problems.length > 0) throw new UsageError(problems);
  return { common, scenario: specific };
}

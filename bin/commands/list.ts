// `bakeoff list`: every scenario with its one-line description and options.
import { COMMON_OPTIONS } from '../../core/run/common-options.ts';
import type { OptionSpec } from '../../core/scenario.ts';
import { SCENARIOS } from '../../scenarios/index.ts';

function optionLine(spec: OptionSpec): string {
  const dflt = spec.defaultValue === undefined || spec.defaultValue === false ? '' : ` (default ${String(spec.defaultValue)})`;
  return `    ${spec.flag.padEnd(24)} ${spec.description}${dflt}`;
}

export function listCommand(): string {
  const lines: string[] = ['Scenarios:', ''];
  for (const scenario of SCENARIOS) {
    lines.push(`  ${scenario.name}`, `    ${scenario.description}`);
    lines.push(`    variants: ${scenario.variants(defaultsOf(scenario.options)).map((v) => v.name).join(', ')}`);
    if (scenario.drivers && scenario.drivers.length > 1) lines.push(`    drivers: ${scenario.drivers.join(', ')} (--driver)`);
    for (const spec of scenario.options) lines.push(optionLine(spec));
    lines.push('');
  }
  lines.push('Options of every scenario:');
  for (const spec of COMMON_OPTIONS) lines.push(optionLine(spec));
  lines.push('', 'Example: npx bakeoff run insert-strategies --rows 50000 --trials 5', '');
  return lines.join('\n');
}

function defaultsOf(specs: OptionSpec[]): any {
  return Object.fromEntries(specs.map((s) => [s.key, s.defaultValue]));
}

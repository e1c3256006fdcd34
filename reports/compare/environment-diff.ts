// What differs between the environments of two runs (server version and settings, machine, tool version,
// options, run status). A comparison shows these as warnings next to its verdicts instead of hiding them:
// a "regression" measured on another machine may be the machine.
import { formatBytes, optionFlag } from '../format.ts';
import type { Report } from '../report-schema.ts';

export interface EnvironmentDifference {
  area: 'postgres' | 'setting' | 'target' | 'machine' | 'tool' | 'option' | 'status';
  what: string;
  a: string;
  b: string;
}

function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function differences(area: EnvironmentDifference['area'], a: Record<string, unknown>, b: Record<string, unknown>, asFlags = false): EnvironmentDifference[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys
    .filter((k) => show(a[k]) !== show(b[k]))
    .map((k) => ({ area, what: asFlags ? optionFlag(k) : k, a: show(a[k]), b: show(b[k]) }));
}

// Options that change where output goes or how it is shown, not what is measured.
const PRESENTATION_OPTIONS = new Set(['out', 'json', 'verbose', 'databaseUrl']);

export function environmentDifferences(a: Report, b: Report): EnvironmentDifference[] {
  const out: EnvironmentDifference[] = [];
  if (a.target.kind !== b.target.kind) out.push({ area: 'target', what: 'target kind', a: a.target.kind, b: b.target.kind });
  // An embedded server gets a new port every run; a named server should be the same one.
  else if (a.target.kind !== 'embedded' && a.target.displayName !== b.target.displayName) {
    out.push({ area: 'target', what: 'target', a: a.target.displayName, b: b.target.displayName });
  }
  if (show(a.target.serverVersion) !== show(b.target.serverVersion)) {
    out.push({ area: 'postgres', what: 'PostgreSQL version', a: show(a.target.serverVersion), b: show(b.target.serverVersion) });
  }
  out.push(...differences('setting', a.target.settings ?? {}, b.target.settings ?? {}));
  const machine = (r: Report) => ({
    cpus: String(r.machine.cpus),
    'CPU model': r.machine.cpuModel,
    memory: formatBytes(r.machine.memory),
    platform: `${r.machine.platform}/${r.machine.arch}`,
    node: r.machine.node,
    hostname: r.machine.hostname,
  });
  out.push(...differences('machine', machine(a), machine(b)));
  if (a.tool.version !== b.tool.version) out.push({ area: 'tool', what: 'pg-bakeoff version', a: a.tool.version, b: b.tool.version });
  const measured = (options: Record<string, unknown>) => Object.fromEntries(Object.entries(options).filter(([k]) => !PRESENTATION_OPTIONS.has(k)));
  out.push(...differences('option', measured(a.options.common), measured(b.options.common), true));
  out.push(...differences('option', a.options.scenario, b.options.scenario, true));
  if (a.status !== 'completed' || b.status !== 'completed') {
    out.push({ area: 'status', what: 'run status', a: a.status + (a.reason ? ` (${a.reason})` : ''), b: b.status + (b.reason ? ` (${b.reason})` : '') });
  }
  return out;
}

// Where and how a run was measured, as labelled groups of rows: the target and its PostgreSQL version,
// the server settings that move results, the machine, the run itself and every option as a flag. The
// Markdown and HTML reports draw the same groups.
import { formatBytes, optionFlag } from './format.ts';
import type { Report } from './report-schema.ts';

export interface EnvironmentGroup {
  title: string;
  rows: Array<[what: string, value: string]>;
}

function optionValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Where output went or how it was shown does not change a measurement; leave it out.
const NOT_MEASURED = new Set(['out', 'json', 'verbose']);

export function environmentGroups(report: Report): EnvironmentGroup[] {
  const m = report.machine;
  const options = [...Object.entries(report.options.scenario), ...Object.entries(report.options.common).filter(([k]) => !NOT_MEASURED.has(k))]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]): [string, string] => [optionFlag(k), optionValue(v)]);
  return [
    {
      title: 'Target',
      rows: [
        ['target', `${report.target.kind}: ${report.target.displayName}`],
        ['PostgreSQL', report.target.serverVersion ?? 'unknown'],
      ],
    },
    { title: 'Server settings', rows: Object.entries(report.target.settings ?? {}) },
    {
      title: 'Machine (load generator)',
      rows: [
        ['CPUs', `${m.cpus} x ${m.cpuModel}`],
        ['memory', formatBytes(m.memory)],
        ['platform', `${m.platform}/${m.arch}`],
        ['Node.js', m.node],
        ['hostname', m.hostname],
      ],
    },
    {
      title: 'Run',
      rows: [
        ['run id', report.runId],
        ['status', report.status + (report.reason ? ` (${report.reason})` : '')],
        ['started', report.startedAt],
        ['finished', report.finishedAt],
        ['duration', `${(report.durationMs / 1000).toFixed(1)} s`],
        ['pg-bakeoff', report.tool.version],
      ],
    },
    { title: 'Options', rows: options },
  ].filter((g) => g.rows.length > 0) as EnvironmentGroup[];
}

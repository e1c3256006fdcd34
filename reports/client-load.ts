// The load generator's own load in a report: each variant's event-loop utilization and CPU (medians over
// its trials, recorded by the engine or the scenario), and the variants where the generator rather than
// the database set the pace, with what to do about it. One model that every renderer draws.
import { CLIENT_BOUND_CPU, CLIENT_BOUND_ELU, CLIENT_LOAD_METRICS } from '../core/load/self-watch.ts';
import { formatNumber } from './format.ts';
import type { Report, ReportVariant } from './report-schema.ts';

export const CLIENT_LOAD_HEADER = 'client ELU / CPU';

export function hasClientLoad(report: Report): boolean {
  return report.variants.some((v) => v.summary.metrics[CLIENT_LOAD_METRICS.elu] !== undefined);
}

/** Client-bound in most of its trials (the metric is 1/0 per trial; the summary holds the median). */
export function isClientBoundVariant(variant: ReportVariant): boolean {
  return variant.trials.length > 0 && (variant.summary.metrics[CLIENT_LOAD_METRICS.bound] ?? 0) >= 0.5;
}

/** e.g. `0.42 / 0.38` or `0.97 / 1.02 client-bound`. */
export function clientLoadCell(variant: ReportVariant): string {
  const m = variant.summary.metrics;
  const elu = m[CLIENT_LOAD_METRICS.elu];
  const cpu = m[CLIENT_LOAD_METRICS.cpu];
  if (elu === undefined || cpu === undefined) return '-';
  return `${formatNumber(elu, 2)} / ${formatNumber(cpu, 2)}${isClientBoundVariant(variant) ? ' client-bound' : ''}`;
}

/** The advice: more load-generating processes where the scenario has them, or a load generator elsewhere. */
export function clientBoundAdvice(report: Report): string {
  const workers = 'workers' in report.options.scenario ? 'add worker processes (--workers) or ' : '';
  return `${workers}run the load from AWS (--target aws), so the client has cores of its own`;
}

/** The headline sentence naming the client-bound variants, or undefined when there are none. */
export function clientBoundLine(report: Report): string | undefined {
  const bound = report.variants.filter((v) => v.status === 'ok' && isClientBoundVariant(v)).map((v) => v.name);
  if (bound.length === 0) return undefined;
  return (
    `Client-bound: ${bound.join(', ')}: the load generator itself was the limit in most trials (event-loop utilization >= ${CLIENT_BOUND_ELU} ` +
    `or CPU >= ${CLIENT_BOUND_CPU} of a core), so ${bound.length === 1 ? 'its figures show' : 'their figures show'} pg-bakeoff's limit, not the database's; ` +
    `${clientBoundAdvice(report)}`
  );
}

// The "Cost (estimate)" section of a report from a run on AWS: what the run used (Lambda GB-seconds,
// Aurora ACU-hours, Data API requests) and the estimate in US dollars at the recorded list prices.
import { formatNumber } from './format.ts';
import type { Report } from './report-schema.ts';
import type { ReportSection } from './sections.ts';

const usd = (value: number) => `$${value < 0.01 ? value.toFixed(5) : value.toFixed(2)}`;
const range = (low: number, high: number, format: (v: number) => string) => (Math.abs(high - low) < 1e-12 ? format(low) : `${format(low)}–${format(high)}`);

export function costSection(report: Report): ReportSection[] {
  const cost = report.cost;
  if (!cost) return [];
  const rows: string[][] = [];
  if (cost.lambda) rows.push(['Lambda', `${formatNumber(cost.lambda.gbSeconds, 1)} GB-s, ${formatNumber(cost.lambda.invocations)} invocations`, usd(cost.lambda.usd)]);
  if (cost.aurora) {
    rows.push(['Aurora Serverless v2', `${range(cost.aurora.acuHours.low, cost.aurora.acuHours.high, (v) => formatNumber(v, 3))} ACU-hours`, range(cost.aurora.usd.low, cost.aurora.usd.high, usd)]);
  }
  if (cost.dataApi) rows.push(['RDS Data API', `${formatNumber(cost.dataApi.requests)} requests`, usd(cost.dataApi.usd)]);
  rows.push(['total', '', range(cost.totalUsd.low, cost.totalUsd.high, usd)]);
  return [
    {
      id: 'cost',
      title: 'Cost (estimate)',
      paragraphs: cost.notes,
      table: { headers: ['service', 'used', 'estimate'], rows },
      terminal: true,
    },
  ];
}

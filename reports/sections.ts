// Report sections beyond the main results table: each scenario can add its own (an anomaly matrix, query
// plans, a pool-size curve) by registering a builder in reports/scenario-sections/index.ts. Every
// renderer draws the same sections: tables and text in Markdown and HTML, charts in HTML, and the
// sections marked `terminal` after the results table in the terminal.
import { chartsFor, type ChartSpec } from './charts.ts';
import { costSection } from './cost-section.ts';
import type { Report } from './report-schema.ts';
import type { TextTable } from './results-table.ts';
import { scenarioSections } from './scenario-sections/index.ts';

export interface ReportSection {
  id: string;
  title: string;
  paragraphs?: string[];
  table?: TextTable;
  chart?: ChartSpec;
  /** More charts for the same section (drawn after `chart`). */
  charts?: ChartSpec[];
  /** Also print this section's table in the terminal after a run. */
  terminal?: boolean;
}

/** A section's charts in drawing order. */
export function sectionCharts(section: ReportSection): ChartSpec[] {
  return [...(section.chart ? [section.chart] : []), ...(section.charts ?? [])];
}

export function reportSections(report: Report): ReportSection[] {
  const common: ReportSection[] = chartsFor(report).map((chart) => ({ id: chart.id, title: chart.title, chart }));
  const specific = scenarioSections(report);
  return [...specific, ...common, ...costSection(report)];
}

// Scenario-specific report sections, by scenario name. A scenario with nothing beyond the results
// table, the common charts and the claims needs no entry.
import type { Report } from '../report-schema.ts';
import type { ReportSection } from '../sections.ts';
import { indexChoicesSections } from './index-choices.ts';
import { isolationSections } from './isolation.ts';
import { poolSizeSections } from './pool-size.ts';

// A Map, not an object: the scenario name comes from a report file, and "constructor" or "__proto__"
// must find nothing rather than something of Object.prototype.
const SCENARIO_SECTIONS = new Map<string, (report: Report) => ReportSection[]>([
  ['isolation', isolationSections],
  ['index-choices', indexChoicesSections],
  ['pool-size', poolSizeSections],
]);

export function scenarioSections(report: Report): ReportSection[] {
  return SCENARIO_SECTIONS.get(report.scenario)?.(report) ?? [];
}

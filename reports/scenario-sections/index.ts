// Scenario-specific report sections, by scenario name. A scenario with nothing beyond the results
// table, the common charts and the claims needs no entry.
import type { Report } from '../report-schema.ts';
import type { ReportSection } from '../sections.ts';
import { indexChoicesSections } from './index-choices.ts';
import { isolationSections } from './isolation.ts';
import { poolSizeSections } from './pool-size.ts';

export const SCENARIO_SECTIONS: Record<string, (report: Report) => ReportSection[]> = {
  isolation: isolationSections,
  'index-choices': indexChoicesSections,
  'pool-size': poolSizeSections,
};

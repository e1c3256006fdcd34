// The registry of scenarios: `bakeoff list` and `bakeoff run <name>` look names up here.
import type { Scenario } from '../core/scenario.ts';
import indexChoices from './index-choices/index.ts';
import insertStrategies from './insert-strategies/index.ts';
import isolation from './isolation/index.ts';
import poolSize from './pool-size/index.ts';

// Each scenario is typed by its own options; the registry only needs the common shape.
export const SCENARIOS: readonly Scenario<any>[] = [insertStrategies, isolation, indexChoices, poolSize];

export function findScenario(name: string): Scenario<any> | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

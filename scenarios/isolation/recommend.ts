// The isolation recommendation: per workload, the cheapest (most committed tx/s) level-and-approach that
// broke no invariant in any trial, and what the same approach costs at the next stronger level. Speed
// alone would pick READ COMMITTED read-modify-write, which is exactly the variant that loses updates.
import type { Recommendation, VariantOutcome } from '../../core/scenario.ts';
import { LEVELS, WORKLOADS, variantName, type WorkloadName } from './model.ts';
import type { IsolationOptions } from './options.ts';
import { allFigures, type VariantFigures } from './variant-figures.ts';

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const txs = (value: number) => `${Math.round(value).toLocaleString('en-US')} tx/s`;

export interface WorkloadPick {
  workload: WorkloadName;
  pick?: VariantFigures;
  /** The same workload and approach at the next stronger level that ran, if any. */
  stronger?: VariantFigures;
  /** Variants of the workload that broke its invariant, with how often. */
  broken: VariantFigures[];
  /** Clean variants whose throughput is within the pick's trial spread (the pick won on wasted work). */
  tied: VariantFigures[];
}

const overlaps = (a: VariantFigures, b: VariantFigures) => a.throughputMin <= b.throughputMax && b.throughputMin <= a.throughputMax;

/**
 * The fastest of `clean` (sorted fastest first); but when others are within its trial-to-trial spread the
 * throughput difference is noise, and the one that wastes the least work (fewest aborted attempts, then
 * the weaker level) is the cheaper choice.
 */
function cheapest(clean: readonly VariantFigures[]): { pick?: VariantFigures; tied: VariantFigures[] } {
  const fastest = clean[0];
  if (!fastest) return { tied: [] };
  const tied = clean
    .filter((f) => overlaps(f, fastest))
    .sort((a, b) => a.abortPct - b.abortPct || LEVELS.indexOf(a.key.level) - LEVELS.indexOf(b.key.level) || b.throughput - a.throughput);
  const pick = tied[0]!;
  return { pick, tied: tied.filter((f) => f !== pick && f.throughput > pick.throughput) };
}

export function pickPerWorkload(figures: readonly VariantFigures[]): WorkloadPick[] {
  const picks: WorkloadPick[] = [];
  for (const workload of WORKLOADS) {
    const mine = figures.filter((f) => f.key.workload === workload);
    if (mine.length === 0) continue;
    const clean = mine.filter((f) => f.ok && f.trials > 0 && f.violations === 0).sort((a, b) => b.throughput - a.throughput);
    const { pick, tied } = cheapest(clean);
    const broken = mine.filter((f) => f.violations > 0);
    if (!pick) {
      picks.push({ workload, broken, tied });
      continue;
    }
    const stronger = LEVELS.slice(LEVELS.indexOf(pick.key.level) + 1)
      .map((level) => mine.find((f) => f.ok && f.trials > 0 && f.name === variantName({ ...pick.key, level })))
      .find((f) => f !== undefined);
    picks.push({ workload, pick, broken, tied, ...(stronger ? { stronger } : {}) });
  }
  return picks;
}

function figureEvidence(f: VariantFigures): Record<string, unknown> {
  return {
    variant: f.name,
    txPerSecond: Math.round(f.throughput),
    abortPct: round(f.abortPct, 2),
    retriesPerCommit: round(f.retriesPerCommit, 3),
    giveUps: f.giveUps,
    violations: f.violations,
    p50Ms: f.p50,
    p99Ms: f.p99,
    commits: f.commits,
  };
}

function strongerSentence(pick: VariantFigures, stronger: VariantFigures | undefined): string {
  if (!stronger) return pick.key.level === 'serializable' ? 'already the strongest level' : 'no stronger level was run';
  const change = pick.throughput > 0 ? ((stronger.throughput - pick.throughput) / pick.throughput) * 100 : 0;
  return (
    `${stronger.key.level} would run at ${txs(stronger.throughput)} (${change >= 0 ? '+' : ''}${change.toFixed(0)}%), ` +
    `${stronger.abortPct.toFixed(1)}% aborts, ${stronger.retriesPerCommit.toFixed(2)} retries/commit`
  );
}

export function recommendIsolation(outcomes: VariantOutcome[], _options?: IsolationOptions): Recommendation | undefined {
  const picks = pickPerWorkload(allFigures(outcomes));
  const chosen = picks.filter((p) => p.pick);
  if (chosen.length === 0) return undefined;
  const evidence: Record<string, unknown> = {
    rule:
      'per workload: among variants with zero invariant violations in every trial, the most committed tx/s; ' +
      'variants whose trial ranges overlap the fastest count as tied, and the tie goes to the fewest aborted attempts, then the weaker level',
  };
  const parts: string[] = [];
  for (const p of picks) {
    const brokenEvidence = p.broken.map((b) => ({ variant: b.name, violations: b.violations, ...(b.lostUpdates !== undefined ? { lostUpdates: b.lostUpdates } : {}) }));
    if (!p.pick) {
      evidence[p.workload] = { pick: null, why: 'every variant of this workload broke its invariant or failed', broken: brokenEvidence };
      parts.push(`${p.workload}: no variant kept the invariant`);
      continue;
    }
    evidence[p.workload] = {
      pick: figureEvidence(p.pick),
      nextStrongerLevel: p.stronger ? figureEvidence(p.stronger) : null,
      fasterButWithinTrialSpread: p.tied.map(figureEvidence),
      broken: brokenEvidence,
    };
    const giveUps = p.pick.giveUps > 0 ? `, ${p.pick.giveUps} give-ups` : '';
    const tie =
      p.tied.length > 0
        ? `, a tie within the trial spread with ${p.tied.map((t) => `${t.key.level}/${t.key.approach} (${txs(t.throughput)}, ${t.abortPct.toFixed(1)}% aborts)`).join(' and ')}`
        : '';
    parts.push(`${p.workload}: ${p.pick.key.level} with ${p.pick.key.approach} (${txs(p.pick.throughput)}, no violations${giveUps}${tie}; ${strongerSentence(p.pick, p.stronger)})`);
  }
  return { variant: chosen[0]!.pick!.name, reason: parts.join('; '), evidence };
}

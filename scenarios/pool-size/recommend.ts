// The pool-size recommendation: the smallest pool within 5% of the best throughput whose p99 stays within
// a bound (--p99-max-ms, default 2x the best pool's p99), with the evidence, and what two rules of thumb
// ("cores * 2 + 1" and "15") would have given. Open-loop runs are judged per arrival rate; the
// recommendation comes from the highest rate, where the pool size matters most.
import type { Recommendation, VariantOutcome } from '../../core/scenario.ts';
import type { PoolVariantParams } from './measurement.ts';
import type { PoolSizeOptions } from './options.ts';

export const WITHIN_BEST = 0.95;

export interface RuleOfThumb {
  rule: string;
  size: number;
}

export function rulesOfThumb(cores: number): RuleOfThumb[] {
  return [
    { rule: 'cores * 2 + 1', size: cores * 2 + 1 },
    { rule: '15', size: 15 },
  ];
}

interface Candidate {
  variant: string;
  poolSize: number;
  throughput: number;
  pctOfBest: number;
  p99Ms: number;
  clientBound: boolean;
  eligible: boolean;
}

export interface GroupVerdict {
  rate: number | null;
  best: Candidate;
  p99BoundMs: number;
  p99BoundSource: string;
  candidates: Candidate[];
  pick: Candidate;
  pickMeetsBound: boolean;
  rules: Array<RuleOfThumb & { measuredAs: string; exact: boolean; throughput: number; pctOfBest: number; p99Ms: number; meetsRule: boolean }>;
  baseline?: { variant: string; throughput: number; p50Ms: number; p99Ms: number };
}

const params = (o: VariantOutcome) => o.params as unknown as PoolVariantParams;

/** The measured pool nearest to `size` on a log scale (pool sizes are usually powers of two). */
function nearest(candidates: Candidate[], size: number): Candidate {
  return candidates.reduce((a, b) => (Math.abs(Math.log(b.poolSize / size)) < Math.abs(Math.log(a.poolSize / size)) ? b : a));
}

export function judgeGroups(outcomes: VariantOutcome[], options: PoolSizeOptions, cores: number): GroupVerdict[] {
  const rates = [...new Set(outcomes.map((o) => params(o).rate ?? null))];
  const verdicts: GroupVerdict[] = [];
  for (const rate of rates) {
    const group = outcomes.filter((o) => (params(o).rate ?? null) === rate);
    const pools = group.filter((o) => o.status === 'ok' && params(o).poolSize !== null && o.summary.throughput > 0);
    if (pools.length === 0) continue;
    const bestOutcome = pools.reduce((a, b) => (b.summary.throughput > a.summary.throughput ? b : a));
    const bestThroughput = bestOutcome.summary.throughput;
    const p99BoundMs = options.p99MaxMs ?? 2 * bestOutcome.summary.latencyMs.p99;
    const candidates: Candidate[] = pools
      .map((o) => {
        const pctOfBest = (100 * o.summary.throughput) / bestThroughput;
        return {
          variant: o.name,
          poolSize: params(o).poolSize!,
          throughput: o.summary.throughput,
          pctOfBest,
          p99Ms: o.summary.latencyMs.p99,
          clientBound: (o.summary.metrics.clientBound ?? 0) >= 0.5,
          eligible: o.summary.throughput >= WITHIN_BEST * bestThroughput && o.summary.latencyMs.p99 <= p99BoundMs,
        };
      })
      .sort((a, b) => a.poolSize - b.poolSize);
    const best = candidates.find((c) => c.variant === bestOutcome.name)!;
    const eligible = candidates.find((c) => c.eligible);
    // With an explicit bound nothing may meet it: then say so, and fall back to throughput alone.
    const pick = eligible ?? candidates.find((c) => c.throughput >= WITHIN_BEST * bestThroughput) ?? best;
    const rules = rulesOfThumb(cores).map((r) => {
      const c = nearest(candidates, r.size);
      return { ...r, measuredAs: c.variant, exact: c.poolSize === r.size, throughput: c.throughput, pctOfBest: c.pctOfBest, p99Ms: c.p99Ms, meetsRule: c.eligible };
    });
    const baselineOutcome = group.find((o) => o.status === 'ok' && params(o).poolSize === null);
    verdicts.push({
      rate,
      best,
      p99BoundMs,
      p99BoundSource: options.p99MaxMs !== undefined ? '--p99-max-ms' : "2x the best pool's p99",
      candidates,
      pick,
      pickMeetsBound: pick.eligible,
      rules,
      ...(baselineOutcome
        ? {
            baseline: {
              variant: baselineOutcome.name,
              throughput: baselineOutcome.summary.throughput,
              p50Ms: baselineOutcome.summary.latencyMs.p50,
              p99Ms: baselineOutcome.summary.latencyMs.p99,
            },
          }
        : {}),
    });
  }
  return verdicts;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

export function recommendPoolSize(outcomes: VariantOutcome[], options: PoolSizeOptions, cores: number): Recommendation | undefined {
  const verdicts = judgeGroups(outcomes, options, cores);
  if (verdicts.length === 0) return undefined;
  // The most demanding arrival rate decides (closed loop has a single group).
  const main = verdicts.reduce((a, b) => ((b.rate ?? Infinity) > (a.rate ?? Infinity) ? b : a));
  const { pick, best } = main;
  const at = main.rate === null ? '' : ` at ${n0(main.rate)} arrivals/s`;
  let reason = main.pickMeetsBound
    ? `the smallest pool within 5% of the best throughput${at} (${best.variant}: ${n0(best.throughput)} ops/s) with p99 <= ${ms(main.p99BoundMs)} (${main.p99BoundSource}): ` +
      `${n0(pick.throughput)} ops/s (${pick.pctOfBest.toFixed(0)}% of best), p99 ${ms(pick.p99Ms)}`
    : `no pool${at} kept p99 <= ${ms(main.p99BoundMs)} (${main.p99BoundSource}) within 5% of the best throughput; ` +
      `${pick.variant} is the smallest within 5% of the best (${n0(pick.throughput)} ops/s, p99 ${ms(pick.p99Ms)})`;
  reason += '. Rules of thumb: ' + main.rules
    .map((r) => `"${r.rule}" = ${r.size} ${r.exact ? 'gave' : `(nearest measured: ${r.measuredAs}) gave`} ${n0(r.throughput)} ops/s (${r.pctOfBest.toFixed(0)}%), p99 ${ms(r.p99Ms)}`)
    .join('; ');
  const clientBound = main.candidates.filter((c) => c.clientBound).map((c) => c.variant);
  if (clientBound.length > 0) reason += `. Caution: the load generator was the limit for ${clientBound.join(', ')} (try --workers)`;
  return {
    variant: pick.variant,
    reason,
    evidence: {
      rule: 'smallest pool within 5% of the best throughput whose p99 <= the bound',
      cores,
      ...(verdicts.length === 1 ? verdictEvidence(main) : { decidingRate: main.rate, byRate: verdicts.map(verdictEvidence) }),
    },
  };
}

function verdictEvidence(v: GroupVerdict): Record<string, unknown> {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    ...(v.rate !== null ? { rate: v.rate } : {}),
    best: { variant: v.best.variant, throughput: round(v.best.throughput), p99Ms: v.best.p99Ms },
    p99BoundMs: round(v.p99BoundMs),
    p99BoundSource: v.p99BoundSource,
    recommended: v.pick.variant,
    meetsBound: v.pickMeetsBound,
    candidates: v.candidates.map((c) => ({ ...c, throughput: round(c.throughput), pctOfBest: round(c.pctOfBest) })),
    rulesOfThumb: v.rules.map((r) => ({ ...r, throughput: round(r.throughput), pctOfBest: round(r.pctOfBest) })),
    ...(v.baseline ? { connectionPerOperation: v.baseline } : {}),
  };
}

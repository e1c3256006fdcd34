// What the literature claims about pool sizing, next to what this run measured.
import type { Claim, VariantOutcome } from '../../core/scenario.ts';
import type { PoolSizeOptions } from './options.ts';
import { judgeGroups } from './recommend.ts';

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

export function poolSizeClaims(outcomes: VariantOutcome[], options: PoolSizeOptions, cores: number): Claim[] {
  const verdicts = judgeGroups(outcomes, options, cores);
  const main = verdicts.find((v) => v.rate === null) ?? verdicts.at(-1);
  if (!main) return [];
  const claims: Claim[] = [];
  const at = main.rate === null ? '' : ` at ${n0(main.rate)} arrivals/s`;

  const claim = 'pooling is 10-100x faster than creating a connection per operation';
  if (main.baseline && main.baseline.throughput > 0) {
    const ratio = main.best.throughput / main.baseline.throughput;
    claims.push({
      source: 'common connection-pooling guidance',
      claim,
      measured:
        `${ratio.toFixed(1)}x the throughput${at}: ${main.best.variant} ${n0(main.best.throughput)} ops/s vs ${main.baseline.variant} ` +
        `${n0(main.baseline.throughput)} ops/s (p99 ${main.best.p99Ms.toFixed(2)} ms vs ${main.baseline.p99Ms.toFixed(2)} ms)`,
      verdict: ratio >= 10 && ratio <= 100 ? 'supported' : 'contradicted',
    });
  } else {
    claims.push({ source: 'common connection-pooling guidance', claim, measured: 'the connection-per-operation baseline did not complete', verdict: 'not-comparable' });
  }

  const sources: Record<string, string> = {
    'cores * 2 + 1': 'HikariCP "About Pool Sizing": connections = (core_count * 2) + effective_spindle_count',
    '15': 'common advice: "pool_size = 15, based on load testing"',
  };
  for (const rule of main.rules) {
    const what = rule.rule === String(rule.size) ? `${rule.size} connections` : `${rule.rule} = ${rule.size} connections (${cores} cores on this machine, 1 spindle)`;
    const gave = `${n0(rule.throughput)} ops/s (${rule.pctOfBest.toFixed(0)}% of the best, ${main.best.variant}), p99 ${rule.p99Ms.toFixed(2)} ms; recommended here: ${main.pick.variant}`;
    claims.push({
      source: sources[rule.rule] ?? rule.rule,
      claim: `a pool of ${what} is a good size`,
      measured: rule.exact ? `${rule.measuredAs}${at}: ${gave}` : `${rule.size} was not measured (add it to --pool); nearest, ${rule.measuredAs}${at}: ${gave}`,
      verdict: rule.exact ? (rule.meetsRule ? 'supported' : 'contradicted') : 'not-comparable',
    });
  }
  return claims;
}

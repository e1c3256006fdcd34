// The pool-size recommendation rule and its options, as pure functions: the smallest pool within 5% of
// the best throughput whose p99 stays within the bound; what the rules of thumb would have given; the
// pooling claim; and option validation that reports every problem at once.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import type { VariantOutcome } from '../core/scenario.ts';
import { poolSizeClaims } from '../scenarios/pool-size/claims.ts';
import poolSize from '../scenarios/pool-size/index.ts';
import { defaultPoolSizes, type PoolSizeOptions } from '../scenarios/pool-size/options.ts';
import { recommendPoolSize } from '../scenarios/pool-size/recommend.ts';

function outcome(pool: number | null, throughput: number, p99: number, rate: number | null = null): VariantOutcome {
  return {
    name: `${pool === null ? 'connection-per-operation' : `pool-${pool}`}${rate === null ? '' : `-at-${rate}`}`,
    status: 'ok',
    params: { poolSize: pool, rate, mode: rate === null ? 'closed' : 'open', concurrency: 64, http: false, workers: 1 },
    summary: { throughput, elapsedMs: 1000, latencyMs: { p50: p99 / 3, p95: p99 / 1.5, p99, max: p99 * 2 }, metrics: { clientBound: 0 } },
  };
}

function options(extra: Partial<PoolSizeOptions> = {}): PoolSizeOptions {
  return { ...(resolveOptions(poolSize, {}).scenario as PoolSizeOptions), ...extra };
}

describe('recommendPoolSize', () => {
  const measured = [outcome(2, 4000, 30), outcome(4, 7600, 12), outcome(5, 7700, 11), outcome(8, 7900, 14), outcome(15, 8000, 22), outcome(16, 7950, 25), outcome(32, 7000, 60), outcome(null, 400, 300)];

  it('picks the smallest pool within 5% of the best whose p99 is within 2x the best p99', () => {
    const rec = recommendPoolSize(measured, options(), 2)!;
    // Best is pool-15 (8000, p99 22 ms): the bound is 44 ms; pool-4 has 95% of it with p99 12 ms.
    expect(rec.variant).toBe('pool-4');
    const evidence = rec.evidence as { best: { variant: string }; p99BoundMs: number; rulesOfThumb: Array<{ rule: string; size: number; measuredAs: string; exact: boolean }> };
    expect(evidence.best.variant).toBe('pool-15');
    expect(evidence.p99BoundMs).toBe(44);
    expect(evidence.rulesOfThumb).toEqual([
      expect.objectContaining({ rule: 'cores * 2 + 1', size: 5, measuredAs: 'pool-5', exact: true }),
      expect.objectContaining({ rule: '15', size: 15, measuredAs: 'pool-15', exact: true }),
    ]);
    expect(rec.reason).toContain('"cores * 2 + 1" = 5 gave 7,700 ops/s (96%)');
  });

  it('honours --p99-max-ms and says so when no pool meets it', () => {
    expect(recommendPoolSize(measured, options({ p99MaxMs: 11.5 }), 2)!.variant).toBe('pool-5');
    const none = recommendPoolSize(measured, options({ p99MaxMs: 5 }), 2)!;
    expect(none.variant).toBe('pool-4');
    expect(none.reason).toMatch(/^no pool kept p99 <= 5\.00 ms/);
  });

  it('names the nearest measured size when a rule of thumb was not measured', () => {
    const rec = recommendPoolSize([outcome(4, 100, 10), outcome(16, 100, 10)], options(), 2)!;
    expect(rec.reason).toContain('"cores * 2 + 1" = 5 (nearest measured: pool-4)');
    expect(rec.reason).toContain('"15" = 15 (nearest measured: pool-16)');
    const claims = poolSizeClaims([outcome(4, 100, 10), outcome(16, 100, 10)], options(), 2);
    expect(claims.filter((c) => c.claim.startsWith('a pool of')).map((c) => c.verdict)).toEqual(['not-comparable', 'not-comparable']);
  });

  it('decides open-loop runs at the highest arrival rate', () => {
    const rec = recommendPoolSize([outcome(2, 1000, 5, 1000), outcome(8, 1000, 4, 1000), outcome(2, 1500, 90, 2000), outcome(8, 2000, 9, 2000)], options(), 2)!;
    expect(rec.variant).toBe('pool-8-at-2000');
    expect((rec.evidence as { decidingRate: number }).decidingRate).toBe(2000);
  });

  it('judges the pooling claim by the best pool against a connection per operation', () => {
    const claims = poolSizeClaims(measured, options(), 2);
    const pooling = claims.find((c) => c.claim.startsWith('pooling'))!;
    expect(pooling.verdict).toBe('supported');
    expect(pooling.measured).toMatch(/^20\.0x the throughput/);
    const fast = poolSizeClaims([outcome(8, 1000, 5), outcome(null, 500, 10)], options(), 2);
    expect(fast.find((c) => c.claim.startsWith('pooling'))!.verdict).toBe('contradicted');
    // Every rule-of-thumb claim that was measured exactly gets a verdict.
    expect(claims.filter((c) => c.claim.startsWith('a pool of')).map((c) => c.verdict)).toEqual(['supported', 'supported']);
  });
});

describe('pool-size options', () => {
  it('measures the rules of thumb by default', () => {
    expect(defaultPoolSizes(2)).toEqual([2, 4, 5, 8, 15, 16, 32]);
    expect(defaultPoolSizes(8)).toEqual([2, 4, 8, 15, 16, 17, 32]);
  });

  it('parses the mix and reports every bad option at once', () => {
    const ok = resolveOptions(poolSize, { mix: 'select=1, insert=3' }).scenario as PoolSizeOptions;
    expect(ok.mix).toEqual({ select: 1, update: 0, insert: 3 });
    try {
      resolveOptions(poolSize, { mix: 'select=1,delete=2,update=x', arrival: 'bursty', pool: '4,4,1', workers: '2', http: true, rate: '100' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      const problems = (err as UsageError).problems.join('\n');
      expect(problems).toContain('--mix has an unknown name "delete"');
      expect(problems).toContain('needs a number >= 0 for update');
      expect(problems).toContain('--arrival must be one of even, poisson');
    }
    try {
      resolveOptions(poolSize, { pool: '4,4,1', workers: '2', http: true, rate: '100' });
      expect.unreachable();
    } catch (err) {
      const problems = (err as UsageError).problems;
      expect(problems).toEqual([
        '--pool lists 4 more than once',
        '--pool 1 is smaller than --workers 2: each worker needs at least one connection (use fewer workers or larger pools)',
        '--http runs a closed loop (autocannon keeps --concurrency connections busy); drop --rate or --http',
        '--http makes its load from one process; drop --workers or --http',
      ]);
    }
  });
});

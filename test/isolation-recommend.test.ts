// The isolation recommendation and anomaly cells as pure functions: the fastest variant that broke its
// invariant is never recommended, anomalies count when any trial saw one (not by median), a throughput
// difference inside the trial spread is a tie that goes to the variant wasting the least work, and the
// next stronger level's cost is stated. Also: options are validated all at once.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import type { VariantOutcome } from '../core/scenario.ts';
import { anomalyCell } from '../reports/scenario-sections/isolation.ts';
import isolation from '../scenarios/isolation/index.ts';
import { variantKeyOf, type LevelName } from '../scenarios/isolation/model.ts';
import { recommendIsolation } from '../scenarios/isolation/recommend.ts';
import { variantFigures } from '../scenarios/isolation/variant-figures.ts';

/** An outcome shaped like the engine's, with per-trial throughput and metrics. */
function outcome(name: string, trials: Array<{ tps: number; violations?: number; lostUpdates?: number; aborts?: number }>): VariantOutcome {
  const [level, workload, approach] = name.split('/') as [LevelName, string, string];
  const sorted = trials.map((t) => t.tps).sort((a, b) => a - b);
  return {
    name,
    status: 'ok',
    params: { level, workload, approach },
    summary: { throughput: sorted[Math.floor(sorted.length / 2)]!, elapsedMs: 1000, latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 }, metrics: {} },
    trials: trials.map((t) => ({
      throughput: t.tps,
      metrics: { commits: t.tps, attempts: t.tps + (t.aborts ?? 0), aborts: t.aborts ?? 0, retries: t.aborts ?? 0, giveUps: 0, violations: t.violations ?? 0, lostUpdates: t.lostUpdates ?? 0 },
    })),
  };
}

describe('recommendIsolation', () => {
  it('picks the fastest variant without violations, never the faster one that lost updates, and prices the next level', () => {
    const rec = recommendIsolation([
      outcome('read-committed/counter/read-modify-write', [{ tps: 900, violations: 3, lostUpdates: 40 }, { tps: 950, violations: 2, lostUpdates: 12 }]),
      outcome('read-committed/counter/atomic', [{ tps: 800 }, { tps: 820 }]),
      outcome('repeatable-read/counter/atomic', [{ tps: 600, aborts: 120 }, { tps: 640, aborts: 100 }]),
      outcome('repeatable-read/counter/read-modify-write', [{ tps: 500, aborts: 150 }, { tps: 520, aborts: 140 }]),
    ])!;
    expect(rec.variant).toBe('read-committed/counter/atomic');
    const counter = rec.evidence.counter as { pick: { variant: string }; nextStrongerLevel: { variant: string; txPerSecond: number }; broken: Array<{ variant: string; lostUpdates: number }> };
    expect(counter.pick.variant).toBe('read-committed/counter/atomic');
    expect(counter.nextStrongerLevel).toMatchObject({ variant: 'repeatable-read/counter/atomic', txPerSecond: 640 });
    expect(counter.broken).toEqual([{ variant: 'read-committed/counter/read-modify-write', violations: 5, lostUpdates: 52 }]);
    expect(rec.reason).toMatch(/^counter: read-committed with atomic \(820 tx\/s, no violations; repeatable-read would run at 640 tx\/s \(-22%\)/);
  });

  it('counts a violation seen in one trial of three, even though the median trial saw none', () => {
    const rec = recommendIsolation([
      outcome('read-committed/transfer/read-modify-write', [{ tps: 1000 }, { tps: 1010, violations: 1, lostUpdates: 1 }, { tps: 990 }]),
      outcome('serializable/transfer/read-modify-write', [{ tps: 500, aborts: 50 }, { tps: 510, aborts: 40 }, { tps: 505, aborts: 45 }]),
    ])!;
    expect(rec.variant).toBe('serializable/transfer/read-modify-write');
  });

  it('treats overlapping trial ranges as a tie and gives it to the variant with fewer aborted attempts', () => {
    const rec = recommendIsolation([
      outcome('repeatable-read/write-skew/for-update', [{ tps: 700, aborts: 60 }, { tps: 760, aborts: 70 }]),
      outcome('read-committed/write-skew/for-update', [{ tps: 690 }, { tps: 740 }]),
      outcome('serializable/write-skew/read-modify-write', [{ tps: 400, aborts: 30 }, { tps: 420, aborts: 20 }]),
    ])!;
    expect(rec.variant).toBe('read-committed/write-skew/for-update');
    expect(rec.reason).toContain('a tie within the trial spread with repeatable-read/for-update (760 tx/s, 8.2% aborts)');
    expect(rec.evidence['write-skew']).toMatchObject({ fasterButWithinTrialSpread: [{ variant: 'repeatable-read/write-skew/for-update' }] });
  });

  it('says so when every variant of a workload broke the invariant', () => {
    const rec = recommendIsolation([
      outcome('read-committed/write-skew/read-modify-write', [{ tps: 900, violations: 4 }]),
      outcome('read-committed/counter/atomic', [{ tps: 800 }]),
    ])!;
    expect(rec.variant).toBe('read-committed/counter/atomic');
    expect(rec.evidence['write-skew']).toMatchObject({ pick: null });
    expect(rec.reason).toContain('write-skew: no variant kept the invariant');
  });
});

describe('anomalyCell', () => {
  it('states the damage in the workload\'s words, and "none" when nothing broke', () => {
    const figures = (name: string, t: Parameters<typeof outcome>[1], extra: Record<string, number> = {}) => {
      const o = outcome(name, t);
      for (const trial of o.trials!) Object.assign(trial.metrics, extra);
      return variantFigures(o)!;
    };
    expect(anomalyCell(figures('read-committed/transfer/read-modify-write', [{ tps: 1, violations: 10, lostUpdates: 62 }]))).toBe('62 lost updates');
    expect(anomalyCell(figures('read-committed/counter/read-modify-write', [{ tps: 1, violations: 3, lostUpdates: 1234 }]))).toBe('1,234 lost increments');
    expect(anomalyCell(figures('repeatable-read/write-skew/read-modify-write', [{ tps: 1, violations: 3 }], { shifts: 57 }))).toBe('3 of 57 shifts left with nobody on call');
    expect(anomalyCell(figures('serializable/transfer/atomic', [{ tps: 1 }]))).toBe('none');
    expect(anomalyCell(undefined)).toBe('-');
  });

  it('reads level, workload and approach back from params, and ignores variants of other shapes', () => {
    expect(variantKeyOf({ level: 'serializable', workload: 'counter', approach: 'atomic', keys: 10 })).toEqual({ level: 'serializable', workload: 'counter', approach: 'atomic' });
    expect(variantKeyOf({ level: 'snapshot', workload: 'counter', approach: 'atomic' })).toBeUndefined();
  });
});

describe('isolation options', () => {
  it('reports every invalid option at once', () => {
    const error = (() => {
      try {
        resolveOptions(isolation, { levels: 'serializable,snapshot', workload: 'transfer,queue', concurrency: '0', maxRetries: '-1' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    const problems = (error as UsageError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^--levels unknown "snapshot" \(choose from read-committed, repeatable-read, serializable\)/);
    expect(problems[1]).toMatch(/^--workload unknown "queue"/);
    expect(problems[2]).toMatch(/^--concurrency must be at least 1/);
    expect(problems[3]).toMatch(/^--max-retries must be at least 0/);
  });

  it('needs two accounts for transfers', () => {
    expect(() => resolveOptions(isolation, { keys: '1', workload: 'transfer' })).toThrow(/--keys must be at least 2 for the transfer workload/);
    expect(resolveOptions(isolation, { keys: '1', workload: 'counter,write-skew' }).scenario.keys).toBe(1);
  });

  it('names variants level/workload/approach and --quick keeps every variant', () => {
    const quick = resolveOptions(isolation, { quick: true });
    expect(quick.scenario).toMatchObject({ duration: 0.1, concurrency: 4, levels: ['read-committed', 'repeatable-read', 'serializable'] });
    const names = isolation.variants(quick.scenario).map((v) => v.name);
    expect(names).toHaveLength(24);
    expect(names).toContain('serializable/transfer/read-modify-write');
    expect(names).toContain('read-committed/counter/atomic');
    expect(names).not.toContain('read-committed/write-skew/atomic');
  });
});

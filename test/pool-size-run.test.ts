// The pool-size scenario end to end on the shared server, open loop, with the load split over two local
// worker processes: every variant's writes are verified against the tables, the trial records the time
// series, late/dropped counts and the workers' merged histograms, and the report sections build from it.
import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../core/histogram.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import { buildReport } from '../reports/build-report.ts';
import { renderSvg } from '../reports/svg-chart.ts';
import { poolSizeSections } from '../reports/scenario-sections/pool-size.ts';
import poolSize from '../scenarios/pool-size/index.ts';
import { sharedTarget } from './helpers/shared-target.ts';

describe('pool-size on two worker processes, open loop', () => {
  it('splits the load, verifies the work and reports pool sizes, time series and late operations', async () => {
    const target = await sharedTarget();
    const options = resolveOptions(poolSize, {
      pool: '2,4',
      rate: '300',
      concurrency: '8',
      workers: '2',
      duration: '1',
      accounts: '500',
      heavy: '5',
      holdMs: '1',
      trials: '1',
      warmup: '0',
    });
    const outcome = await runScenario({ scenario: poolSize, options, signal: new AbortController().signal, target });
    expect(outcome.status, outcome.reason).toBe('completed');
    expect(outcome.variants.map((v) => v.name)).toEqual(['pool-2-at-300', 'pool-4-at-300', 'connection-per-operation-at-300']);
    for (const variant of outcome.variants) {
      expect(variant.status, `${variant.name}: ${variant.reason}`).toBe('ok');
      const trial = variant.trials[0]!;
      expect(trial.check.ok, trial.check.detail).toBe(true);
      const extra = trial.extra as { loadSource: string; counters: Record<string, number>; timeSeries: Array<Record<string, number>>; histograms: Record<string, string> };
      expect(extra.loadSource).toBe('local-processes x2');
      // The two workers' arrivals add up to the schedule of 300/s for 1 s (150/s each), none lost.
      expect(extra.counters.scheduled).toBeGreaterThanOrEqual(298);
      expect(extra.counters.scheduled).toBeLessThanOrEqual(302);
      expect(extra.counters.started! + extra.counters.dropped!).toBe(extra.counters.scheduled);
      expect(trial.metrics.late).toBe(extra.counters.late);
      expect(extra.counters.succeeded! + extra.counters.failed!).toBe(extra.counters.started);
      // The heavy query was in the mix.
      expect(extra.counters.ok_heavy).toBeGreaterThan(0);
      // Merged histograms hold every successful operation of both workers.
      expect(trial.latencyMs.count).toBe(extra.counters.succeeded);
      expect(decodeHistogram(extra.histograms.acquire!).totalCount).toBe(extra.counters.succeeded);
      expect(decodeHistogram(extra.histograms.startDelay!).totalCount).toBe(extra.counters.started);
      const poolSizeParam = variant.params.poolSize as number | null;
      if (poolSizeParam !== null) {
        expect(extra.timeSeries.length).toBeGreaterThan(0);
        // Each worker has half the pool; together never more than the pool size, on the server too.
        expect(Math.max(...extra.timeSeries.map((p) => p.poolTotal ?? 0))).toBeLessThanOrEqual(poolSizeParam);
        expect(trial.metrics.serverConnectionsMax).toBeLessThanOrEqual(poolSizeParam);
        expect(trial.metrics.utilizationPct).toBeGreaterThanOrEqual(0);
        expect(trial.metrics.utilizationPct).toBeLessThanOrEqual(100);
      }
    }
    expect(outcome.recommendation?.variant).toMatch(/^pool-(2|4)-at-300$/);
    expect(outcome.claims.map((c) => c.claim)).toContain('pooling is 10-100x faster than creating a connection per operation');

    const report = buildReport({
      outcome,
      common: options.common,
      scenarioOptions: options.scenario as unknown as Record<string, unknown>,
      metricColumns: poolSize.metricColumns,
      baselineVariant: poolSize.baselineVariant,
    });
    const sections = poolSizeSections(report);
    expect(sections.map((s) => s.id)).toEqual(['pool-sizes', 'pool-curve-300', 'pool-time-series']);
    const table = sections[0]!.table!;
    expect(table.headers).toEqual(expect.arrayContaining(['pool', 'rate/s', 'late %', 'acquire p99', 'util %', 'server conns']));
    expect(table.rows.map((r) => r[1])).toEqual(['2', '4', 'per op']);
    for (const section of sections.filter((s) => s.chart)) expect(await renderSvg(section.chart!.spec)).toContain('<svg');
  });
});

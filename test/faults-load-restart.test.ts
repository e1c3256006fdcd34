// The server restarted in the middle of a load trial (pool-size, closed loop on a pool): the pool
// reconnects, the trial is kept and verified, the failed operations are counted by kind, and the outage
// is visible in the trial's time series as intervals where failures rise while completed work stands
// still, with work going on again after it. Against the test's own embedded Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../core/engine/run-variants.ts';
import type { TimePoint } from '../core/load/time-series.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import type { EmbeddedTarget } from '../core/targets/embedded.ts';
import { findScenario } from '../scenarios/index.ts';
import { startOwnServer } from './helpers/own-server.ts';

let server: EmbeddedTarget;

beforeAll(async () => {
  server = await startOwnServer({ fsync: 'off', synchronous_commit: 'off' });
});

afterAll(async () => {
  await server?.stop();
});

const CONNECTION_ERROR = /^(57P0[123]|08\w{3}) |connection_error|connect_timeout/;

describe('pool-size while the server restarts', () => {
  it('keeps the trial, counts the failures, and shows the outage in the time series', async () => {
    const scenario = findScenario('pool-size');
    expect(scenario, 'pool-size is registered').toBeDefined();
    const options = resolveOptions(scenario!, { quick: true, trials: '2', warmup: '0', duration: '3', pool: '4', variants: 'pool-4' });
    let trial = -1;
    let outage: Promise<void> | undefined;
    const onEvent = (event: EngineEvent) => {
      if (event.type === 'trial-start' && !event.warmup) trial = event.trial;
      // Progress comes during the load: the server goes away under it, for a second.
      if (event.type === 'trial-progress' && trial === 1 && event.done > 0 && !outage) {
        outage = (async () => {
          await server.stopServer();
          await new Promise((r) => setTimeout(r, 1000));
          await server.startServer();
        })();
      }
    };
    const outcome = await runScenario({ scenario: scenario!, options, signal: new AbortController().signal, target: server, onEvent });
    await outage;
    expect(outage).toBeDefined();
    expect(outcome.status, outcome.reason).toBe('completed');
    const variant = outcome.variants[0]!;
    expect(variant.status, variant.reason).toBe('ok');
    expect(variant.trials).toHaveLength(2);
    const [calm, hit] = variant.trials;
    // The hit trial ran to its end and its work still adds up.
    expect(hit!.failure).toBeUndefined();
    expect(hit!.check.ok, hit!.check.detail).toBe(true);
    const connectionErrors = Object.entries(hit!.errors).filter(([kind]) => CONNECTION_ERROR.test(kind));
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(Object.keys(calm!.errors)).toEqual([]);

    const series = (hit!.extra?.timeSeries ?? []) as TimePoint[];
    const points = series.filter((p) => p.opsDone !== undefined && p.opsFailed !== undefined);
    expect(points.length).toBeGreaterThan(5);
    const ok = (p: TimePoint) => p.opsDone! - p.opsFailed!;
    // The outage: an interval where failures rise and completed work stands still.
    const gap = points.findIndex((p, i) => i > 0 && p.opsFailed! > points[i - 1]!.opsFailed! && ok(p) === ok(points[i - 1]!));
    expect(gap, 'no interval of failures without progress in the time series').toBeGreaterThan(0);
    // Work before it, and work again after it.
    expect(ok(points[gap - 1]!)).toBeGreaterThan(0);
    expect(ok(points.at(-1)!)).toBeGreaterThan(ok(points[gap]!));
    // The calm trial's series has no failures at all.
    const calmSeries = (calm!.extra?.timeSeries ?? []) as TimePoint[];
    expect(calmSeries.some((p) => (p.opsDone ?? 0) > 0)).toBe(true);
    expect(calmSeries.every((p) => (p.opsFailed ?? 0) === 0)).toBe(true);
  });
});

// A whole insert-strategies run through the engine against the shared server: every variant verified,
// the report valid against its schema with every contract field, and the run's schema gone afterwards
// while an unrelated table in the same database is untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario, type RunOutcome } from '../core/run/run-scenario.ts';
import type { Target } from '../core/targets/target.ts';
import { buildReport } from '../reports/build-report.ts';
import { parseReportText } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import insertStrategies, { INSERT_VARIANT_NAMES } from '../scenarios/insert-strategies/index.ts';
import { sharedClient, sharedTarget } from './helpers/shared-target.ts';

let admin: pg.Client;
let target: Target;
let outcome: RunOutcome;
let report: Report;

beforeAll(async () => {
  admin = await sharedClient();
  target = await sharedTarget();
  await admin.query('CREATE TABLE IF NOT EXISTS public.unrelated_customer_data (id int PRIMARY KEY, note text)');
  await admin.query("INSERT INTO public.unrelated_customer_data VALUES (1, 'keep me'), (2, 'me too') ON CONFLICT DO NOTHING");
  const options = resolveOptions(insertStrategies, { rows: '1234', batchSize: '500', payloadBytes: '16', trials: '2', warmup: '0' });
  outcome = await runScenario({ scenario: insertStrategies, options, signal: new AbortController().signal, target });
  report = buildReport({ outcome, common: options.common, scenarioOptions: { ...options.scenario }, metricColumns: insertStrategies.metricColumns, baselineVariant: insertStrategies.baselineVariant });
});

afterAll(async () => {
  await admin.query('DROP TABLE IF EXISTS public.unrelated_customer_data');
  await admin.end();
});

describe('an insert-strategies run', () => {
  it('completes every variant, each trial verified by count and checksum', () => {
    expect(outcome.status).toBe('completed');
    expect(outcome.variants.map((v) => v.name)).toEqual(INSERT_VARIANT_NAMES);
    for (const variant of outcome.variants) {
      expect(variant.status, `${variant.name}: ${variant.reason}`).toBe('ok');
      expect(variant.trials).toHaveLength(2);
      for (const trial of variant.trials) {
        expect(trial.check.ok).toBe(true);
        expect(trial.units).toBe(1234);
        expect(trial.metrics.rows).toBe(1234);
        expect(trial.metrics.walBytesPerRow).toBeGreaterThan(0);
      }
    }
  });

  it('reports speed-up against single-row autocommit and recommends the fastest variant', () => {
    const baseline = outcome.variants.find((v) => v.name === 'single-row-autocommit')!;
    expect(baseline.summary.metrics.speedupVsBaseline).toBe(1);
    const fastest = [...outcome.variants].sort((a, b) => b.summary.throughput - a.summary.throughput)[0]!;
    expect(outcome.recommendation?.variant).toBe(fastest.name);
    const withoutCopy = [...outcome.variants].filter((v) => v.name !== 'copy').sort((a, b) => b.summary.throughput - a.summary.throughput)[0]!;
    expect(outcome.recommendation?.evidence.fastestWithoutCopy).toMatchObject({ variant: withoutCopy.name });
  });

  it('states the widely repeated claim next to what was measured', () => {
    expect(outcome.claims.length).toBeGreaterThanOrEqual(3);
    expect(outcome.claims[0]!.claim).toMatch(/1,000 individual inserts take 10 s/);
    expect(outcome.claims[0]!.measured).toMatch(/single-row-autocommit: .* per 1,000 rows/);
  });

  it('produces a report that validates against the schema and holds every contract field', () => {
    const parsed = parseReportText(JSON.stringify(report), 'report.json');
    for (const field of ['schemaVersion', 'tool', 'scenario', 'startedAt', 'finishedAt', 'status', 'target', 'machine', 'options', 'variants', 'recommendation', 'claims']) {
      expect(parsed).toHaveProperty(field);
    }
    expect(parsed.target.serverVersion).toMatch(/^\d+/);
    expect(parsed.target.settings?.max_connections).toBeDefined();
    expect(parsed.machine.cpus).toBeGreaterThan(0);
    const v = parsed.variants[0]!;
    for (const key of ['p50', 'p95', 'p99', 'p999', 'max'] as const) expect(v.summary.latencyMs[key]).toBeGreaterThan(0);
    expect(v.summary.unit).toBe('rows/s');
    expect(JSON.stringify(parsed)).not.toContain(String(target.connectionConfig().password));
  });

  it('drops its own schema and leaves an unrelated table untouched', async () => {
    const schemas = await admin.query('SELECT nspname FROM pg_namespace WHERE nspname = $1', [outcome.schema]);
    expect(schemas.rowCount).toBe(0);
    const unrelated = await admin.query('SELECT id, note FROM public.unrelated_customer_data ORDER BY id');
    expect(unrelated.rows).toEqual([{ id: 1, note: 'keep me' }, { id: 2, note: 'me too' }]);
  });
});

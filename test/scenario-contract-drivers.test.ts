// The scenario contract on every driver a scenario declares: a quick run completes; each variant is
// either ok with every trial verified, or unsupported with its reason (never a crash); the report
// validates; the run's schema is gone afterwards. On the Data API the work really goes through the real
// RDSDataClient and the protocol-level stand-in (its call counters move), setup and checks through pg.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataApiDriver } from '../core/drivers/data-api/data-api-driver.ts';
import { DRIVER_KINDS, type DriverKind } from '../core/drivers/sql-driver.ts';
import { createHistogram } from '../core/histogram.ts';
import { qualified } from '../core/quote.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import type { Scenario } from '../core/scenario.ts';
import { buildReport } from '../reports/build-report.ts';
import { parseReportText } from '../reports/read-report.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { countAndChecksum, recreateOrdersTable } from '../scenarios/insert-strategies/order-table.ts';
import { expectedChecksum, generateRows } from '../scenarios/insert-strategies/rows.ts';
import * as strategies from '../scenarios/insert-strategies/strategies.ts';
import { openDataApiTestSchema, type DataApiTestSchema } from './helpers/data-api-target.ts';

// Smaller than --quick where one call per row over HTTP would make the test slow.
const SMALLER: Record<string, Record<string, string>> = { 'insert-strategies': { rows: '200', batchSize: '80' } };

const cases = SCENARIOS.filter((s) => (s.drivers ?? ['pg']).length > 1).flatMap((scenario) =>
  (scenario.drivers ?? ['pg']).filter((d) => DRIVER_KINDS.includes(d)).map((driver) => ({ name: `${scenario.name} on ${driver}`, scenario, driver })),
);

let env: DataApiTestSchema;

beforeAll(async () => {
  env = await openDataApiTestSchema();
});

afterAll(() => env.close());

describe.each(cases)('$name', ({ scenario, driver }: { scenario: Scenario<any>; driver: DriverKind }) => {
  it('completes with every variant verified or unsupported with a reason, and cleans up', async () => {
    const before = env.standIn.calls.ExecuteStatement + env.standIn.calls.BatchExecuteStatement;
    const options = resolveOptions(scenario, { quick: true, trials: '1', warmup: '0', driver, ...SMALLER[scenario.name] });
    const outcome = await runScenario({ scenario, options, signal: new AbortController().signal, target: env.target });

    expect(outcome.status, outcome.reason).toBe('completed');
    expect(outcome.variants.map((v) => v.name)).toEqual(scenario.variants(options.scenario, { driver }).map((v) => v.name));
    for (const variant of outcome.variants) {
      expect(['ok', 'unsupported'], `${variant.name}: ${variant.reason}`).toContain(variant.status);
      if (variant.status === 'unsupported') {
        expect(variant.reason?.length ?? 0, variant.name).toBeGreaterThan(20);
        expect(variant.trials).toHaveLength(0);
      } else {
        expect(variant.trials).toHaveLength(1);
        for (const trial of variant.trials) expect(trial.check.ok, trial.check.detail).toBe(true);
      }
    }
    expect(outcome.variants.some((v) => v.status === 'ok')).toBe(true);

    const report = buildReport({ outcome, common: options.common, scenarioOptions: { ...options.scenario }, metricColumns: scenario.metricColumns, baselineVariant: scenario.baselineVariant });
    expect(parseReportText(JSON.stringify(report), 'report.json').options.common.driver).toBe(driver);
    const schemas = await env.admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [outcome.schema]);
    expect(schemas.rowCount).toBe(0);

    const dataApiCalls = env.standIn.calls.ExecuteStatement + env.standIn.calls.BatchExecuteStatement - before;
    if (driver === 'data-api') expect(dataApiCalls).toBeGreaterThan(0);
    else expect(dataApiCalls).toBe(0);
  });
});

describe('insert-strategies on the Data API', () => {
  it('marks COPY, pipelining, arrays and session-state variants unsupported and adds batch-execute', async () => {
    const insert = SCENARIOS.find((s) => s.name === 'insert-strategies')!;
    const options = resolveOptions(insert, { trials: '1', warmup: '0', driver: 'data-api', rows: '300', batchSize: '100', variants: 'copy,unnest-arrays,single-row-pipelined,single-row-async-commit,batch-execute' });
    const outcome = await runScenario({ scenario: insert, options, signal: new AbortController().signal, target: env.target });
    const byName = Object.fromEntries(outcome.variants.map((v) => [v.name, v]));
    expect(byName.copy!.status).toBe('unsupported');
    expect(byName.copy!.reason).toMatch(/no COPY/);
    expect(byName['unnest-arrays']!.reason).toMatch(/array parameters/);
    expect(byName['single-row-pipelined']!.reason).toMatch(/pipeline/);
    expect(byName['single-row-async-commit']!.reason).toMatch(/session state/);
    const batch = byName['batch-execute']!;
    expect(batch.status, batch.reason).toBe('ok');
    // 300 rows in batches of 100: three BatchExecuteStatement calls, and the rows verified.
    expect(batch.trials[0]!.metrics.dataApiRequests).toBe(3);
    expect(batch.trials[0]!.metrics.rows).toBe(300);
    expect(outcome.recommendation?.variant).toBe('batch-execute');
  });

  it('splits multi-row VALUES under the 4 MiB request limit when rows are large', async () => {
    const table = qualified(env.schema, 'orders');
    await recreateOrdersTable(env.admin, table);
    const rows = generateRows(50, 100_000);
    const histogram = createHistogram();
    const driver = new DataApiDriver(env.target.dataApi!);
    try {
      await strategies.multiRowValues(driver, { table, rows, batchSize: 1000, histogram, progress: () => undefined, signal: new AbortController().signal });
    } finally {
      await driver.close();
    }
    // ~100 KB a row: 33 rows fit one request, so two statements; every row arrived intact.
    expect(histogram.totalCount).toBe(2);
    expect(await countAndChecksum(env.admin, table)).toEqual({ count: 50, checksum: expectedChecksum(rows) });
  });

  it('refuses --driver data-api on a scenario that runs on pg only, naming the drivers it takes', () => {
    const insert = SCENARIOS.find((s) => s.name === 'insert-strategies')!;
    const pgOnly: Scenario<any> = { ...insert, name: 'pg-only-example', drivers: undefined };
    expect(() => resolveOptions(pgOnly, { driver: 'data-api' })).toThrow(/--driver data-api: pg-only-example runs on pg only/);
    expect(() => resolveOptions(pgOnly, { driver: 'odbc' })).toThrow(/--driver must be one of pg, data-api/);
  });
});

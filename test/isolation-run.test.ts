// A small isolation run at SERIALIZABLE through the engine against the shared server: every workload and
// approach, hot keys and retries. It must find zero invariant violations, bring every transaction to a
// commit or a counted give-up, reconcile commits with the database, and produce the report sections.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario, type RunOutcome } from '../core/run/run-scenario.ts';
import { buildReport } from '../reports/build-report.ts';
import { renderHtml } from '../reports/html.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import { parseReportText } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import { reportSections } from '../reports/sections.ts';
import isolation from '../scenarios/isolation/index.ts';
import { sharedClient, sharedTarget } from './helpers/shared-target.ts';

const TRANSACTIONS = 120;
let outcome: RunOutcome;
let report: Report;

beforeAll(async () => {
  const options = resolveOptions(isolation, {
    levels: 'serializable',
    keys: '3',
    concurrency: '4',
    transactions: String(TRANSACTIONS),
    maxRetries: '2',
    trials: '2',
    warmup: '0',
  });
  outcome = await runScenario({ scenario: isolation, options, signal: new AbortController().signal, target: await sharedTarget() });
  report = parseReportText(
    JSON.stringify(buildReport({ outcome, common: options.common, scenarioOptions: { ...options.scenario }, metricColumns: isolation.metricColumns })),
    'report.json',
  );
});

describe('an isolation run at SERIALIZABLE', () => {
  it('runs every workload and approach, each trial verified', () => {
    expect(outcome.status).toBe('completed');
    expect(outcome.variants.map((v) => v.name)).toEqual([
      'serializable/transfer/read-modify-write',
      'serializable/transfer/for-update',
      'serializable/transfer/atomic',
      'serializable/counter/read-modify-write',
      'serializable/counter/for-update',
      'serializable/counter/atomic',
      'serializable/write-skew/read-modify-write',
      'serializable/write-skew/for-update',
    ]);
    for (const variant of outcome.variants) {
      expect(variant.status, `${variant.name}: ${variant.reason}`).toBe('ok');
      expect(variant.trials).toHaveLength(2);
      for (const trial of variant.trials) expect(trial.check.ok, trial.check.detail).toBe(true);
    }
  });

  it('finds zero invariant violations and no lost update', () => {
    for (const variant of outcome.variants) {
      for (const trial of variant.trials) {
        expect(trial.metrics.violations, `${variant.name}: ${trial.check.detail}`).toBe(0);
        if (trial.metrics.lostUpdates !== undefined) expect(trial.metrics.lostUpdates).toBe(0);
      }
    }
  });

  it('brings every transaction to a commit or a counted give-up, and every attempt is accounted for', () => {
    for (const variant of outcome.variants) {
      for (const trial of variant.trials) {
        const m = trial.metrics;
        expect(m.commits! + m.giveUps!, variant.name).toBe(TRANSACTIONS);
        expect(trial.units).toBe(m.commits);
        // A transaction that commits after k retries made k + 1 attempts; a give-up made maxRetries + 1.
        expect(m.attempts).toBe(m.commits! + m.retries! + m.giveUps!);
        expect(m.aborts).toBe(m.attempts! - m.commits!);
        const abortedBySqlstate = Object.values(trial.errors).reduce((a, b) => a + b, 0);
        expect(abortedBySqlstate).toBe(m.aborts);
        // Only serialization failures and deadlocks are retried; nothing else may appear.
        for (const kind of Object.keys(trial.errors)) expect(kind).toMatch(/^(40001|40P01) /);
        expect(trial.latencyMs.count).toBe(m.commits);
      }
    }
  });

  it('recommends a variant for each workload with its evidence', () => {
    expect(outcome.recommendation).toBeDefined();
    const evidence = outcome.recommendation!.evidence as Record<string, { pick: { variant: string; violations: number } | null }>;
    for (const workload of ['transfer', 'counter', 'write-skew']) {
      expect(evidence[workload]?.pick?.violations).toBe(0);
      expect(evidence[workload]?.pick?.variant).toMatch(new RegExp(`^serializable/${workload}/`));
    }
    expect(outcome.recommendation!.reason).toMatch(/already the strongest level/);
  });

  it('drops its schema at the end', async () => {
    const admin = await sharedClient();
    try {
      const schemas = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [outcome.schema]);
      expect(schemas.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});

describe('the isolation report', () => {
  it('shows an anomaly matrix and a cost matrix in the terminal, with "none" for every serializable cell', () => {
    const sections = reportSections(report);
    const anomalies = sections.find((s) => s.id === 'isolation-anomalies')!;
    expect(anomalies.terminal).toBe(true);
    expect(anomalies.table!.headers).toEqual(['workload / approach', 'serializable']);
    expect(anomalies.table!.rows.map((r) => r[0])).toEqual([
      'transfer/read-modify-write',
      'transfer/for-update',
      'transfer/atomic',
      'counter/read-modify-write',
      'counter/for-update',
      'counter/atomic',
      'write-skew/read-modify-write',
      'write-skew/for-update',
    ]);
    for (const row of anomalies.table!.rows) expect(row[1]).toBe('none');
    const cost = sections.find((s) => s.id === 'isolation-cost')!;
    expect(cost.terminal).toBe(true);
    for (const row of cost.table!.rows) expect(row[1]).toMatch(/^[\d,]+ · [\d.]+% · [\d.]+$/);
  });

  it('renders the matrices in Markdown and the chart in HTML', async () => {
    const md = renderMarkdown(report);
    expect(md).toContain('## Anomaly matrix');
    expect(md).toContain('| transfer/read-modify-write | none |');
    const html = await renderHtml(report);
    expect(html).toContain('id="chart-isolation-throughput"');
    expect(html).toMatch(/<figure class="chart" id="chart-isolation-throughput"><svg/);
  });
});

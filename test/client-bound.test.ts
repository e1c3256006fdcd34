// Every scenario's report says when the load generator, not the database, was the limit: the engine
// watches each trial, a trial that keeps the event loop busy throughout is flagged client-bound and a
// trial that only waits is not, the terminal, Markdown and HTML reports show the flag and the advice, and a
// scenario that measured its own load window keeps its figures. Extreme cases only (a busy loop and a
// sleep), so the outcome does not depend on how loaded the machine is.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHistogram, recordMs } from '../core/histogram.ts';
import { intOption } from '../core/option-schemas.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import { defineScenario, type TrialMeasurement } from '../core/scenario.ts';
import { buildReport } from '../reports/build-report.ts';
import { renderHtml } from '../reports/html.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import { parseReportText } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import { renderTerminal } from '../reports/terminal.ts';
import { sharedTarget } from './helpers/shared-target.ts';

const TRIAL_MS = 250;

function measured(metrics: Record<string, number> = {}): TrialMeasurement {
  const histogram = createHistogram();
  recordMs(histogram, TRIAL_MS);
  return { units: 1, elapsedMs: TRIAL_MS, histogram, errors: {}, metrics, check: { ok: true, detail: 'nothing to verify' } };
}

function busyLoop(): void {
  const end = performance.now() + TRIAL_MS;
  while (performance.now() < end) {
    // Spinning on purpose: this trial's load generator never yields its event loop.
  }
}

const scenario = defineScenario<{ workers: number }>({
  name: 'client-load-test',
  description: 'a busy trial and a sleeping one',
  throughputUnit: 'ops/s',
  options: [{ key: 'workers', flag: '--workers <n>', description: 'worker processes', defaultValue: 1, schema: intOption(1, 8).default(1) }],
  quick: {},
  variants: () => [
    { name: 'busy', description: 'a CPU-bound client', params: {}, run: async () => (busyLoop(), measured()) },
    { name: 'sleeping', description: 'a client that waits', params: {}, run: async () => (await new Promise((r) => setTimeout(r, TRIAL_MS)), measured()) },
    {
      name: 'measured-itself',
      description: 'busy, but reports its own (load-window) figures',
      params: {},
      run: async () => (busyLoop(), measured({ clientElu: 0.2, clientCpu: 0.1, clientBound: 0 })),
    },
  ],
  metricColumns: [],
  recommend: () => undefined,
});

let report: Report;

beforeAll(async () => {
  const options = resolveOptions(scenario, { trials: '2', warmup: '0' });
  const outcome = await runScenario({ scenario, options, signal: new AbortController().signal, target: await sharedTarget() });
  report = parseReportText(
    JSON.stringify(buildReport({ outcome, common: options.common, scenarioOptions: { ...options.scenario }, metricColumns: scenario.metricColumns })),
    'report.json',
  );
});

describe('client-bound trials', () => {
  it('records the generator load of every trial and flags the busy one only', () => {
    const byName = Object.fromEntries(report.variants.map((v) => [v.name, v]));
    for (const trial of byName.busy!.trials) {
      expect(trial.metrics.clientElu).toBeGreaterThanOrEqual(0.9);
      expect(trial.metrics.clientBound).toBe(1);
    }
    for (const trial of byName.sleeping!.trials) {
      expect(trial.metrics.clientElu).toBeLessThan(0.5);
      expect(trial.metrics.clientCpu).toBeLessThan(0.5);
      expect(trial.metrics.clientBound).toBe(0);
    }
    expect(byName.busy!.summary.metrics.clientBound).toBe(1);
    expect(byName.sleeping!.summary.metrics.clientBound).toBe(0);
  });

  it("keeps a scenario's own figures instead of the engine's", () => {
    const own = report.variants.find((v) => v.name === 'measured-itself')!;
    for (const trial of own.trials) expect(trial.metrics).toMatchObject({ clientElu: 0.2, clientCpu: 0.1, clientBound: 0 });
  });

  it('shows the flag and the advice in the terminal, Markdown and HTML reports', async () => {
    const terminal = renderTerminal(report);
    const rowOf = (text: string, name: string) => text.split('\n').find((line) => line.includes(` ${name} `)) ?? '';
    expect(rowOf(terminal, 'busy')).toContain('client-bound');
    expect(rowOf(terminal, 'sleeping')).not.toContain('client-bound');
    expect(rowOf(terminal, 'measured-itself')).toContain('0.20 / 0.10');
    const advice = /Client-bound: busy: the load generator itself was the limit.*add worker processes \(--workers\) or run the load from AWS \(--target aws\)/;
    expect(terminal).toMatch(advice);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| client ELU / CPU |');
    expect(rowOf(markdown, 'busy')).toContain('client-bound');
    expect(rowOf(markdown, 'sleeping')).not.toContain('client-bound');
    expect(markdown).toMatch(advice);
    expect(await renderHtml(report)).toMatch(/Client-bound: busy: .*--target aws/);
  });

  it('leaves --workers out of the advice for a scenario without it', () => {
    const withoutWorkers: Report = { ...report, options: { ...report.options, scenario: {} } };
    const line = renderTerminal(withoutWorkers).split('\n').find((l) => l.startsWith('Client-bound'))!;
    expect(line).toContain('run the load from AWS (--target aws)');
    expect(line).not.toContain('--workers');
  });
});

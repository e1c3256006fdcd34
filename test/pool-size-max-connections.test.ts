// A pool larger than the server's max_connections is a result, not a crash: the variant fails with the
// server's "too many clients" errors counted, the other variants run, and the report renders. Runs on its
// own small server (max_connections = 10), since the suite's shared one has room for 120.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import { startEmbedded } from '../core/targets/embedded.ts';
import type { Target } from '../core/targets/target.ts';
import { buildReport } from '../reports/build-report.ts';
import { renderHtml } from '../reports/html.ts';
import { renderMarkdown } from '../reports/markdown.ts';
import { reportSchema } from '../reports/report-schema.ts';
import { renderTerminal } from '../reports/terminal.ts';
import poolSize from '../scenarios/pool-size/index.ts';

let target: Target;
let embeddedDir: string;

beforeAll(async () => {
  embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-maxconn-'));
  fs.chmodSync(embeddedDir, 0o755);
  target = await startEmbedded({ baseDir: embeddedDir, settings: { max_connections: 10 } });
});

afterAll(async () => {
  await target?.stop();
  fs.rmSync(embeddedDir, { recursive: true, force: true });
});

describe('pool-size with a pool above max_connections', () => {
  it('marks that variant failed with 53300 errors counted and still writes a report', async () => {
    const options = resolveOptions(poolSize, { pool: '2,30', concurrency: '32', duration: '0.5', accounts: '100', trials: '1', warmup: '0', variants: 'pool-2,pool-30' });
    const outcome = await runScenario({ scenario: poolSize, options, signal: new AbortController().signal, target });
    expect(outcome.status).toBe('completed');
    const byName = Object.fromEntries(outcome.variants.map((v) => [v.name, v]));
    expect(byName['pool-2']!.status).toBe('ok');
    expect(byName['pool-2']!.trials[0]!.check.ok).toBe(true);

    const big = byName['pool-30']!;
    expect(big.status).toBe('failed');
    expect(big.reason).toMatch(/refused \d+ connection\(s\) \(53300 too_many_connections\).*max_connections = 10/);
    // The trial that hit the limit is kept, with its errors by kind, so the report can show them.
    expect(big.trials).toHaveLength(1);
    expect(big.summary.errors['53300 too_many_connections']).toBeGreaterThan(0);
    // Connections the server did accept did real, verified work alongside the refusals.
    expect(big.trials[0]!.units).toBeGreaterThan(0);

    const report = buildReport({
      outcome,
      common: options.common,
      scenarioOptions: options.scenario as unknown as Record<string, unknown>,
      metricColumns: poolSize.metricColumns,
      baselineVariant: poolSize.baselineVariant,
    });
    expect(reportSchema.safeParse(JSON.parse(JSON.stringify(report))).success).toBe(true);
    expect(report.recommendation?.variant).toBe('pool-2');
    const terminal = renderTerminal(report);
    expect(terminal).toContain('Pool sizes');
    expect(terminal).toMatch(/pool-30 \(failed\)/);
    expect(terminal).toContain('53300 too_many_connections');
    expect(renderMarkdown(report)).toContain('too many clients');
    expect(await renderHtml(report)).toContain('<svg');
  });
});

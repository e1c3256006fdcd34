// `bakeoff compare` on real insert-strategies output: a variant slowed by a real per-statement delay is
// "worse" (and "better" the other way round), unchanged variants are "inconclusive", too few trials can
// never give a verdict, different scenarios are refused, environment differences are shown, and
// --fail-on-regression sets the exit code both ways (the real CLI as a child process).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { compareReports, findRegressions, type Comparison } from '../reports/compare/compare-reports.ts';
import { renderComparisonMarkdown, renderComparisonTerminal } from '../reports/compare/render-compare.ts';
import type { Report } from '../reports/report-schema.ts';
import { writeReportDir } from '../reports/write-reports.ts';
import { runCli } from './helpers/run-cli.ts';
import { SLOWED_VARIANT, UNCHANGED_VARIANTS, slowedComparisonReports } from './helpers/slowed-run.ts';

let a: Report;
let b: Report;
let comparison: Comparison;
const where = { a: 'run-a', b: 'run-b' };

beforeAll(async () => {
  ({ a, b } = await slowedComparisonReports({ trials: 6 }));
  comparison = compareReports(a, b, where);
});

const variant = (c: Comparison, name: string) => c.variants.find((v) => v.name === name)!;

describe('compare two runs where one variant was slowed', () => {
  it('says "worse" for the slowed variant, with an interval that excludes no change', () => {
    const slowed = variant(comparison, SLOWED_VARIANT);
    expect(slowed.verdict).toBe('worse');
    const throughput = slowed.metrics.find((m) => m.metric === 'throughput')!;
    expect(throughput.verdict).toBe('worse');
    expect(throughput.b.median).toBeLessThan(throughput.a.median);
    expect(throughput.change).toBeLessThan(0);
    expect(throughput.ciHigh).toBeLessThan(0);
    expect(throughput.pValue).toBeLessThan(comparison.alpha);
    expect(throughput.a.trials).toBe(6);
    // Every statement waited: the per-trial median latency rose too.
    expect(slowed.metrics.find((m) => m.metric === 'p50')!.verdict).toBe('worse');
  });

  it('says "inconclusive" for the variants that did not change', () => {
    for (const name of UNCHANGED_VARIANTS) {
      const v = variant(comparison, name);
      expect(v.verdict, name).toBe('inconclusive');
      expect(v.metrics.map((m) => m.metric)).toEqual(['throughput', 'p50', 'p99']);
      for (const m of v.metrics) {
        expect(m.change).toBe(0);
        expect(m.ciLow).toBeLessThanOrEqual(0);
        expect(m.ciHigh).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('says "better" the other way round', () => {
    const reverse = compareReports(b, a, where);
    expect(variant(reverse, SLOWED_VARIANT).verdict).toBe('better');
    for (const name of UNCHANGED_VARIANTS) expect(variant(reverse, name).verdict).toBe('inconclusive');
  });

  it('gives the same figures every time (seeded resampling)', () => {
    expect(compareReports(a, b, where)).toEqual(comparison);
  });

  it('is inconclusive with 3 trials per run, and says why', () => {
    const firstThree = (r: Report): Report => ({ ...r, variants: r.variants.map((v) => ({ ...v, trials: v.trials.slice(0, 3) })) });
    const few = compareReports(firstThree(a), firstThree(b), where);
    expect(few.variants.map((v) => v.verdict)).toEqual(few.variants.map(() => 'inconclusive'));
    expect(few.notes.join(' ')).toMatch(/With 3 trial\(s\) in A and 3 in B no difference can be significant/);
    expect(renderComparisonTerminal(few)).toContain('--trials 5 or more');
  });

  it('finds a regression over a threshold below the slowdown, and none above it', () => {
    const worst = Math.max(...variant(comparison, SLOWED_VARIANT).metrics.filter((m) => m.verdict === 'worse').map((m) => Math.abs(m.change) * 100));
    const found = findRegressions(comparison, 5);
    expect(found.map((r) => r.variant)).toEqual(found.map(() => SLOWED_VARIANT));
    expect(found.map((r) => r.metric)).toContain('throughput');
    expect(findRegressions(comparison, Math.ceil(worst) + 1)).toEqual([]);
  });

  it('counts a variant that ran in A and failed in B as a regression', () => {
    const broken: Report = structuredClone(b);
    const v = broken.variants.find((x) => x.name === 'copy')!;
    v.status = 'failed';
    v.reason = 'trial 2: verification failed: expected 600 rows';
    const c = compareReports(a, broken, where);
    expect(variant(c, 'copy')).toMatchObject({ verdict: 'failed', note: expect.stringContaining('verification failed') });
    expect(findRegressions(c, 50).map((r) => r.variant)).toContain('copy');
  });

  it('refuses to compare runs of different scenarios', () => {
    const other: Report = { ...structuredClone(b), scenario: 'pool-size' };
    expect(() => compareReports(a, other, where)).toThrow(UsageError);
    expect(() => compareReports(a, other, where)).toThrow(/different scenarios: run-a is insert-strategies, run-b is pool-size/);
  });

  it('warns, visibly, when the environments differ', () => {
    const elsewhere: Report = structuredClone(b);
    elsewhere.target.serverVersion = '16.4';
    elsewhere.target.settings = { ...elsewhere.target.settings, shared_buffers: '999999 (8kB)' };
    elsewhere.machine = { ...elsewhere.machine, cpus: elsewhere.machine.cpus + 62, hostname: 'big-box' };
    elsewhere.options = { ...elsewhere.options, scenario: { ...elsewhere.options.scenario, payloadBytes: 4096 } };
    const c = compareReports(a, elsewhere, where);
    const what = c.warnings.map((w) => w.what);
    expect(what).toEqual(expect.arrayContaining(['PostgreSQL version', 'shared_buffers', 'cpus', 'hostname', '--payload-bytes']));
    expect(c.warnings.find((w) => w.what === 'PostgreSQL version')).toMatchObject({ a: a.target.serverVersion, b: '16.4' });
    const text = renderComparisonTerminal(c);
    expect(text).toContain('WARNING: the two runs differ');
    expect(text).toContain(`PostgreSQL version: ${a.target.serverVersion} (A) vs 16.4 (B)`);
    const md = renderComparisonMarkdown(c);
    expect(md).toContain('**Warning:**');
    expect(md).toContain('| option: --payload-bytes | 16 | 4096 |');
    // Same environment: no warnings at all.
    expect(comparison.warnings).toEqual([]);
  });
});

describe('bakeoff compare on the command line', () => {
  let dirA: string;
  let dirB: string;
  let dirOther: string;

  beforeAll(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-compare-'));
    [dirA, dirB, dirOther] = ['run-a', 'run-b', 'other'].map((d) => path.join(root, d)) as [string, string, string];
    await writeReportDir(dirA, a);
    await writeReportDir(dirB, b);
    await writeReportDir(dirOther, { ...b, scenario: 'pool-size' });
  });

  it('exits 1 on a significant regression over the threshold, naming it', async () => {
    const result = await runCli(['compare', dirA, dirB, '--fail-on-regression', '5%']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`REGRESSION: \\d+ significant regression\\(s\\) larger than 5%`));
    expect(result.stdout).toContain(`- ${SLOWED_VARIANT}: throughput (rows/s) -`);
  });

  it('exits 0 when the change is an improvement, and when nothing changed', async () => {
    const improved = await runCli(['compare', dirB, dirA, '--fail-on-regression', '5%']);
    expect(improved.code, improved.stderr).toBe(0);
    expect(improved.stdout).toContain('No significant regression larger than 5%.');
    expect(improved.stdout).toMatch(new RegExp(`${SLOWED_VARIANT}\\s+│ better`));
    const same = await runCli(['compare', dirA, dirA, '--fail-on-regression', '1']);
    expect(same.code, same.stderr).toBe(0);
  });

  it('prints JSON and Markdown', async () => {
    const json = await runCli(['compare', dirA, dirB, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { comparison: Comparison };
    expect(parsed.comparison.variants.find((v) => v.name === SLOWED_VARIANT)?.verdict).toBe('worse');
    const md = await runCli(['compare', dirA, dirB, '--markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('# pg-bakeoff compare: insert-strategies');
    expect(md.stdout).toMatch(new RegExp(`\\| ${SLOWED_VARIANT} \\| worse \\| throughput`));
  });

  it('exits 2 for different scenarios and for a bad threshold', async () => {
    const scenarios = await runCli(['compare', dirA, dirOther]);
    expect(scenarios.code).toBe(2);
    expect(scenarios.stderr).toContain('Cannot compare runs of different scenarios');
    const threshold = await runCli(['compare', dirA, dirB, '--fail-on-regression', 'lots']);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toContain('--fail-on-regression must be a percentage above 0, e.g. 5% (got "lots")');
  });
});

// Report files that are truncated, foreign, of a newer schema, damaged or huge: `bakeoff report` (and
// anything reading report.json through reports/read-report.ts) answers with one clear message and exit 2,
// never a stack trace. Damage is generated (fast-check) from a real report of a real run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { encodedHistogramSchema } from '../core/histogram.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import { buildReport } from '../reports/build-report.ts';
import { MAX_REPORT_BYTES, parseReportText, readReportFile } from '../reports/read-report.ts';
import { REPORT_SCHEMA_VERSION } from '../reports/report-schema.ts';
import insertStrategies from '../scenarios/insert-strategies/index.ts';
import { hasStackTrace, runMain } from './helpers/capture-io.ts';
import { runCli } from './helpers/run-cli.ts';
import { sharedTarget } from './helpers/shared-target.ts';

let dir: string;
let reportText: string;
let reportJson: Record<string, unknown>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-bad-reports-'));
  const options = resolveOptions(insertStrategies, { rows: '200', payloadBytes: '8', trials: '1', warmup: '0', variants: 'copy,multi-row-values' });
  const outcome = await runScenario({ scenario: insertStrategies, options, signal: new AbortController().signal, target: await sharedTarget() });
  const report = buildReport({ outcome, common: options.common, scenarioOptions: { ...options.scenario }, metricColumns: insertStrategies.metricColumns, baselineVariant: insertStrategies.baselineVariant });
  reportText = `${JSON.stringify(report, null, 2)}\n`;
  reportJson = JSON.parse(reportText) as Record<string, unknown>;
  // The real thing parses: the damage below is what makes it fail.
  expect(parseReportText(reportText, 'report.json').runId).toBe(outcome.runId);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function rejects(text: string): UsageError {
  try {
    parseReportText(text, 'report.json');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error(`accepted: ${text.slice(0, 200)}`);
}

let fileCounter = 0;
function writeTemp(content: string | Buffer): string {
  const file = path.join(dir, `case-${(fileCounter += 1)}.json`);
  fs.writeFileSync(file, content);
  return file;
}

describe('report files that are not a good report', () => {
  it('truncated anywhere: "not a readable pg-bakeoff report"', () => {
    const body = reportText.trimEnd();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: body.length - 1 }), (cut) => {
        expect(rejects(body.slice(0, cut)).message).toMatch(/ is (truncated|empty|not valid JSON).*; it is not a readable pg-bakeoff report$/s);
      }),
      { numRuns: 300 },
    );
  });

  it('foreign JSON (any value that is not a pg-bakeoff report): "not a pg-bakeoff report"', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(rejects(JSON.stringify(value)).message).toMatch(/not a pg-bakeoff report/);
      }),
      { numRuns: 300 },
    );
    expect(rejects(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')).message).toMatch(/not a pg-bakeoff report/);
  });

  it('of a newer schema: says so and asks for an upgrade', () => {
    fc.assert(
      fc.property(fc.integer({ min: REPORT_SCHEMA_VERSION + 1, max: 1e6 }), (version) => {
        const message = rejects(JSON.stringify({ ...reportJson, schemaVersion: version })).message;
        expect(message).toContain(`schemaVersion ${version}`);
        expect(message).toMatch(/upgrade pg-bakeoff/);
      }),
      { numRuns: 50 },
    );
  });

  it('damaged (a field replaced by something else): a clear rejection, or a report that still reads and renders', async () => {
    /** Every path to a value in the report, so damage can land anywhere. */
    const paths: Array<Array<string | number>> = [];
    const walk = (value: unknown, at: Array<string | number>) => {
      paths.push(at);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    };
    walk(reportJson, []);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.oneof(fc.jsonValue(), fc.constant(undefined)), async (at, replacement) => {
        const damaged = structuredClone(reportJson);
        let parent: any = damaged;
        for (const key of at.slice(0, -1)) parent = parent[key];
        if (replacement === undefined) delete parent[at.at(-1)!];
        else parent[at.at(-1)!] = replacement;
        const file = writeTemp(JSON.stringify(damaged));
        // Through the real entry: read, validate, render, print.
        const result = await runMain(['report', file]);
        expect([0, 2], result.stderr).toContain(result.code);
        expect(hasStackTrace(result.stderr)).toBe(false);
        if (result.code === 2) expect(result.stderr).toContain(file);
      }),
      { numRuns: 80 },
    );
  });

  // Found by the property above: names that Object.prototype owns made a lookup find a function, and Vega
  // failed on a sort order containing "constructor". Checked on every such name, not left to chance.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a scenario or variant called %s: the report still renders', async (name) => {
    for (const at of [['scenario'], ['variants', 0, 'name']] as const) {
      const damaged = structuredClone(reportJson) as any;
      if (at.length === 1) damaged.scenario = name;
      else damaged.variants[0].name = name;
      const file = writeTemp(JSON.stringify(damaged));
      const result = await runMain(['report', file]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(at.length === 1 ? 'copy' : name);
      // The throughput chart sorts by variant: where Vega cannot draw it, the page says so in its place.
      const html = fs.readFileSync(path.join(path.dirname(file), 'report.html'), 'utf8');
      expect(html).toMatch(/<svg|could not be drawn/);
    }
  });

  it('a histogram that does not decode, in the report or in a scenario\'s extra data: refused, with its path', () => {
    const damaged = structuredClone(reportJson) as any;
    damaged.variants[1].trials[0].histogram = 'constructor';
    expect(rejects(JSON.stringify(damaged)).message).toContain('variants.1.trials.0.histogram is not an encoded HDR histogram');
    const real = (reportJson as any).variants[0].trials[0].histogram as string;
    expect(encodedHistogramSchema.safeParse(real).success).toBe(true);
    for (const bad of ['x', '', 'constructor', real.slice(0, -4), real.slice(0, 12)]) expect(encodedHistogramSchema.safeParse(bad).success).toBe(false);
  });

  it('huge: refused by size before reading it', () => {
    const file = path.join(dir, 'huge.json');
    fs.writeFileSync(file, '{');
    // A sparse file: the size is real, the disk is not used.
    fs.truncateSync(file, MAX_REPORT_BYTES + 1);
    expect(() => readReportFile(file)).toThrow(UsageError);
    expect(() => readReportFile(file)).toThrow(/larger than a pg-bakeoff report can be/);
  });

  it('binary garbage, a folder without a report, a path that does not exist: exit 2', async () => {
    const garbage = writeTemp(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const emptyFolder = fs.mkdtempSync(path.join(dir, 'empty-'));
    for (const location of [garbage, emptyFolder, path.join(dir, 'missing', 'report.json')]) {
      const result = await runMain(['report', location]);
      expect(result.code, location).toBe(2);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
  });

  it('the real command on a truncated report: exit 2, one clear line', async () => {
    const file = writeTemp(reportText.slice(0, Math.floor(reportText.length / 2)));
    const result = await runCli(['report', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is truncated \(the JSON ends early/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

// Reading report.json: a real report round-trips; an empty, truncated, foreign, binary, newer-schema,
// wrongly typed, damaged-histogram or huge file is refused with one clear UsageError that names the file
// and what is wrong, never a crash; a folder without report.json lists the runs inside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { MAX_REPORT_BYTES, readReport } from '../reports/read-report.ts';
import type { Report } from '../reports/report-schema.ts';
import { REPORT_SCHEMA_VERSION } from '../reports/report-schema.ts';
import { writeReportDir } from '../reports/write-reports.ts';
import { realInsertReport } from './helpers/real-report.ts';
import { REPO_ROOT, runCli } from './helpers/run-cli.ts';

let report: Report;
let text: string;
let root: string;

beforeAll(async () => {
  report = await realInsertReport({ variants: ['copy', 'unnest-arrays'] });
  text = JSON.stringify(report, null, 2);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-read-'));
});

function fileWith(name: string, content: string | Buffer): string {
  const file = path.join(root, name);
  fs.writeFileSync(file, content);
  return file;
}

async function refusal(location: string): Promise<string> {
  const error = await readReport(location).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

function edited(change: (r: any) => void): string {
  const copy = structuredClone(report) as any;
  change(copy);
  return JSON.stringify(copy);
}

describe('readReport', () => {
  it('reads a real run back from its folder and from its report.json path', async () => {
    const dir = path.join(root, 'run');
    await writeReportDir(dir, report);
    expect((await readReport(dir)).report).toEqual(report);
    const viaFile = await readReport(path.join(dir, 'report.json'));
    expect(viaFile.report.runId).toBe(report.runId);
    expect(viaFile.source.location).toEqual({ kind: 'local', dir });
  });

  it('refuses an empty file and a truncated one', async () => {
    expect(await refusal(fileWith('empty.json', ''))).toMatch(/empty\.json is empty; it is not a readable pg-bakeoff report/);
    // Cut at several places: inside a string, a number, between fields.
    for (const fraction of [0.1, 0.37, 0.5, 0.93]) {
      const truncated = await refusal(fileWith('truncated.json', text.slice(0, Math.floor(text.length * fraction))));
      expect(truncated, `cut at ${fraction}`).toMatch(/truncated\.json is truncated \(the JSON ends early after [\d,]+ characters\)/);
    }
  });

  it("refuses another tool's JSON, a JSON array and binary data", async () => {
    const pkg = await refusal(path.join(REPO_ROOT, 'package.json'));
    expect(pkg).toContain('package.json is not a pg-bakeoff report (no "tool": {"name": "pg-bakeoff"})');
    expect(await refusal(fileWith('k6.json', JSON.stringify({ tool: { name: 'k6' }, metrics: {} })))).toContain('written by "k6"');
    expect(await refusal(fileWith('array.json', '[1,2,3]'))).toContain('expected a JSON object, found an array');
    expect(await refusal(fileWith('binary.json', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x13])))).toMatch(/binary\.json is not valid JSON/);
  });

  it('refuses a newer schemaVersion, asking for an upgrade, and a missing one', async () => {
    const newer = await refusal(fileWith('newer.json', edited((r) => (r.schemaVersion = REPORT_SCHEMA_VERSION + 1))));
    expect(newer).toContain(`has schemaVersion ${REPORT_SCHEMA_VERSION + 1}, newer than this pg-bakeoff reads (${REPORT_SCHEMA_VERSION}); upgrade pg-bakeoff`);
    expect(await refusal(fileWith('noversion.json', edited((r) => delete r.schemaVersion)))).toContain('has no valid schemaVersion (found undefined)');
  });

  it('names the fields that do not match the schema', async () => {
    const message = await refusal(
      fileWith(
        'edited.json',
        edited((r) => {
          r.variants[0].summary.throughput = 'fast';
          r.startedAt = 'yesterday';
          delete r.machine;
        }),
      ),
    );
    expect(message).toContain('does not match the report schema');
    expect(message).toContain('variants.0.summary.throughput');
    expect(message).toContain('startedAt: must be an ISO 8601 timestamp');
    expect(message).toContain('machine');
  });

  it('refuses a damaged histogram before any chart or comparison decodes it', async () => {
    const message = await refusal(fileWith('histogram.json', edited((r) => (r.variants[1].trials[0].histogram = 'bm90IGEgaGlzdG9ncmFt'))));
    expect(message).toContain('variants.1.trials.0.histogram is not an encoded HDR histogram');
  });

  it('refuses a huge file by its size, without reading it', async () => {
    const file = path.join(root, 'huge.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_REPORT_BYTES + 1); // sparse: no 64 MiB written to disk
    expect(await refusal(file)).toMatch(/huge\.json is 64 MiB, larger than a pg-bakeoff report can be/);
  });

  it('says where the runs are when given their parent folder, and names a missing path', async () => {
    const parent = path.join(root, 'results');
    await writeReportDir(path.join(parent, '2026-01-01T00-00-00-insert-strategies'), report);
    await writeReportDir(path.join(parent, '2026-01-02T00-00-00-insert-strategies'), report);
    const message = await refusal(parent);
    expect(message).toContain(`No report at ${path.join(parent, 'report.json')}; runs inside it:`);
    expect(message).toContain(path.join(parent, '2026-01-02T00-00-00-insert-strategies'));
    expect(await refusal(path.join(root, 'does-not-exist'))).toBe(`No report at ${path.join(root, 'does-not-exist', 'report.json')}`);
  });

  it('gives exit code 2 and one line, no stack trace, on the command line', async () => {
    const result = await runCli(['report', fileWith('cut.json', text.slice(0, 100))]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bakeoff: .*cut\.json is truncated/);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

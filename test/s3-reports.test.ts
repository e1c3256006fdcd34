// Reports to and from S3 through the real CLI, against a real S3-protocol server (s3rver) and the real
// AWS SDK client: a run written to s3://..., report.json put last, read back by `compare` and `report`;
// an unreachable endpoint keeps the run locally and says where; bad S3 locations are clear errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { parseReportText, readReport } from '../reports/read-report.ts';
import { runCli } from './helpers/run-cli.ts';
import { startS3Server, type S3TestServer } from './helpers/s3-server.ts';
import { sharedDatabaseUrl } from './helpers/shared-target.ts';
import { findFreePort } from '../core/targets/free-port.ts';

let s3: S3TestServer;

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
});

/** A small, real insert-strategies run on the shared server. */
function runArgs(out: string): string[] {
  return ['run', 'insert-strategies', '--quick', '--rows', '300', '--variants', 'unnest-arrays,copy', '--database-url', sharedDatabaseUrl(), '--out', out];
}

describe('bakeoff with s3:// locations', () => {
  it('writes a run to S3 (report.json last), then compares and re-renders runs read from S3', async () => {
    const base = `s3://${s3.bucket}/team/insert`;
    const first = await runCli(runArgs(`${base}/run-a`), { env: s3.env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Reports: ${base}/run-a/report.md, ${base}/run-a/report.html, ${base}/run-a/report.json`);
    const runA = s3.created.filter((k) => k.startsWith('team/insert/run-a/'));
    expect(runA).toEqual(['team/insert/run-a/report.md', 'team/insert/run-a/report.html', 'team/insert/run-a/report.json']);
    const report = parseReportText(await s3.getText('team/insert/run-a/report.json'), 'report.json');
    expect(report.variants.map((v) => [v.name, v.status])).toEqual([['unnest-arrays', 'ok'], ['copy', 'ok']]);
    expect(await s3.getText('team/insert/run-a/report.html')).toContain('<svg');

    // A prefix ending in "/" is a parent: the run gets its own <timestamp>-<scenario>/ folder inside.
    const second = await runCli(runArgs(`${base}/`), { env: s3.env });
    expect(second.code, second.stderr).toBe(0);
    const folder = /Reports: (s3:\/\/\S+\/)report\.md/.exec(second.stdout)?.[1];
    expect(folder).toMatch(new RegExp(`^${base}/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-insert-strategies/$`));

    const compared = await runCli(['compare', `${base}/run-a`, folder!, '--json'], { env: s3.env });
    expect(compared.code, compared.stderr).toBe(0);
    const { comparison } = JSON.parse(compared.stdout) as { comparison: { a: { runId: string }; variants: Array<{ name: string; verdict: string }> } };
    expect(comparison.a.runId).toBe(report.runId);
    expect(comparison.variants.map((v) => v.name)).toEqual(['unnest-arrays', 'copy']);
    // --quick runs 2 trials: too few for any verdict, and the comparison says so.
    expect(comparison.variants.map((v) => v.verdict)).toEqual(['inconclusive', 'inconclusive']);

    const before = s3.created.length;
    const rerendered = await runCli(['report', `${base}/run-a/report.json`], { env: s3.env });
    expect(rerendered.code, rerendered.stderr).toBe(0);
    expect(rerendered.stdout).toContain(`Re-rendered ${base}/run-a/report.md and ${base}/run-a/report.html`);
    // The measurement itself (report.json) is never rewritten.
    expect(s3.created.slice(before)).toEqual(['team/insert/run-a/report.md', 'team/insert/run-a/report.html']);

    // The parent prefix holds no report.json: the message lists the runs inside it.
    const parent = await runCli(['report', `${base}/`], { env: s3.env });
    expect(parent.code).toBe(2);
    expect(parent.stderr).toContain(`No report at ${base}/report.json; runs inside it: ${base}/`);
    expect(parent.stderr).toContain(`${base}/run-a/`);
  });

  it('keeps the run locally and says where when the S3 endpoint is unreachable (exit 1)', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-s3-down-'));
    const env = { ...s3.env, AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${await findFreePort()}` };
    const result = await runCli(runArgs(`s3://${s3.bucket}/unreachable/run`), { env, cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not write the report to s3:\/\/bakeoff-reports\/unreachable\/run\/: .*cannot reach the S3 endpoint/);
    const kept = /The run is kept locally in (\S+)\./.exec(result.stderr)?.[1];
    expect(kept).toMatch(/^results\/.+-insert-strategies$/);
    expect(result.stderr).toContain(`aws s3 cp --recursive ${kept} s3://bakeoff-reports/unreachable/run/`);
    const local = parseReportText(fs.readFileSync(path.join(cwd, kept!, 'report.json'), 'utf8'), 'kept report.json');
    expect(local.status).toBe('completed');
    expect(local.variants.map((v) => v.name)).toEqual(['unnest-arrays', 'copy']);
    expect(fs.existsSync(path.join(cwd, kept!, 'report.html'))).toBe(true);
    expect(s3.created.some((k) => k.startsWith('unreachable/'))).toBe(false);
  });

  it('names a missing run, a foreign object, a missing bucket and a malformed URL clearly (exit 2)', async () => {
    await s3.put('foreign/report.json', JSON.stringify({ metrics: { http_reqs: 10 } }));
    const refusal = (location: string) =>
      readReport(location, { s3Client: s3.client }).then(
        () => 'read',
        (err: unknown) => (err instanceof UsageError ? err.message : `not a UsageError: ${String(err)}`),
      );
    expect(await refusal(`s3://${s3.bucket}/nothing-here`)).toBe(`No report at s3://${s3.bucket}/nothing-here/report.json`);
    expect(await refusal(`s3://${s3.bucket}/foreign`)).toContain(`s3://${s3.bucket}/foreign/report.json is not a pg-bakeoff report`);
    expect(await refusal('s3://no-such-bucket-here/run')).toBe('Cannot read s3://no-such-bucket-here/run/report.json: the bucket does not exist');

    // On the command line: both inputs are read before failing, and one message names both problems.
    const missing = await runCli(['compare', `s3://${s3.bucket}/nothing-here`, `s3://${s3.bucket}/foreign`], { env: s3.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('2 problems');
    expect(missing.stderr).toContain(`No report at s3://${s3.bucket}/nothing-here/report.json`);
    expect(missing.stderr).toContain(`s3://${s3.bucket}/foreign/report.json is not a pg-bakeoff report`);
    const malformed = await runCli(['run', 'insert-strategies', '--quick', '--out', 's3://Bad_Bucket/x'], { env: s3.env });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"Bad_Bucket" is not a valid S3 bucket name');
  });
});

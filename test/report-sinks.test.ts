// Where reports go: output locations (local folder, S3 prefix as a folder or a parent), atomic local
// writes in order with report.json last and no temp files left, and a delivery that falls back to a
// local folder, saying why, when the requested place cannot be written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { reportSource, runOutputLocation } from '../reports/report-location.ts';
import type { Report } from '../reports/report-schema.ts';
import { parseReportText } from '../reports/read-report.ts';
import { deliverReport } from '../reports/write-reports.ts';
import { realInsertReport } from './helpers/real-report.ts';

let report: Report;
let root: string;

beforeAll(async () => {
  report = await realInsertReport({ variants: ['copy'], trials: 1 });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-sinks-'));
});

describe('runOutputLocation', () => {
  const at = new Date('2026-03-04T05:06:07.890Z');

  it('uses results/<timestamp>-<scenario> by default and a local --out as the run folder itself', () => {
    expect(runOutputLocation(undefined, 'pool-size', at)).toEqual({ kind: 'local', dir: path.join('results', '2026-03-04T05-06-07-pool-size') });
    expect(runOutputLocation('results/before', 'pool-size', at)).toEqual({ kind: 'local', dir: 'results/before' });
  });

  it('treats an S3 prefix ending in / (or a bare bucket) as a parent, and one without as the run folder', () => {
    expect(runOutputLocation('s3://my-bucket/bakeoff/', 'pool-size', at)).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: 'bakeoff/2026-03-04T05-06-07-pool-size/' });
    expect(runOutputLocation('s3://my-bucket', 'pool-size', at)).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '2026-03-04T05-06-07-pool-size/' });
    expect(runOutputLocation('s3://my-bucket/bakeoff/run-a', 'pool-size', at)).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: 'bakeoff/run-a/' });
    expect(() => runOutputLocation('s3://x/run', 'pool-size', at)).toThrow(UsageError);
    expect(() => runOutputLocation('s3://my-bucket//run', 'pool-size', at)).toThrow(/empty path segment/);
  });
});

describe('reportSource', () => {
  it('reads report.json inside a folder or prefix, or the named .json itself', () => {
    expect(reportSource('s3://b-1/runs/a', () => false)).toEqual({ location: { kind: 's3', bucket: 'b-1', prefix: 'runs/a/' }, file: 'report.json' });
    expect(reportSource('s3://b-1/runs/a/report.json', () => false)).toEqual({ location: { kind: 's3', bucket: 'b-1', prefix: 'runs/a/' }, file: 'report.json' });
    expect(reportSource('results/a/old.json', () => true)).toEqual({ location: { kind: 'local', dir: 'results/a' }, file: 'old.json' });
    expect(reportSource('results/a', () => false)).toEqual({ location: { kind: 'local', dir: 'results/a' }, file: 'report.json' });
  });
});

describe('deliverReport', () => {
  it('writes report.md, report.html, then report.json into a local folder, leaving no temp files', async () => {
    const dir = path.join(root, 'run');
    const delivery = await deliverReport(report, { kind: 'local', dir }, { fallback: { kind: 'local', dir: path.join(root, 'fallback') } });
    expect(delivery.failed).toBeUndefined();
    expect(delivery.files).toEqual(['report.md', 'report.html', 'report.json'].map((f) => path.join(dir, f)));
    expect(fs.readdirSync(dir).sort()).toEqual(['report.html', 'report.json', 'report.md']);
    expect(parseReportText(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'), 'report.json')).toEqual(report);
    expect(fs.existsSync(path.join(root, 'fallback'))).toBe(false);
  });

  it('keeps the run in the fallback folder and says why when the requested folder cannot be written', async () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const fallback = path.join(root, 'kept');
    const delivery = await deliverReport(report, { kind: 'local', dir: path.join(blocker, 'run') }, { fallback: { kind: 'local', dir: fallback } });
    expect(delivery.failed?.requested).toEqual({ kind: 'local', dir: path.join(blocker, 'run') });
    expect(delivery.failed?.reason).toMatch(/ENOTDIR|EEXIST/);
    expect(delivery.location).toEqual({ kind: 'local', dir: fallback });
    expect(fs.readdirSync(fallback).sort()).toEqual(['report.html', 'report.json', 'report.md']);
  });
});

// Where a run's report files live: a local folder or an S3 prefix. One parser for the `--out` of a run
// and for the runs that `compare` and `report` read, so both accept the same spellings.
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { isS3Url, parseS3Url } from '../core/s3-url.ts';

export type RunLocation =
  | { kind: 'local'; dir: string }
  /** `prefix` is '' (bucket root) or ends with '/'. */
  | { kind: 's3'; bucket: string; prefix: string };

/** The file names of a run, in the order they are written: report.json last, so its presence means complete. */
export const REPORT_FILES = ['report.md', 'report.html', 'report.json'] as const;
export type ReportFileName = (typeof REPORT_FILES)[number];

export function describeLocation(location: RunLocation): string {
  return location.kind === 'local' ? location.dir : `s3://${location.bucket}/${location.prefix}`;
}

export function describeFile(location: RunLocation, name: string): string {
  return location.kind === 'local' ? path.join(location.dir, name) : `s3://${location.bucket}/${location.prefix}${name}`;
}

function s3Parts(text: string): { bucket: string; prefix: string } {
  const parsed = parseS3Url(text);
  if ('problem' in parsed) throw new UsageError(parsed.problem);
  return parsed;
}

/** `<timestamp>-<scenario>`: the folder name of a run when the user names only a parent. */
export function runFolderName(scenario: string, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\..+$/, '');
  return `${stamp}-${scenario}`;
}

/**
 * Where a run writes. A local `--out` is the run folder itself (default results/<timestamp>-<scenario>).
 * An S3 prefix ending in '/' (or a bare bucket) is a parent: the run gets its own <timestamp>-<scenario>/
 * inside it; without the trailing '/' the prefix is the run folder.
 */
export function runOutputLocation(out: string | undefined, scenario: string, startedAt: Date): RunLocation {
  if (out === undefined) return { kind: 'local', dir: path.join('results', runFolderName(scenario, startedAt)) };
  if (!isS3Url(out)) return { kind: 'local', dir: out };
  const { bucket, prefix } = s3Parts(out);
  if (prefix === '' || prefix.endsWith('/')) return { kind: 's3', bucket, prefix: `${prefix}${runFolderName(scenario, startedAt)}/` };
  return { kind: 's3', bucket, prefix: `${prefix}/` };
}

/** A run to read: a folder or prefix holding report.json, or the report.json itself. */
export interface ReportSource {
  location: RunLocation;
  /** The report.json file name inside the location (usually `report.json`). */
  file: string;
}

export function reportSource(text: string, isLocalFile: (p: string) => boolean): ReportSource {
  if (isS3Url(text)) {
    const { bucket, prefix } = s3Parts(text);
    if (prefix.toLowerCase().endsWith('.json')) {
      const slash = prefix.lastIndexOf('/');
      return { location: { kind: 's3', bucket, prefix: prefix.slice(0, slash + 1) }, file: prefix.slice(slash + 1) };
    }
    return { location: { kind: 's3', bucket, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` }, file: 'report.json' };
  }
  if (isLocalFile(text)) return { location: { kind: 'local', dir: path.dirname(text) }, file: path.basename(text) };
  return { location: { kind: 'local', dir: text }, file: 'report.json' };
}

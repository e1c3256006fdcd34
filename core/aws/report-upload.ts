// Puts a run's report files into S3 (report.json last, so a reader that finds it finds a complete run).
// Minimal on purpose: the report sinks (reports/sinks/, branch issue-6) do this and more for every
// command; once they are on main, the coordinator should use writeRunFiles() from there instead.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RunFailedError, errorMessage } from '../errors.ts';

const CONTENT_TYPES: Record<string, string> = { json: 'application/json; charset=utf-8', md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' };

export interface S3Location {
  bucket: string;
  /** Ends with `/` (or is empty). */
  prefix: string;
}

/** `s3://bucket/some/prefix` -> { bucket, prefix: 'some/prefix/' }; undefined for anything else. */
export function parseS3Url(url: string): S3Location | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) return undefined;
  const prefix = (match[2] ?? '').replace(/^\/+/, '');
  return { bucket: match[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

/** Where a run's report goes when --out is not given: `runs/<UTC timestamp>-<scenario>/`. */
export function defaultReportPrefix(scenario: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/:/g, '-').replace(/\..+$/, '');
  return `runs/${stamp}-${scenario}/`;
}

export async function putReportFiles(client: S3Client, location: S3Location, files: ReadonlyArray<readonly [name: string, content: string]>): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of files) {
    const key = `${location.prefix}${name}`;
    try {
      await client.send(new PutObjectCommand({ Bucket: location.bucket, Key: key, Body: content, ContentType: CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream' }));
    } catch (err) {
      throw new RunFailedError(`Cannot write s3://${location.bucket}/${key}: ${errorMessage(err)}`, { cause: err });
    }
    written.push(`s3://${location.bucket}/${key}`);
  }
  return written;
}

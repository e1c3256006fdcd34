// The S3 sink: puts a run's files under a prefix in the order given (report.json last, so a reader that
// finds report.json finds a complete run), and reads them back with a size limit.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RunFailedError, UsageError } from '../../core/errors.ts';
import { describeS3Error } from './s3-client.ts';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

function contentType(name: string): string {
  return CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
}

/** Puts the files one after another; returns their s3:// URLs. A failure names the object and the reason. */
export async function putS3Files(
  client: S3Client,
  bucket: string,
  prefix: string,
  files: ReadonlyArray<readonly [name: string, content: string]>,
): Promise<string[]> {
  const written: string[] = [];
  for (const [name, content] of files) {
    const url = `s3://${bucket}/${prefix}${name}`;
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${name}`, Body: content, ContentType: contentType(name) }));
    } catch (err) {
      throw new RunFailedError(`Cannot write ${url}: ${describeS3Error(err)}`, { cause: err });
    }
    written.push(url);
  }
  return written;
}

/** Reads one object as text; every failure is a UsageError naming the object and what to check. */
export async function getS3Text(client: S3Client, bucket: string, key: string, maxBytes: number): Promise<string> {
  const where = `s3://${bucket}/${key}`;
  try {
    // GET rather than HEAD first: a HEAD error has no body, so a missing bucket would look like a missing key.
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((object.ContentLength ?? 0) > maxBytes) {
      (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new UsageError(`${where} is ${Math.round((object.ContentLength ?? 0) / 1048576)} MiB, larger than a pg-bakeoff report can be (${Math.round(maxBytes / 1048576)} MiB)`);
    }
    if (!object.Body) throw new UsageError(`${where} is empty`);
    return await object.Body.transformToString('utf-8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const reason = describeS3Error(err);
    throw new UsageError(reason === 'no such object' ? `No report at ${where}` : `Cannot read ${where}: ${reason}`, { cause: err });
  }
}

/** Run folders directly under a prefix that hold a report.json, to suggest when the prefix itself holds none. */
export async function s3RunsUnder(client: S3Client, bucket: string, prefix: string, limit = 5): Promise<string[]> {
  try {
    const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', MaxKeys: 1000 }));
    const folders = (listing.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => Boolean(p)).sort().slice(-limit * 4);
    const runs: string[] = [];
    for (const folder of folders) {
      const inside = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${folder}report.json`, MaxKeys: 1 }));
      if ((inside.KeyCount ?? 0) > 0) runs.push(`s3://${bucket}/${folder}`);
    }
    return runs.slice(-limit);
  } catch {
    return [];
  }
}

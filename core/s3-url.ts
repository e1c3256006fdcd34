// Parses `s3://bucket/prefix` locations (the `--out` of a run, the runs `compare` and `report` read). Lives
// in core so option validation can name a malformed S3 URL together with every other bad option.

export interface S3Url {
  bucket: string;
  /** Key prefix without a leading slash; '' for the bucket root. Keeps a trailing slash if given. */
  prefix: string;
}

export function isS3Url(text: string): boolean {
  return /^s3:\/\//i.test(text);
}

// S3 bucket naming rules: 3-63 characters, lower-case letters, digits, dots and hyphens, starting and
// ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Returns the parsed URL, or a sentence saying what is wrong with it. */
export function parseS3Url(text: string): S3Url | { problem: string } {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(text);
  if (!match) return { problem: `"${text}" is not an s3://bucket/prefix URL` };
  const bucket = match[1] ?? '';
  const prefix = match[2] ?? '';
  if (!BUCKET.test(bucket)) {
    return { problem: `"${bucket}" is not a valid S3 bucket name (3-63 lower-case letters, digits, dots or hyphens): write s3://bucket/prefix` };
  }
  if (prefix.startsWith('/') || prefix.includes('//')) return { problem: `"${text}" has an empty path segment (//); write s3://${bucket}/some/prefix` };
  return { bucket, prefix };
}

export function formatS3Url(url: S3Url): string {
  return `s3://${url.bucket}/${url.prefix}`;
}

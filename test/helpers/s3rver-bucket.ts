// One bucket on s3rver (a protocol-level stand-in for Amazon S3: the same HTTP API the AWS SDK uses) on a
// free loopback port with its own temporary directory, and a real S3 client pointed at it.
// (Branch issue-6 has a fuller helper, test/helpers/s3-server.ts; use that one once it is on main.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface S3rverBucket {
  endpoint: string;
  bucket: string;
  client: S3Client;
  getText(key: string): Promise<string>;
  keys(prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3rverBucket(bucket = 'bakeoff-reports'): Promise<S3rverBucket> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver needs path-style addressing and no default request checksums.
  const client = new S3Client({ endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  return {
    endpoint,
    bucket,
    client,
    async getText(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body!.transformToString('utf-8');
    },
    async keys(prefix = '') {
      const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listing.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

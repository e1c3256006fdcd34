// A real S3-protocol server for tests (s3rver: a protocol-level stand-in for Amazon S3, speaking the same
// HTTP API the AWS SDK uses), on a free loopback port with its own temporary directory, plus the
// environment a `bakeoff` child process needs to use it and a real S3 client to look inside.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client } from '../../reports/sinks/s3-client.ts';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** Keys of objects created (PUT), in the order the server stored them. */
  created: string[];
  /** Environment for a child `bakeoff` process: endpoint, region and (test-only) credentials. */
  env: NodeJS.ProcessEnv;
  getText(key: string): Promise<string>;
  put(key: string, body: string): Promise<void>;
  close(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3Server(bucket = 'bakeoff-reports'): Promise<S3TestServer> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const created: string[] = [];
  (server as unknown as NodeJS.EventEmitter).on('event', (event: { Records: Array<{ eventName: string; s3: { object: { key: string } } }> }) => {
    for (const record of event.Records) if (record.eventName.startsWith('ObjectCreated')) created.push(decodeURIComponent(record.s3.object.key));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createS3Client({ endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  return {
    endpoint,
    bucket,
    client,
    created,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    async getText(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body!.transformToString('utf-8');
    },
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

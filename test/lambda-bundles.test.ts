// The Lambda handlers as deployed: bundled by esbuild like the stack bundles them, run in a fresh Node
// process with a Lambda function's environment (core/config.ts reads it), the database secret read from
// a Secrets Manager stand-in, the Data API and S3 behind theirs, the database the suite's embedded
// Postgres. Also the AWS target itself: the secret becomes a pg connection whose password never prints.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { openAwsTarget } from '../core/aws/aws-target.ts';
import { LAMBDA_ENV } from '../infra/outputs.ts';
import { readAwsEnvironment } from '../core/config.ts';
import type { SliceRequest } from '../core/executors/executor.ts';
import { connectClient } from '../core/pg-connect.ts';
import { parseReportText } from '../reports/read-report.ts';
import { createWorkloadTables, workloadTables } from '../scenarios/pool-size/tables.ts';
import type { DataApiStandIn } from './stand-ins/data-api/data-api-stand-in.ts';
import { startSecretsManagerStandIn } from './stand-ins/secrets-manager/secrets-manager-stand-in.ts';
import { bundleDir, bundleHandler, invokeBundle } from './helpers/bundle-lambda.ts';
import { startSharedDataApi } from './helpers/data-api-target.ts';
import { startS3Server, type S3TestServer } from './helpers/s3-server.ts';
import { sharedClient, sharedTarget, withTestSchema } from './helpers/shared-target.ts';

let admin: pg.Client;
let dataApi: DataApiStandIn;
let secrets: Awaited<ReturnType<typeof startSecretsManagerStandIn>>;
let s3: S3TestServer;
let env: NodeJS.ProcessEnv;
let password: string;
let schema: string;
let dropSchema: () => Promise<void>;
const dir = bundleDir();
const awsCredentials = () => ({ accessKeyId: String(s3.env.AWS_ACCESS_KEY_ID), secretAccessKey: String(s3.env.AWS_SECRET_ACCESS_KEY) });

beforeAll(async () => {
  admin = await sharedClient();
  ({ standIn: dataApi } = await startSharedDataApi());
  const config = (await sharedTarget()).connectionConfig();
  password = String(config.password);
  secrets = await startSecretsManagerStandIn({
    [dataApi.connection.secretArn]: JSON.stringify({ username: config.user, password, engine: 'postgres', host: 'ignored.example', port: 1, dbname: 'postgres' }),
  });
  s3 = await startS3Server();
  ({ schema, drop: dropSchema } = await withTestSchema(admin));
  await createWorkloadTables(admin, workloadTables(schema), 100);
  env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: String(s3.env.AWS_ACCESS_KEY_ID),
    AWS_SECRET_ACCESS_KEY: String(s3.env.AWS_SECRET_ACCESS_KEY),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_ENDPOINT_URL_RDS_DATA: dataApi.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    [LAMBDA_ENV.clusterArn]: dataApi.connection.resourceArn,
    [LAMBDA_ENV.secretArn]: dataApi.connection.secretArn,
    [LAMBDA_ENV.databaseName]: 'postgres',
    [LAMBDA_ENV.databaseHost]: String(config.host),
    [LAMBDA_ENV.databasePort]: String(config.port),
    [LAMBDA_ENV.reportsBucketName]: s3.bucket,
    // The embedded server has no TLS; on AWS the default (verify-full) applies.
    BAKEOFF_DATABASE_SSL: 'disable',
  };
});

afterAll(async () => {
  await dataApi?.close();
  await secrets?.close();
  await s3?.close();
  await dropSchema();
  await admin.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the AWS target', () => {
  it('connects with the credentials from the secret, offers the Data API, and never prints the password', async () => {
    const target = await openAwsTarget(readAwsEnvironment(env), { credentials: awsCredentials() });
    const client = await connectClient(target, undefined);
    try {
      expect((await client.query('SELECT current_database() AS db')).rows[0].db).toBe('postgres');
    } finally {
      await client.end();
    }
    expect(target.kind).toBe('aws');
    expect(target.dataApi?.resourceArn).toBe(dataApi.connection.resourceArn);
    expect(JSON.stringify(target.connectionConfig())).not.toContain(password);
    expect(target.displayName).not.toContain(password);
  });

  it('requires TLS with certificate verification unless told otherwise', async () => {
    const { BAKEOFF_DATABASE_SSL: _ssl, ...onAws } = env;
    const target = await openAwsTarget(readAwsEnvironment(onAws), { credentials: awsCredentials() });
    expect(target.connectionConfig().ssl).toEqual({ rejectUnauthorized: true });
  });

  it('names the secret it could not read', async () => {
    const wrong = { ...env, [LAMBDA_ENV.secretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:missing' };
    await expect(openAwsTarget(readAwsEnvironment(wrong), { credentials: awsCredentials() })).rejects.toThrow(/Cannot read the database secret .*secret:missing: .*can't find the specified secret/);
  });
});

describe('the bundled handlers', () => {
  it('coordinator: runs insert-strategies through the Data API and writes the report to S3', async () => {
    const file = await bundleHandler('coordinator', dir);
    const out = await invokeBundle(file, { scenario: 'insert-strategies', options: { driver: 'data-api', rows: '60', batchSize: '30', trials: '1', warmup: '0', variants: 'batch-execute' } }, env);
    expect(out.ok, `${out.error} ${out.stderr}`).toBe(true);
    expect(out.result.status).toBe('completed');
    const key = out.result.reportUrl.replace(`s3://${s3.bucket}/`, '');
    const report = parseReportText(await s3.getText(key), out.result.reportUrl);
    expect(report.target.kind).toBe('aws');
    expect(report.variants[0]!.trials[0]!.check.ok).toBe(true);
    // 60 rows in batches of 30, plus the session check when the driver opened.
    expect(report.cost?.dataApi?.requests).toBe(2 + 1);
    expect(out.stderr + JSON.stringify(out.result)).not.toContain(password);
  });

  it('worker: runs one pool-size slice and returns its SliceResult', async () => {
    const file = await bundleHandler('worker', dir);
    const request: SliceRequest = {
      scenario: 'pool-size',
      variant: 'pool-2',
      options: { mix: { select: 100, update: 0, insert: 0 }, holdMs: 0, heavy: 0, accounts: 100, acquireTimeoutMs: 5000 },
      params: { poolSize: 2 },
      schema,
      applicationName: 'bakeoff-bundle-test',
      index: 0,
      count: 1,
      load: { mode: 'closed', concurrency: 2, durationMs: 300 },
      seed: 7,
      sampleEveryMs: 100,
      warmup: false,
    };
    const out = await invokeBundle(file, { request, startAtMs: Date.now() + 500 }, env);
    expect(out.ok, `${out.error} ${out.stderr}`).toBe(true);
    expect(out.result.counters.succeeded).toBeGreaterThan(0);
    expect(out.result.counters.failed).toBe(0);
    expect(out.result.counters.poolSize).toBe(2);
    expect(typeof out.result.histograms.latency).toBe('string');
  });

  it('http: answers /op with the pool-size work', async () => {
    const file = await bundleHandler('http', dir);
    const out = await invokeBundle(file, { rawPath: '/op', queryStringParameters: { scenario: 'pool-size', schema, accounts: '100' }, requestContext: { http: { method: 'GET', path: '/op' } } }, env);
    expect(out.ok, `${out.error} ${out.stderr}`).toBe(true);
    expect(out.result.statusCode).toBe(200);
    expect(['select', 'update', 'insert']).toContain(JSON.parse(out.result.body).op);
  });
});

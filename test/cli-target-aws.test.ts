// `bakeoff run ... --target aws` as a user runs it, with AWS replaced by protocol-level stand-ins: the
// stack's outputs come from a DescribeStacks stand-in, the coordinator Lambda (our real handler, in this
// test process) behind the Lambda Invoke stand-in, the Data API behind its stand-in, reports in s3rver.
// Also what happens without credentials, without a deployed stack, and with --driver data-api locally.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinatorHandler } from '../core/aws/coordinator-handler.ts';
import { OUTPUTS, STACK_NAMES } from '../infra/outputs.ts';
import type { Target } from '../core/targets/target.ts';
import { parseReportText } from '../reports/read-report.ts';
import { findScenario } from '../scenarios/index.ts';
import { startDescribeStacksStandIn } from './stand-ins/cloudformation/describe-stacks-stand-in.ts';
import type { DataApiStandIn } from './stand-ins/data-api/data-api-stand-in.ts';
import { startLambdaInvokeStandIn, type LambdaInvokeStandIn } from './stand-ins/lambda/lambda-invoke-stand-in.ts';
import { startSharedDataApi } from './helpers/data-api-target.ts';
import { runCli } from './helpers/run-cli.ts';
import { startS3Server, type S3TestServer } from './helpers/s3-server.ts';

let target: Target;
let dataApi: DataApiStandIn;
let lambda: LambdaInvokeStandIn;
let s3: S3TestServer;
let stacks: Awaited<ReturnType<typeof startDescribeStacksStandIn>>;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ target, standIn: dataApi } = await startSharedDataApi());
  s3 = await startS3Server();
  const coordinator = createCoordinatorHandler({ target: async () => target, findScenario, s3: s3.client, reportsBucket: s3.bucket, workers: () => undefined });
  lambda = await startLambdaInvokeStandIn({ 'bakeoff-coordinator': { handler: coordinator, memoryMb: 1024 } });
  stacks = await startDescribeStacksStandIn([
    {
      name: STACK_NAMES.harness,
      outputs: {
        [OUTPUTS.region]: 'us-east-1',
        [OUTPUTS.clusterArn]: dataApi.connection.resourceArn,
        [OUTPUTS.secretArn]: dataApi.connection.secretArn,
        [OUTPUTS.databaseName]: 'postgres',
        [OUTPUTS.databaseHost]: '10.0.0.1',
        [OUTPUTS.databasePort]: '5432',
        [OUTPUTS.coordinatorFunctionName]: 'bakeoff-coordinator',
        [OUTPUTS.workerFunctionName]: 'bakeoff-worker',
        [OUTPUTS.reportsBucketName]: s3.bucket,
        [OUTPUTS.auroraMinAcu]: '0',
        [OUTPUTS.auroraMaxAcu]: '2',
        [OUTPUTS.workerMemoryMb]: '1024',
      },
    },
  ]);
  // No ~/.aws of the machine running the tests: credentials come from the environment or nowhere.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-home-'));
  env = {
    HOME: home,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: String(s3.env.AWS_ACCESS_KEY_ID),
    AWS_SECRET_ACCESS_KEY: String(s3.env.AWS_SECRET_ACCESS_KEY),
    AWS_ENDPOINT_URL_CLOUDFORMATION: stacks.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});

afterAll(async () => {
  await lambda?.close();
  await stacks?.close();
  await dataApi?.close();
  await s3?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('bakeoff run --target aws', () => {
  it('runs the scenario through the coordinator and saves the report it wrote to S3', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-aws-out-'));
    try {
      const before = lambda.invocations['bakeoff-coordinator'] ?? 0;
      const result = await runCli(
        ['run', 'insert-strategies', '--target', 'aws', '--driver', 'data-api', '--rows', '100', '--batch-size', '40', '--trials', '1', '--warmup', '0', '--variants', 'batch-execute,copy', '--out', out],
        { env },
      );
      expect(result.stderr).toMatch(/running on AWS \(coordinator bakeoff-coordinator, region us-east-1\); report: s3:\/\/bakeoff-reports\/runs\/.*insert-strategies\/report\.json/);
      expect(result.code, result.stderr).toBe(0);
      expect(lambda.invocations['bakeoff-coordinator']! - before).toBe(1);
      expect(result.stdout).toMatch(/batch-execute/);
      expect(result.stdout).toMatch(/Cost \(estimate\)/);

      const local = parseReportText(fs.readFileSync(path.join(out, 'report.json'), 'utf8'), 'report.json');
      expect(local.options.common.driver).toBe('data-api');
      expect(local.variants.find((v) => v.name === 'batch-execute')?.trials[0]?.check.ok).toBe(true);
      expect(local.variants.find((v) => v.name === 'copy')?.status).toBe('unsupported');
      // 100 rows in batches of 40: three BatchExecuteStatement calls, plus the session check.
      expect(local.variants.find((v) => v.name === 'batch-execute')?.trials[0]?.metrics.dataApiRequests).toBe(3);
      expect(local.cost?.dataApi?.requests).toBe(3 + 1);
      expect(local.cost?.aurora?.acuHours.high).toBeGreaterThan(0);
      const remote = s3.created.filter((k) => k.startsWith('runs/')).filter((k) => k.endsWith('report.json'));
      expect(remote.length).toBeGreaterThan(0);
      expect(JSON.parse(await s3.getText(remote[remote.length - 1]!)).runId).toBe(local.runId);
      for (const name of ['report.md', 'report.html']) expect(fs.existsSync(path.join(out, name))).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('says how to get credentials when there are none', async () => {
    const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _b, ...without } = env;
    const result = await runCli(['run', 'insert-strategies', '--target', 'aws'], { env: { ...without, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No AWS credentials found\. Configure them/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says to deploy when the stack is not there', async () => {
    const result = await runCli(['run', 'insert-strategies', '--target', 'aws', '--stack', 'NotDeployed'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The stack NotDeployed is not deployed .* npx cdk deploy --all/);
  });

  it('refuses --driver data-api on a local target before starting anything', async () => {
    const result = await runCli(['run', 'insert-strategies', '--driver', 'data-api'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--driver data-api needs --target aws/);
  });
});

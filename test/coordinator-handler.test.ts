// The coordinator handler invoked as a function, the way Lambda calls it, against the suite's embedded
// Postgres: a pool-size run fans its slices out through the real Lambda executor to the real worker
// handler (behind the Lambda Invoke stand-in), an insert-strategies run goes through the Data API driver
// (behind its stand-in), and each writes report.json/.md/.html to S3 (s3rver) with a cost estimate made
// from the usage counted on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinatorHandler, type CoordinatorEvent } from '../core/aws/coordinator-handler.ts';
import type { LambdaContext } from '../core/aws/lambda-context.ts';
import { createWorkerHandler } from '../core/aws/worker-handler.ts';
import { createLambdaExecutor } from '../core/executors/lambda.ts';
import type { Target } from '../core/targets/target.ts';
import { parseReportText } from '../reports/read-report.ts';
import { findScenario } from '../scenarios/index.ts';
import { findSliceRunner } from '../scenarios/slice-runners.ts';
import type { DataApiStandIn } from './stand-ins/data-api/data-api-stand-in.ts';
import { startLambdaInvokeStandIn, type LambdaInvokeStandIn } from './stand-ins/lambda/lambda-invoke-stand-in.ts';
import { startSharedDataApi } from './helpers/data-api-target.ts';
import { startS3Server, type S3TestServer } from './helpers/s3-server.ts';

let target: Target;
let dataApi: DataApiStandIn;
let lambda: LambdaInvokeStandIn;
let s3: S3TestServer;

const context = (memoryMb: number, remainingMs = 900_000): LambdaContext => {
  const deadline = Date.now() + remainingMs;
  return { functionName: 'bakeoff-coordinator', awsRequestId: 'test', memoryLimitInMB: String(memoryMb), getRemainingTimeInMillis: () => deadline - Date.now() };
};

beforeAll(async () => {
  ({ target, standIn: dataApi } = await startSharedDataApi());
  const worker = createWorkerHandler({ target: async () => target, findRunner: findSliceRunner });
  lambda = await startLambdaInvokeStandIn({ 'bakeoff-worker': { handler: worker, memoryMb: 1024 } });
  s3 = await startS3Server();
});

afterAll(async () => {
  await lambda?.close();
  await dataApi?.close();
  await s3?.close();
});

function coordinator() {
  return createCoordinatorHandler({
    target: async () => target,
    findScenario,
    s3: s3.client,
    reportsBucket: s3.bucket,
    workers: () => createLambdaExecutor({ functionName: 'bakeoff-worker', endpoint: lambda.endpoint, region: lambda.region, credentials: lambda.credentials, prepareMs: 500 }),
  });
}

describe('the coordinator handler', () => {
  it('runs pool-size with its slices on worker Lambdas and writes the report to S3', async () => {
    const before = lambda.invocations['bakeoff-worker'] ?? 0;
    const event: CoordinatorEvent = {
      scenario: 'pool-size',
      options: { pool: '2,4', concurrency: '4', duration: '0.5', workers: '2', accounts: '200', trials: '1', warmup: '0' },
      aurora: { minAcu: 0, maxAcu: 4 },
    };
    const result = await coordinator()(event, context(1024));

    expect(result.status, result.reason).toBe('completed');
    expect(result.exitCode).toBe(0);
    // Every trial of every variant ran as two worker invocations.
    const variants = result.variants.filter((v) => v.status === 'ok');
    expect(variants.length).toBeGreaterThanOrEqual(2);
    expect((lambda.invocations['bakeoff-worker'] ?? 0) - before).toBe(variants.length * 2);

    const prefix = result.reportUrl.replace(`s3://${s3.bucket}/`, '').replace(/report\.json$/, '');
    expect(prefix).toMatch(/^runs\/\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-pool-size\/$/);
    expect(s3.created.filter((k) => k.startsWith(prefix)).sort()).toEqual([`${prefix}report.html`, `${prefix}report.json`, `${prefix}report.md`]);
    const report = parseReportText(await s3.getText(`${prefix}report.json`), result.reportUrl);
    expect(report.runId).toBe(result.runId);
    for (const variant of report.variants.filter((v) => v.status === 'ok')) {
      for (const trial of variant.trials) {
        expect(trial.check.ok, trial.check.detail).toBe(true);
        expect(trial.extra?.loadSource).toBe('lambda x2');
      }
    }
    expect(report.cost?.lambda?.invocations).toBe(variants.length * 2 + 1);
    expect(report.cost?.lambda?.gbSeconds).toBeGreaterThan(0);
    expect(report.cost?.aurora?.acuHours.low).toBeGreaterThan(0);
    expect(report.cost!.aurora!.acuHours.high).toBeCloseTo(report.cost!.aurora!.acuHours.low * 8, 9);
    expect(await s3.getText(`${prefix}report.md`)).toMatch(/Cost \(estimate\)/);
  });

  it('runs insert-strategies through the Data API and counts its requests for the cost estimate', async () => {
    const before = dataApi.calls.ExecuteStatement + dataApi.calls.BatchExecuteStatement + dataApi.calls.BeginTransaction + dataApi.calls.CommitTransaction + dataApi.calls.RollbackTransaction;
    const result = await coordinator()(
      { scenario: 'insert-strategies', options: { driver: 'data-api', rows: '120', batchSize: '50', trials: '1', warmup: '0', variants: 'multi-row-values,batch-execute,copy' }, out: `s3://${s3.bucket}/mine/run-1` },
      context(512),
    );
    const after = dataApi.calls.ExecuteStatement + dataApi.calls.BatchExecuteStatement + dataApi.calls.BeginTransaction + dataApi.calls.CommitTransaction + dataApi.calls.RollbackTransaction;

    expect(result.status, result.reason).toBe('completed');
    expect(result.reportUrl).toBe(`s3://${s3.bucket}/mine/run-1/report.json`);
    expect(result.variants.map((v) => [v.name, v.status])).toEqual([
      ['multi-row-values', 'ok'],
      ['copy', 'unsupported'],
      ['batch-execute', 'ok'],
    ]);
    expect(result.cost?.dataApi?.requests).toBe(after - before);
    // 120 rows in batches of 50: three calls per variant, plus the session check when each opens.
    expect(result.cost?.dataApi?.requests).toBe(2 * (3 + 1));
    expect(result.cost?.lambda?.invocations).toBe(1);
  });

  it('uses the contents of a file option sent along, as the file on the CLI\'s machine', async () => {
    const queries = '-- name: my-by-user\n-- param $1: zipf 1..{users}\nSELECT id FROM orders WHERE user_id = $1;\n';
    const result = await coordinator()(
      {
        scenario: 'index-choices',
        // The path is the one on the user's machine; the coordinator gets the contents in `files`.
        options: { queries: '/home/someone/my-queries.sql', rows: '1000', readSeconds: '0.05', insertRows: '100', updates: '30', trials: '1', warmup: '0', variants: 'none' },
        files: { queries: { name: 'my-queries.sql', content: queries } },
      },
      context(512),
    );
    expect(result.status, result.reason).toBe('completed');
    const report = parseReportText(await s3.getText(result.reportUrl.replace(`s3://${s3.bucket}/`, '')), result.reportUrl);
    expect(JSON.stringify(report.variants[0]!.trials[0]!.extra)).toContain('my-by-user');
    expect(JSON.stringify(report.variants[0]!.trials[0]!.extra)).not.toContain('by-user-recent');
  });

  it('refuses an unknown scenario and a non-S3 --out before doing anything', async () => {
    await expect(coordinator()({ scenario: 'nope', options: {} }, context(512))).rejects.toThrow(/Unknown scenario "nope"/);
    await expect(coordinator()({ scenario: 'insert-strategies', options: {}, out: '/tmp/x' }, context(512))).rejects.toThrow(/give s3:\/\/<bucket>\/<prefix>/);
  });
});

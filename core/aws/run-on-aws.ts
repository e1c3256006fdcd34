// `bakeoff run <scenario> --target aws`: the run happens inside AWS, next to the database. The CLI reads
// the harness stack's outputs, invokes the coordinator Lambda with the options as given on the command
// line (it validates them again), waits for it, and reads the report it wrote to S3. The laptop needs
// only CloudFormation, Lambda and S3 access; the database stays in its private subnets.
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsEnvironment } from '../config.ts';
import { errorMessage, RunFailedError, UsageError } from '../errors.ts';
import { createLambdaClient } from '../executors/lambda.ts';
import type { CoordinatorEvent, CoordinatorResult } from './coordinator-handler.ts';
import { describeAwsError, readStackOutputs, type StackOutputs } from './read-stack-outputs.ts';
import { defaultReportPrefix, parseS3Url, type S3Location } from './report-upload.ts';

/** Flags that only mean something to the local CLI; the coordinator gets the rest as given. */
const LOCAL_ONLY = new Set(['target', 'stack', 'databaseUrl', 'out', 'json', 'verbose']);

export interface AwsRunRequest {
  scenario: string;
  /** The command line's flags as parsed (before validation). */
  raw: Record<string, unknown>;
  /** --out when it is an s3:// URL: the report is written there. */
  out?: string;
  stackName?: string;
  env: AwsEnvironment;
  signal: AbortSignal;
  /** Told where the run happens and where its report will be, before waiting for it. */
  onStart?(info: { coordinator: string; reportUrl: string; outputs: StackOutputs }): void;
}

export interface AwsRunResult {
  result: CoordinatorResult;
  /** The report.json text, as the coordinator wrote it. */
  reportText: string;
}

export async function runOnAws(request: AwsRunRequest): Promise<AwsRunResult> {
  const outputs = await readStackOutputs({ stackName: request.stackName, region: request.env.region, endpoint: request.env.endpoints.cloudFormation });
  const region = outputs.region;
  const location: S3Location = request.out
    ? (parseS3Url(request.out) ?? failOut(request.out))
    : { bucket: outputs.reportsBucketName, prefix: defaultReportPrefix(request.scenario) };
  const event: CoordinatorEvent = {
    scenario: request.scenario,
    options: Object.fromEntries(Object.entries(request.raw).filter(([key, value]) => !LOCAL_ONLY.has(key) && value !== undefined)),
    out: `s3://${location.bucket}/${location.prefix}`,
    ...(outputs.auroraMinAcu && outputs.auroraMaxAcu ? { aurora: { minAcu: Number(outputs.auroraMinAcu), maxAcu: Number(outputs.auroraMaxAcu) } } : {}),
  };
  request.onStart?.({ coordinator: outputs.coordinatorFunctionName, reportUrl: `s3://${location.bucket}/${location.prefix}report.json`, outputs });

  const lambda = createLambdaClient({ region, endpoint: request.env.endpoints.lambda, maxSockets: 1 });
  let result: CoordinatorResult;
  try {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: outputs.coordinatorFunctionName, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(event)) }),
      { abortSignal: request.signal },
    );
    const text = output.Payload ? new TextDecoder().decode(output.Payload) : '';
    if (output.FunctionError) {
      let message = text;
      try {
        const payload = JSON.parse(text) as { errorMessage?: string; errorType?: string };
        message = payload.errorMessage ?? message;
        if (payload.errorType === 'UsageError') throw new UsageError(message);
      } catch (err) {
        if (err instanceof UsageError) throw err;
      }
      throw new RunFailedError(`The coordinator Lambda failed: ${message}`);
    }
    result = JSON.parse(text) as CoordinatorResult;
  } catch (err) {
    if (err instanceof UsageError || err instanceof RunFailedError) throw err;
    const known = describeAwsError(err);
    if (known) throw new UsageError(known, { cause: err });
    throw new RunFailedError(`Invoking the coordinator ${outputs.coordinatorFunctionName} failed: ${errorMessage(err)}`, { cause: err });
  } finally {
    lambda.destroy();
  }

  const s3 = new S3Client({ region, ...(request.env.endpoints.s3 ? { endpoint: request.env.endpoints.s3, forcePathStyle: true } : {}) });
  try {
    const reportUrl = parseS3Url(result.reportUrl.replace(/report\.json$/, ''))!;
    const object = await s3.send(new GetObjectCommand({ Bucket: reportUrl.bucket, Key: `${reportUrl.prefix}report.json` }));
    return { result, reportText: await object.Body!.transformToString('utf-8') };
  } catch (err) {
    throw new RunFailedError(`The run finished but its report could not be read from ${result.reportUrl}: ${describeAwsError(err) ?? errorMessage(err)}`, { cause: err });
  } finally {
    s3.destroy();
  }
}

function failOut(out: string): never {
  throw new UsageError(`--out ${out} is not an s3://<bucket>/<prefix>/ URL`);
}

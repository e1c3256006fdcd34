// `bakeoff run <scenario> --target aws`: the run happens inside AWS, next to the database. The CLI reads
// the harness stack's outputs, invokes the coordinator Lambda with the options as given on the command
// line (it validates them again), waits for it, and reads the report it wrote to S3. The laptop needs
// only CloudFormation, Lambda and S3 access; the database stays in its private subnets.
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { AwsEnvironment } from '../config.ts';
import { errorMessage, RunFailedError, UsageError } from '../errors.ts';
import { createLambdaClient } from '../executors/lambda.ts';
import type { CoordinatorEvent, CoordinatorResult } from './coordinator-handler.ts';
import { MAX_REPORT_BYTES } from '../../reports/read-report.ts';
import { describeFile, describeLocation, runOutputLocation, type RunLocation } from '../../reports/report-location.ts';
import { createS3Client } from '../../reports/sinks/s3-client.ts';
import { readRunText } from '../../reports/sinks/run-store.ts';
import type { OptionSpec } from '../scenario.ts';
import { collectOptionFiles } from './option-files.ts';
import { describeAwsError, readStackOutputs, type StackOutputs } from './read-stack-outputs.ts';

/** Flags that only mean something to the local CLI; the coordinator gets the rest as given. */
const LOCAL_ONLY = new Set(['target', 'stack', 'databaseUrl', 'out', 'json', 'verbose']);

export interface AwsRunRequest {
  scenario: string;
  /** The scenario's own options, to find those that name local files. */
  specs: readonly OptionSpec[];
  /** The command line's flags as parsed (before validation). */
  raw: Record<string, unknown>;
  /** --out when it is an s3:// URL: the report is written there (a prefix ending in / gets a run folder inside). */
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
  /** Where the coordinator wrote the run's files. */
  location: RunLocation;
}

export async function runOnAws(request: AwsRunRequest): Promise<AwsRunResult> {
  // Read before anything else: a missing file is the user's to fix, not worth a stack lookup.
  const files = collectOptionFiles(request.specs, request.raw);
  const outputs = await readStackOutputs({ stackName: request.stackName, region: request.env.region, endpoint: request.env.endpoints.cloudFormation });
  const region = outputs.region;
  // The run folder is chosen here, so the user learns where the report will be before waiting for it.
  const location = runOutputLocation(request.out ?? `s3://${outputs.reportsBucketName}/runs/`, request.scenario, new Date());
  if (location.kind !== 's3') throw new UsageError(`--out ${request.out} is not an s3://<bucket>/<prefix> URL`);
  const event: CoordinatorEvent = {
    scenario: request.scenario,
    options: Object.fromEntries(Object.entries(request.raw).filter(([key, value]) => !LOCAL_ONLY.has(key) && value !== undefined)),
    // Without the trailing '/', the prefix is the run folder itself (no second folder inside).
    out: describeLocation(location).replace(/\/$/, ''),
    ...(outputs.auroraMinAcu && outputs.auroraMaxAcu ? { aurora: { minAcu: Number(outputs.auroraMinAcu), maxAcu: Number(outputs.auroraMaxAcu) } } : {}),
    ...(Object.keys(files).length > 0 ? { files } : {}),
  };
  request.onStart?.({ coordinator: outputs.coordinatorFunctionName, reportUrl: describeFile(location, 'report.json'), outputs });

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

  const s3Client = createS3Client({ region, ...(request.env.endpoints.s3 ? { endpoint: request.env.endpoints.s3 } : {}) });
  try {
    return { result, reportText: await readRunText(location, 'report.json', MAX_REPORT_BYTES, { s3Client }), location };
  } catch (err) {
    throw new RunFailedError(`The run finished but its report could not be read from ${result.reportUrl}: ${errorMessage(err)}`, { cause: err });
  } finally {
    s3Client.destroy();
  }
}

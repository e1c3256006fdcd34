// Reads what the CLI needs to run on AWS from the deployed harness stack's outputs (CloudFormation
// DescribeStacks), and turns the ways that fails (no credentials, no region, stack not deployed, an
// older stack without an output) into one sentence that says what to do.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { TargetError, UsageError, errorMessage } from '../errors.ts';
import { OUTPUTS, STACK_NAMES, type OutputKey } from '../../infra/outputs.ts';

export type StackOutputs = Record<OutputKey, string>;

export interface ReadStackOptions {
  stackName?: string;
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The outputs `--target aws` cannot do without; the others are optional (cost figures, HTTP endpoint). */
const REQUIRED: OutputKey[] = ['region', 'coordinatorFunctionName', 'reportsBucketName', 'clusterArn', 'secretArn', 'databaseName'];

export function describeAwsError(err: unknown): string | undefined {
  const name = err instanceof Error ? err.name : '';
  const message = errorMessage(err);
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(message)) {
    return 'No AWS credentials found. Configure them (aws configure, aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) to use --target aws.';
  }
  if (/region is missing/i.test(message)) return 'No AWS region configured. Set AWS_REGION (the region the stacks were deployed to).';
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') return 'The AWS credentials have expired; refresh them (e.g. aws sso login) and try again.';
  if (name === 'AccessDenied' || name === 'AccessDeniedException' || name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch') {
    return `AWS refused the request (${name}): check that the credentials are valid and allowed to use the stack.`;
  }
  return undefined;
}

export async function readStackOutputs(options: ReadStackOptions = {}): Promise<StackOutputs> {
  const stackName = options.stackName ?? STACK_NAMES.harness;
  const client = new CloudFormationClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 2,
  });
  let outputs: Array<{ OutputKey?: string; OutputValue?: string }>;
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = result.Stacks?.[0];
    if (!stack) throw new TargetError(`The stack ${stackName} was not found`);
    // Being created, failed to create, or being deleted: its resources are not (all) there.
    if (/^(CREATE_IN_PROGRESS|CREATE_FAILED|ROLLBACK_|DELETE_)/.test(stack.StackStatus ?? '')) {
      throw new TargetError(`The stack ${stackName} is ${stack.StackStatus}; wait for the deployment to finish (or redeploy with npx cdk deploy --all)`);
    }
    outputs = stack.Outputs ?? [];
  } catch (err) {
    if (err instanceof TargetError) throw err;
    const known = describeAwsError(err);
    if (known) throw new UsageError(known, { cause: err });
    if (/does not exist/i.test(errorMessage(err))) {
      throw new TargetError(`The stack ${stackName} is not deployed in this account and region. Deploy it first: npx cdk deploy --all (or npx bakeoff deploy).`, { cause: err });
    }
    throw new TargetError(`Cannot read the stack ${stackName}: ${errorMessage(err)}`, { cause: err });
  } finally {
    client.destroy();
  }
  const byName = new Map(outputs.map((o) => [o.OutputKey, o.OutputValue ?? '']));
  const values = Object.fromEntries((Object.keys(OUTPUTS) as OutputKey[]).map((key) => [key, byName.get(OUTPUTS[key]) ?? ''])) as StackOutputs;
  const missing = REQUIRED.filter((key) => !values[key]);
  if (missing.length > 0) {
    throw new TargetError(`The stack ${stackName} has no output ${missing.map((k) => OUTPUTS[k]).join(', ')}; it predates this version of pg-bakeoff: redeploy with npx cdk deploy --all`);
  }
  return values;
}

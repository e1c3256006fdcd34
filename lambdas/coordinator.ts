// AWS Lambda entry: the coordinator. Runs a whole scenario next to the database, fans load slices out to
// worker Lambdas, writes the report to S3 and returns where it is. The work is in
// core/aws/coordinator-handler.ts; here is only the wiring, built once per container (outside the
// handler): the target (secret read once), the S3 client, the Lambda client for the workers.
import { openAwsTarget } from '../core/aws/aws-target.ts';
import { createCoordinatorHandler } from '../core/aws/coordinator-handler.ts';
import { perContainer } from '../core/aws/lambda-context.ts';
import { readAwsEnvironment } from '../core/config.ts';
import { createLambdaClient, createLambdaExecutor } from '../core/executors/lambda.ts';
import { createS3Client } from '../reports/sinks/s3-client.ts';
import { findScenario } from '../scenarios/index.ts';

const env = readAwsEnvironment();
const lambda = env.workerFunctionName ? createLambdaClient({ region: env.region, endpoint: env.endpoints.lambda }) : undefined;

export const handler = createCoordinatorHandler({
  target: perContainer(() => openAwsTarget(env)),
  findScenario,
  s3: createS3Client({ ...(env.region ? { region: env.region } : {}), ...(env.endpoints.s3 ? { endpoint: env.endpoints.s3 } : {}) }),
  reportsBucket: env.reportsBucket,
  workers: () => (lambda && env.workerFunctionName ? createLambdaExecutor({ functionName: env.workerFunctionName, client: lambda }) : undefined),
  log: (message) => console.log(message),
});

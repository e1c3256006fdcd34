// The names shared by the CDK app and the runtime: stack names, the stack outputs the CLI reads
// (CloudFormation DescribeStacks) and the environment variables the Lambda handlers receive.
// MIRROR of infra/outputs.ts on branch issue-7 (the infrastructure half), which had not landed on main
// when this was written: the values are identical. Once infra/outputs.ts is on main, replace this file's
// body with `export * from '../../infra/outputs.ts';` (that file imports nothing, so core stays CDK-free).

/** CloudFormation stack names, one per lifetime. */
export const STACK_NAMES = {
  network: 'BakeoffNetwork',
  database: 'BakeoffDatabase',
  harness: 'BakeoffHarness',
} as const;

/** Every output the CLI needs, all on the harness stack. */
export const OUTPUTS = {
  region: 'Region',
  clusterArn: 'ClusterArn',
  secretArn: 'SecretArn',
  databaseName: 'DatabaseName',
  databaseHost: 'DatabaseHost',
  databasePort: 'DatabasePort',
  proxyEnabled: 'ProxyEnabled',
  workerFunctionName: 'WorkerFunctionName',
  coordinatorFunctionName: 'CoordinatorFunctionName',
  httpFunctionName: 'HttpFunctionName',
  httpEndpointUrl: 'HttpEndpointUrl',
  reportsBucketName: 'ReportsBucketName',
  workerMemoryMb: 'WorkerMemoryMb',
  auroraMinAcu: 'AuroraMinAcu',
  auroraMaxAcu: 'AuroraMaxAcu',
} as const;

export type OutputKey = keyof typeof OUTPUTS;

/** Environment variables set on the Lambda functions (read by core/config.ts only). */
export const LAMBDA_ENV = {
  clusterArn: 'BAKEOFF_CLUSTER_ARN',
  secretArn: 'BAKEOFF_SECRET_ARN',
  databaseName: 'BAKEOFF_DATABASE_NAME',
  databaseHost: 'BAKEOFF_DATABASE_HOST',
  databasePort: 'BAKEOFF_DATABASE_PORT',
  workerFunctionName: 'BAKEOFF_WORKER_FUNCTION_NAME',
  reportsBucketName: 'BAKEOFF_REPORTS_BUCKET',
} as const;

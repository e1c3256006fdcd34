// The names shared by the CDK app and the `bakeoff` CLI: stack names, the stack outputs the CLI reads
// (through CloudFormation DescribeStacks) and the environment variables the Lambda handlers receive.
// This file imports nothing, so core/ and lambdas/ can use it without pulling in aws-cdk-lib.

/** CloudFormation stack names, one per lifetime: the network outlives the database, which outlives the harness. */
export const STACK_NAMES = {
  network: 'BakeoffNetwork',
  database: 'BakeoffDatabase',
  harness: 'BakeoffHarness',
} as const;

/**
 * Every output the CLI needs, all on the harness stack (`STACK_NAMES.harness`), so one DescribeStacks
 * call finds them. Values are plain strings, as CloudFormation returns them.
 */
export const OUTPUTS = {
  /** The region the stacks were deployed to. */
  region: 'Region',
  /** Aurora cluster ARN: the Data API's `resourceArn`. */
  clusterArn: 'ClusterArn',
  /** Secrets Manager ARN of the database credentials: the Data API's `secretArn`; the pg driver reads it too. */
  secretArn: 'SecretArn',
  /** The database the scenarios run in. */
  databaseName: 'DatabaseName',
  /** Host for `pg` connections: the RDS Proxy endpoint when the proxy is on, else the cluster's writer endpoint. */
  databaseHost: 'DatabaseHost',
  /** Port for `pg` connections. */
  databasePort: 'DatabasePort',
  /** `true` when `pg` connections go through RDS Proxy (the Data API never does). */
  proxyEnabled: 'ProxyEnabled',
  /** Worker Lambda: runs one slice of a variant. */
  workerFunctionName: 'WorkerFunctionName',
  /** Coordinator Lambda: fans out workers, merges, writes the report to S3. */
  coordinatorFunctionName: 'CoordinatorFunctionName',
  /** HTTP endpoint Lambda (behind the Function URL). */
  httpFunctionName: 'HttpFunctionName',
  /** The IAM-authenticated Function URL of the HTTP endpoint (requests must be SigV4-signed for service `lambda`). */
  httpEndpointUrl: 'HttpEndpointUrl',
  /** Bucket for reports: `--out s3://<bucket>/runs/`. */
  reportsBucketName: 'ReportsBucketName',
  /** Worker memory in MB (for the cost estimate: Lambda GB-seconds). */
  workerMemoryMb: 'WorkerMemoryMb',
  /** Aurora Serverless v2 capacity range in ACU (for the cost estimate: ACU-hours). */
  auroraMinAcu: 'AuroraMinAcu',
  auroraMaxAcu: 'AuroraMaxAcu',
} as const;

export type OutputKey = keyof typeof OUTPUTS;

/**
 * Environment variables set on the Lambda functions. The handlers read them through core/config.ts
 * (the only module that reads process.env).
 */
export const LAMBDA_ENV = {
  clusterArn: 'BAKEOFF_CLUSTER_ARN',
  secretArn: 'BAKEOFF_SECRET_ARN',
  databaseName: 'BAKEOFF_DATABASE_NAME',
  databaseHost: 'BAKEOFF_DATABASE_HOST',
  databasePort: 'BAKEOFF_DATABASE_PORT',
  /** Set on the coordinator only: the worker function it invokes. */
  workerFunctionName: 'BAKEOFF_WORKER_FUNCTION_NAME',
  /** Set on the coordinator only: where reports go. */
  reportsBucketName: 'BAKEOFF_REPORTS_BUCKET',
} as const;

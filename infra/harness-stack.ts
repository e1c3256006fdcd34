// The harness: the worker, coordinator and HTTP endpoint functions, the reports bucket, and the stack
// outputs the CLI reads. It changes with every code change, so it is the stack redeployed most often.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.ts';
import type { DatabaseStack } from './database-stack.ts';
import { HarnessFunction } from './harness-function.ts';
import { type NetworkStack, POSTGRES_PORT } from './network-stack.ts';
import { LAMBDA_ENV, OUTPUTS, type OutputKey } from './outputs.ts';

export interface HarnessStackProps extends StackProps {
  config: InfraConfig;
  network: NetworkStack;
  database: DatabaseStack;
}

export class HarnessStack extends Stack {
  readonly reportsBucket: Bucket;
  readonly worker: HarnessFunction;
  readonly coordinator: HarnessFunction;
  readonly http: HarnessFunction;

  constructor(scope: Construct, id: string, props: HarnessStackProps) {
    super(scope, id, props);
    const { config, network, database } = props;

    this.reportsBucket = new Bucket(this, 'Reports', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [
        { id: 'expire-reports', expiration: Duration.days(config.reportRetentionDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Reports are the product of a run: they outlive `bakeoff destroy` (delete the bucket by hand).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const databaseEnvironment = {
      [LAMBDA_ENV.clusterArn]: database.cluster.clusterArn,
      [LAMBDA_ENV.secretArn]: database.secret.secretArn,
      [LAMBDA_ENV.databaseName]: config.databaseName,
      [LAMBDA_ENV.databaseHost]: database.pgHost,
      [LAMBDA_ENV.databasePort]: String(POSTGRES_PORT),
    };
    const common = { vpc: network.vpc, securityGroup: network.functionSecurityGroup };
    const timeout = Duration.seconds(config.functionTimeoutSeconds);

    this.worker = new HarnessFunction(this, 'Worker', {
      ...common,
      entry: 'worker',
      description: 'pg-bakeoff worker: runs one slice of a variant and returns encoded histograms',
      memoryMb: config.workerMemoryMb,
      timeout,
      environment: databaseEnvironment,
    });
    this.coordinator = new HarnessFunction(this, 'Coordinator', {
      ...common,
      entry: 'coordinator',
      description: 'pg-bakeoff coordinator: fans out workers, merges their results, writes the report to S3',
      memoryMb: 1024,
      timeout,
      environment: {
        ...databaseEnvironment,
        [LAMBDA_ENV.workerFunctionName]: this.worker.fn.functionName,
        [LAMBDA_ENV.reportsBucketName]: this.reportsBucket.bucketName,
      },
    });
    this.http = new HarnessFunction(this, 'Http', {
      ...common,
      entry: 'http',
      description: 'pg-bakeoff HTTP endpoint: the same routes as the local HTTP mode',
      memoryMb: 1024,
      timeout: Duration.seconds(30),
      environment: databaseEnvironment,
    });

    // Each function reaches Postgres both ways: the Data API (rds-data on this cluster, plus the secret)
    // and pg (the secret holds the password).
    for (const f of [this.worker, this.coordinator, this.http]) database.cluster.grantDataApiAccess(f.fn);
    this.worker.fn.grantInvoke(this.coordinator.fn);
    this.reportsBucket.grantPut(this.coordinator.fn);

    // Only signed requests from principals allowed to call lambda:InvokeFunctionUrl get through.
    const url = this.http.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });

    const outputs: Record<OutputKey, string> = {
      region: this.region,
      clusterArn: database.cluster.clusterArn,
      secretArn: database.secret.secretArn,
      databaseName: config.databaseName,
      databaseHost: database.pgHost,
      databasePort: String(POSTGRES_PORT),
      proxyEnabled: String(config.proxy),
      workerFunctionName: this.worker.fn.functionName,
      coordinatorFunctionName: this.coordinator.fn.functionName,
      httpFunctionName: this.http.fn.functionName,
      httpEndpointUrl: url.url,
      reportsBucketName: this.reportsBucket.bucketName,
      workerMemoryMb: String(config.workerMemoryMb),
      auroraMinAcu: String(config.minAcu),
      auroraMaxAcu: String(config.maxAcu),
    };
    for (const [key, value] of Object.entries(outputs) as [OutputKey, string][]) {
      const output = new CfnOutput(this, OUTPUTS[key], { value });
      output.overrideLogicalId(OUTPUTS[key]);
    }
  }
}

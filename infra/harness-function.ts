// One harness Lambda function: a handler from lambdas/, bundled locally by esbuild (no Docker), Node.js
// 22 on arm64, attached to the isolated subnets, with its own log group. The three harness functions
// differ only in entry, memory, timeout, environment and grants.
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type ISecurityGroup, type IVpc, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Files the handlers read beside their module at run time (paths from the repository root). */
const BUNDLED_DATA_FILES = ['scenarios/index-choices/queries.sql', 'scenarios/index-choices/indexes.sql'];

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Lambda runtime for every harness function (the AWS SDK v3 drops Node 20 in January 2027). */
export const HARNESS_RUNTIME = Runtime.NODEJS_22_X;

export interface HarnessFunctionProps {
  /** Handler file name in lambdas/, without `.ts`; it exports `handler`. */
  entry: 'worker' | 'coordinator' | 'http';
  description: string;
  memoryMb: number;
  timeout: Duration;
  vpc: IVpc;
  securityGroup: ISecurityGroup;
  environment: Record<string, string>;
}

export class HarnessFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: HarnessFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, 'lambdas', `${props.entry}.ts`),
      handler: 'handler',
      description: props.description,
      runtime: HARNESS_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      vpc: props.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      securityGroups: [props.securityGroup],
      logGroup,
      environment: {
        ...props.environment,
        // Stack traces point at the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
        // Node.js 20+ Lambda runtimes no longer trust the Amazon RDS CAs by default; this file has them,
        // so pg can verify the server certificate of Aurora and RDS Proxy.
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        sourceMap: true,
        minify: false,
        // Bundle our pinned AWS SDK instead of using the runtime's copy, so Lambda behaves as tested.
        // pg-native is pg's optional native binding, never used.
        externalModules: ['pg-native'],
        mainFields: ['module', 'main'],
        // CommonJS dependencies (pg) call require(); an ESM bundle has to provide it.
        banner: "import { createRequire as __bakeoffCreateRequire } from 'node:module'; const require = __bakeoffCreateRequire(import.meta.url);",
        // Data files read at run time next to their module (new URL(..., import.meta.url)): in the bundle
        // that is the bundle's own folder, so they are copied there (index-choices' built-in workload).
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            BUNDLED_DATA_FILES.map((file) => `cp "${path.join(inputDir, file)}" "${outputDir}/"`),
        },
      },
    });
  }
}

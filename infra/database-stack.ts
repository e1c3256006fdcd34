// The database: Aurora PostgreSQL Serverless v2 with the Data API on, credentials generated into Secrets
// Manager, a parameter group that loads pg_stat_statements and refuses plaintext connections, and an
// optional RDS Proxy. Its own stack so a new engine version or size does not redeploy the functions.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  type DatabaseProxy,
  ParameterGroup,
} from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.ts';
import { type NetworkStack, POSTGRES_PORT } from './network-stack.ts';

/** The master user. Scenarios create and drop their own schemas, so they need its privileges. */
export const DATABASE_USER = 'bakeoff_admin';

export interface DatabaseStackProps extends StackProps {
  config: InfraConfig;
  network: NetworkStack;
}

export class DatabaseStack extends Stack {
  readonly cluster: DatabaseCluster;
  readonly secret: ISecret;
  readonly proxy?: DatabaseProxy;
  /** Where pg connections go: the proxy when there is one, else the writer endpoint. */
  readonly pgHost: string;

  constructor(scope: Construct, id: string, props: DatabaseStackProps) {
    super(scope, id, props);
    const { config, network } = props;

    const engine = DatabaseClusterEngine.auroraPostgres({
      version: AuroraPostgresEngineVersion.of(config.engineVersion, config.engineVersion.split('.')[0]!),
    });
    const parameterGroup = new ParameterGroup(this, 'ClusterParameters', {
      engine,
      description: 'pg-bakeoff: pg_stat_statements, TLS only, I/O timing',
      parameters: {
        // Scenarios read pg_stat_statements to attribute time to statements.
        shared_preload_libraries: 'pg_stat_statements',
        // Plaintext connections are refused: pg must use TLS (the Data API always does).
        'rds.force_ssl': '1',
        // Buffer read/write times in EXPLAIN (ANALYZE, BUFFERS) and pg_stat_statements.
        track_io_timing: '1',
      },
    });

    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine,
      parameterGroup,
      credentials: Credentials.fromGeneratedSecret(DATABASE_USER),
      defaultDatabaseName: config.databaseName,
      port: POSTGRES_PORT,
      writer: ClusterInstance.serverlessV2('Writer', { publiclyAccessible: false, autoMinorVersionUpgrade: true }),
      serverlessV2MinCapacity: config.minAcu,
      serverlessV2MaxCapacity: config.maxAcu,
      ...(config.minAcu === 0 ? { serverlessV2AutoPauseDuration: Duration.minutes(config.autoPauseMinutes) } : {}),
      vpc: network.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      securityGroups: [network.databaseSecurityGroup],
      enableDataApi: true,
      storageEncrypted: true,
      iamAuthentication: true,
      backup: { retention: Duration.days(1) },
      // Benchmark data is disposable: `bakeoff destroy` removes the cluster without a final snapshot.
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.secret = this.cluster.secret!;

    if (config.proxy) {
      this.proxy = this.cluster.addProxy('Proxy', {
        secrets: [this.secret],
        vpc: network.vpc,
        vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
        securityGroups: [network.proxySecurityGroup!],
        requireTLS: true,
      });
    }
    this.pgHost = this.proxy ? this.proxy.endpoint : this.cluster.clusterEndpoint.hostname;
  }
}

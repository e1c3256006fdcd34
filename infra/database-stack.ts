// The database: Aurora PostgreSQL Serverless v2 with the Data API on, credentials generated into Secrets
// Manager, a parameter group that loads pg_stat_statements and refuses plaintext connections, and an
// optional RDS Proxy. Its own stack so a new engine version or size does not redeploy the functions.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
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
  /** The cluster: Postgres from the harness functions (and the proxy) only. */
  readonly databaseSecurityGroup: SecurityGroup;
  /** Where pg connections go: the proxy when there is one, else the writer endpoint. */
  readonly pgHost: string;

  constructor(scope: Construct, id: string, props: DatabaseStackProps) {
    super(scope, id, props);
    const { config, network } = props;

    this.databaseSecurityGroup = new SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: network.vpc,
      description: 'pg-bakeoff Aurora cluster',
      allowAllOutbound: false,
    });
    this.databaseSecurityGroup.addIngressRule(network.functionSecurityGroup, Port.tcp(POSTGRES_PORT), 'Postgres from the pg-bakeoff functions');

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
      securityGroups: [this.databaseSecurityGroup],
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
      const proxySecurityGroup = new SecurityGroup(this, 'ProxySecurityGroup', {
        vpc: network.vpc,
        description: 'pg-bakeoff RDS Proxy',
        // Egress only where the proxy goes: the cluster (added by addProxy) and the Secrets Manager endpoint.
        allowAllOutbound: false,
      });
      proxySecurityGroup.addIngressRule(network.functionSecurityGroup, Port.tcp(POSTGRES_PORT), 'Postgres from the pg-bakeoff functions');
      // The proxy reads the database credentials from Secrets Manager through the VPC endpoint. allowTo
      // puts the ingress rule in this stack: written from the network stack it would make a cycle.
      proxySecurityGroup.connections.allowTo(network.endpointSecurityGroup, Port.tcp(443), 'HTTPS from RDS Proxy');
      // addProxy lets the proxy into the cluster's security group on the cluster port.
      this.proxy = this.cluster.addProxy('Proxy', {
        // Proxy names are unique per account and region; the default would be the bare construct id.
        dbProxyName: 'pg-bakeoff-proxy',
        secrets: [this.secret],
        vpc: network.vpc,
        vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
        securityGroups: [proxySecurityGroup],
        requireTLS: true,
      });
    }
    this.pgHost = this.proxy ? this.proxy.endpoint : this.cluster.clusterEndpoint.hostname;
  }
}

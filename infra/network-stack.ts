// The network: a VPC with isolated subnets only (no NAT gateway, no internet route) and VPC endpoints
// for exactly the AWS APIs the functions call from inside it. It changes least often, so it is its own
// stack: the database and the harness can be replaced without touching it.
import { Stack, type StackProps } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.ts';

export const POSTGRES_PORT = 5432;

export interface NetworkStackProps extends StackProps {
  config: InfraConfig;
}

// The database's own security groups live in the database stack: the cluster's port is an attribute of
// the cluster, and a rule using it from this stack would make the two stacks depend on each other.

export class NetworkStack extends Stack {
  readonly vpc: Vpc;
  /** Every Lambda function of the harness. */
  readonly functionSecurityGroup: SecurityGroup;
  /** The interface endpoints (Secrets Manager, RDS Data API, Lambda). */
  readonly endpointSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Two AZs because an Aurora subnet group needs two; no public subnets and no NAT, so nothing in here
    // can reach the internet or be reached from it.
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
      // The restriction is done by a custom-resource Lambda; nothing here uses the default group.
      restrictDefaultSecurityGroup: false,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogs', { retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY }),
      ),
      trafficType: FlowLogTrafficType.ALL,
    });

    this.functionSecurityGroup = new SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: 'pg-bakeoff Lambda functions',
      // Isolated subnets have no route out; what the functions can reach is the database and the endpoints.
      allowAllOutbound: true,
    });
    // The endpoints take HTTPS from the functions; the database stack adds RDS Proxy when it has one.
    this.endpointSecurityGroup = new SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'pg-bakeoff VPC interface endpoints',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(this.functionSecurityGroup, Port.tcp(443), 'HTTPS from the pg-bakeoff functions');

    // S3 (reports) through a gateway endpoint: free, a route-table entry.
    this.vpc.addGatewayEndpoint('S3', { service: GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: SubnetType.PRIVATE_ISOLATED }] });

    // Interface endpoints cost per AZ-hour, so by default they live in one AZ; functions in the other AZ
    // reach them across the AZ boundary (private DNS resolves to the endpoint's addresses).
    const endpointSubnets = { subnets: this.vpc.isolatedSubnets.slice(0, config.endpointAzs) };
    const interfaceEndpoints = {
      // Database credentials for pg connections (and for RDS Proxy).
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      // The RDS Data API driver.
      RdsData: InterfaceVpcEndpointAwsService.RDS_DATA,
      // The coordinator invokes the worker function.
      Lambda: InterfaceVpcEndpointAwsService.LAMBDA,
    };
    for (const [name, service] of Object.entries(interfaceEndpoints)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: endpointSubnets,
        securityGroups: [this.endpointSecurityGroup],
        privateDnsEnabled: true,
        open: false,
      });
    }
  }
}

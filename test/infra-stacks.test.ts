// The CDK app as a user gets it: `cdk synth` with the pinned CDK CLI, run from the repository root
// (cdk.json), bundling the Lambda handlers with esbuild while Docker is made unusable. One synth; every
// assertion below reads its templates and its validation report (cdk-nag runs as a validation plugin).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDK_PROJECT_DIR, cdkCliPath } from '../core/aws/cdk-cli.ts';
import { DEFAULT_INFRA_CONFIG } from '../infra/config.ts';
import { NAG_ACKNOWLEDGEMENTS } from '../infra/nag-acknowledgements.ts';
import { LAMBDA_ENV, OUTPUTS, STACK_NAMES } from '../infra/outputs.ts';

type Json = any;
interface Synth {
  code: number | null;
  stdout: string;
  stderr: string;
}

let outdir: string;
let synth: Synth;
const json: Record<keyof typeof STACK_NAMES, Json> = {} as never;
const templates: Record<keyof typeof STACK_NAMES, Template> = {} as never;

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-cdk-synth-'));
  synth = await new Promise<Synth>((resolve, reject) => {
    const child = spawn(process.execPath, [cdkCliPath(), 'synth', '--quiet', '--no-notices', '--output', outdir], {
      cwd: CDK_PROJECT_DIR,
      env: {
        ...process.env,
        // Any attempt to bundle in a container fails: the bundles must come from local esbuild.
        CDK_DOCKER: path.join(outdir, 'no-docker-here'),
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DISABLE_VERSION_CHECK: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  if (synth.code !== 0) throw new Error(`cdk synth failed (${synth.code}):\n${synth.stderr}\n${synth.stdout}`);
  for (const key of Object.keys(STACK_NAMES) as (keyof typeof STACK_NAMES)[]) {
    json[key] = JSON.parse(fs.readFileSync(path.join(outdir, `${STACK_NAMES[key]}.template.json`), 'utf8'));
    templates[key] = Template.fromJSON(json[key]);
  }
}, 600_000);

afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

/** Resources of one type in a template, by logical id. */
function resources(t: Json, type: string): [string, Json][] {
  return Object.entries(t.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

/** The network-stack logical id behind a `Fn::ImportValue` in another stack. */
function importedLogicalId(value: Json): string {
  const exportName = value?.['Fn::ImportValue'];
  expect(exportName, `expected an import, got ${JSON.stringify(value)}`).toBeTypeOf('string');
  for (const key of Object.keys(STACK_NAMES) as (keyof typeof STACK_NAMES)[]) {
    for (const output of Object.values(json[key].Outputs ?? {}) as Json[]) {
      if (output.Export?.Name === exportName) return output.Value.Ref ?? output.Value['Fn::GetAtt']?.[0];
    }
  }
  throw new Error(`no stack exports ${exportName}`);
}

function isolatedSubnetIds(): string[] {
  return resources(json.network, 'AWS::EC2::Subnet').map(([id]) => id);
}

function functionsByName(): Record<'worker' | 'coordinator' | 'http', [string, Json]> {
  const fns = resources(json.harness, 'AWS::Lambda::Function');
  const find = (prefix: string) => {
    const match = fns.find(([id]) => id.startsWith(`${prefix}Function`));
    if (!match) throw new Error(`no ${prefix} function in ${fns.map(([id]) => id).join(', ')}`);
    return match;
  };
  return { worker: find('Worker'), coordinator: find('Coordinator'), http: find('Http') };
}

/** The Allow statements of the inline policy attached to a function's role. */
function statementsOf(fn: Json): Json[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = resources(json.harness, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === roleId));
  return policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: Json[]) => statements.flatMap((s) => [s.Action].flat()).sort();

describe('cdk synth from the repository', () => {
  it('synthesizes all three stacks with the pinned CLI', () => {
    expect(synth.code).toBe(0);
    for (const name of Object.values(STACK_NAMES)) expect(fs.existsSync(path.join(outdir, `${name}.template.json`))).toBe(true);
  });

  it('bundles each handler locally with esbuild into an ES module with source maps (Docker unusable)', () => {
    for (const [id, fn] of Object.values(functionsByName())) {
      const key: string = fn.Properties.Code.S3Key;
      const assetDir = path.join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(fs.existsSync(path.join(assetDir, 'index.mjs')), `${id} bundle`).toBe(true);
      expect(fs.existsSync(path.join(assetDir, 'index.mjs.map')), `${id} source map`).toBe(true);
      const code = fs.readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
      expect(code).toContain('createRequire');
      expect(code).toMatch(/export\s*\{[^}]*handler/);
      expect(fn.Properties.Handler).toBe('index.handler');
      // Data files the scenarios read beside their module at run time travel with the bundle
      // (index-choices' built-in workload: without them the deployed coordinator failed with ENOENT).
      for (const file of ['queries.sql', 'indexes.sql']) {
        const bundled = path.join(assetDir, file);
        expect(fs.existsSync(bundled), `${id} ${file}`).toBe(true);
        expect(fs.readFileSync(bundled, 'utf8')).toBe(fs.readFileSync(path.join(CDK_PROJECT_DIR, 'scenarios', 'index-choices', file), 'utf8'));
      }
    }
  });
});

describe('network', () => {
  it('has isolated subnets only: no internet or NAT gateway, no routes out, no public IPs', () => {
    const t = templates.network;
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::Route', 0);
    expect(isolatedSubnetIds()).toHaveLength(2);
    t.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  it('has endpoints for exactly what the functions call: S3 (gateway), Secrets Manager, RDS Data API, Lambda', () => {
    const endpoints = resources(json.network, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
    const serviceOf = (p: Json) => JSON.stringify(p.ServiceName).match(/\.(s3|secretsmanager|rds-data|lambda)"/)?.[1];
    expect(endpoints.map(serviceOf).sort()).toEqual(['lambda', 'rds-data', 's3', 'secretsmanager']);
    for (const p of endpoints.filter((e) => serviceOf(e) !== 's3')) {
      expect(p.VpcEndpointType).toBe('Interface');
      expect(p.PrivateDnsEnabled).toBe(true);
      // One AZ by default: interface endpoints are billed per AZ-hour.
      expect(p.SubnetIds).toHaveLength(DEFAULT_INFRA_CONFIG.endpointAzs);
    }
  });

  it('lets nothing in from an address range, only from the functions security group', () => {
    for (const key of Object.keys(STACK_NAMES) as (keyof typeof STACK_NAMES)[]) {
      for (const [, sg] of resources(json[key], 'AWS::EC2::SecurityGroup')) expect(sg.Properties.SecurityGroupIngress ?? []).toEqual([]);
      for (const [id, rule] of resources(json[key], 'AWS::EC2::SecurityGroupIngress')) {
        expect(rule.Properties.CidrIp, id).toBeUndefined();
        expect(rule.Properties.SourceSecurityGroupId, id).toBeDefined();
      }
    }
  });

  it('keeps VPC flow logs', () => {
    templates.network.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
  });
});

describe('database', () => {
  it('is Aurora PostgreSQL Serverless v2 with the Data API enabled, encrypted, IAM auth on, scaling to zero', () => {
    templates.database.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: DEFAULT_INFRA_CONFIG.engineVersion,
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      DatabaseName: DEFAULT_INFRA_CONFIG.databaseName,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: 0,
        MaxCapacity: DEFAULT_INFRA_CONFIG.maxAcu,
        SecondsUntilAutoPause: DEFAULT_INFRA_CONFIG.autoPauseMinutes * 60,
      },
    });
    templates.database.resourceCountIs('AWS::RDS::DBInstance', 1);
    templates.database.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
  });

  it('is not publicly accessible: subnets are the isolated ones and only the functions may connect', () => {
    const [, subnetGroup] = resources(json.database, 'AWS::RDS::DBSubnetGroup')[0]!;
    expect(subnetGroup.Properties.SubnetIds.map(importedLogicalId).sort()).toEqual(isolatedSubnetIds().sort());
    const [clusterSgId] = resources(json.database, 'AWS::EC2::SecurityGroup').find(([, sg]) => sg.Properties.GroupDescription === 'pg-bakeoff Aurora cluster')!;
    const [, cluster] = resources(json.database, 'AWS::RDS::DBCluster')[0]!;
    expect(cluster.Properties.VpcSecurityGroupIds).toEqual([{ 'Fn::GetAtt': [clusterSgId, 'GroupId'] }]);
    const ingress = resources(json.database, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt']?.[0] === clusterSgId);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]![1].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
    const [functionSg] = resources(json.network, 'AWS::EC2::SecurityGroup').find(([, sg]) => sg.Properties.GroupDescription === 'pg-bakeoff Lambda functions')!;
    expect(importedLogicalId(ingress[0]![1].Properties.SourceSecurityGroupId)).toBe(functionSg);
  });

  it('keeps credentials in Secrets Manager, never in the template', () => {
    templates.database.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }) });
    const [, cluster] = resources(json.database, 'AWS::RDS::DBCluster')[0]!;
    expect(JSON.stringify(cluster.Properties.MasterUserPassword)).toContain('{{resolve:secretsmanager:');
  });

  it('loads pg_stat_statements and refuses plaintext connections', () => {
    templates.database.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql17',
      Parameters: Match.objectLike({ shared_preload_libraries: Match.stringLikeRegexp('pg_stat_statements'), 'rds.force_ssl': '1' }),
    });
  });

  it('has no RDS Proxy by default (billed per hour)', () => {
    templates.database.resourceCountIs('AWS::RDS::DBProxy', 0);
  });
});

describe('harness', () => {
  it('runs three Node.js 22 arm64 functions inside the VPC on the isolated subnets', () => {
    const [functionSg] = resources(json.network, 'AWS::EC2::SecurityGroup').find(([, sg]) => sg.Properties.GroupDescription === 'pg-bakeoff Lambda functions')!;
    for (const [id, fn] of Object.values(functionsByName())) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(fn.Properties.VpcConfig.SubnetIds.map(importedLogicalId).sort(), id).toEqual(isolatedSubnetIds().sort());
      expect(fn.Properties.VpcConfig.SecurityGroupIds.map(importedLogicalId), id).toEqual([functionSg]);
    }
    expect(functionsByName().worker[1].Properties.MemorySize).toBe(DEFAULT_INFRA_CONFIG.workerMemoryMb);
  });

  it('tells the handlers where the database is, and the coordinator where the workers and the bucket are', () => {
    const fns = functionsByName();
    const dbKeys = [LAMBDA_ENV.clusterArn, LAMBDA_ENV.secretArn, LAMBDA_ENV.databaseName, LAMBDA_ENV.databaseHost, LAMBDA_ENV.databasePort];
    for (const [id, fn] of Object.values(fns)) {
      const env = fn.Properties.Environment.Variables;
      for (const key of dbKeys) expect(env[key], `${id} ${key}`).toBeDefined();
      expect(env[LAMBDA_ENV.databaseName]).toBe(DEFAULT_INFRA_CONFIG.databaseName);
      expect(env.NODE_EXTRA_CA_CERTS).toBe('/var/runtime/ca-cert.pem');
    }
    const coordinatorEnv = fns.coordinator[1].Properties.Environment.Variables;
    expect(coordinatorEnv[LAMBDA_ENV.workerFunctionName]).toEqual({ Ref: fns.worker[0] });
    expect(coordinatorEnv[LAMBDA_ENV.reportsBucketName]).toEqual({ Ref: resources(json.harness, 'AWS::S3::Bucket')[0]![0] });
    expect(fns.worker[1].Properties.Environment.Variables[LAMBDA_ENV.workerFunctionName]).toBeUndefined();
  });

  it('grants each function what it uses and no more', () => {
    const fns = functionsByName();
    const dataApi = ['rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction'];
    const secret = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
    const put = ['s3:Abort*', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'];
    expect(actionsOf(statementsOf(fns.worker[1]))).toEqual([...dataApi, ...secret].sort());
    expect(actionsOf(statementsOf(fns.http[1]))).toEqual([...dataApi, ...secret].sort());
    expect(actionsOf(statementsOf(fns.coordinator[1]))).toEqual([...dataApi, ...secret, 'lambda:InvokeFunction', ...put].sort());

    const [clusterId] = resources(json.database, 'AWS::RDS::DBCluster')[0]!;
    for (const [, fn] of Object.values(fns)) {
      const statements = statementsOf(fn);
      const dataApiStatement = statements.find((s) => [s.Action].flat().includes('rds-data:ExecuteStatement'));
      expect(JSON.stringify(dataApiStatement.Resource)).toContain(':cluster:');
      expect(importedLogicalId(dataApiStatement.Resource['Fn::Join'][1].at(-1))).toBe(clusterId);
    }
    const invoke = statementsOf(fns.coordinator[1]).find((s) => s.Action === 'lambda:InvokeFunction');
    expect(JSON.stringify(invoke.Resource)).toContain(fns.worker[0]);
    expect(JSON.stringify(invoke.Resource)).not.toContain(fns.http[0]);
  });

  it('has no IAM wildcard except the ones CDK grants write themselves', () => {
    const wildcards: string[] = [];
    for (const key of Object.keys(STACK_NAMES) as (keyof typeof STACK_NAMES)[]) {
      for (const [id, policy] of resources(json[key], 'AWS::IAM::Policy')) {
        for (const s of policy.Properties.PolicyDocument.Statement as Json[]) {
          if (s.Effect !== 'Allow') continue;
          for (const action of [s.Action].flat() as string[]) if (action.includes('*')) wildcards.push(`${id} action ${action}`);
          for (const resource of [s.Resource].flat()) {
            const text = typeof resource === 'string' ? resource : JSON.stringify(resource);
            if (text === '*' || /"[^"]*\*[^"]*"/.test(text)) wildcards.push(`${id} resource ${text.replace(/\{"Fn::GetAtt":\["(\w+?)[0-9A-F]{8}","Arn"\]\}/g, '<$1.Arn>')}`);
          }
        }
      }
    }
    const coordinatorPolicy = resources(json.harness, 'AWS::IAM::Policy').find(([id]) => id.startsWith('CoordinatorFunction'))![0];
    expect(wildcards.sort()).toEqual(
      [
        // grantPut on the reports bucket: objects under any key, and AbortMultipartUpload.
        `${coordinatorPolicy} action s3:Abort*`,
        `${coordinatorPolicy} resource {"Fn::Join":["",[<Reports.Arn>,"/*"]]}`,
        // grantInvoke on the worker: the function and its versions.
        `${coordinatorPolicy} resource {"Fn::Join":["",[<WorkerFunction.Arn>,":*"]]}`,
      ].sort(),
    );
  });

  it('serves HTTP through a Function URL that requires IAM (SigV4) and is not open to anyone', () => {
    templates.harness.resourceCountIs('AWS::Lambda::Url', 1);
    templates.harness.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': [functionsByName().http[0], 'Arn'] } });
    for (const [id, permission] of resources(json.harness, 'AWS::Lambda::Permission')) expect(permission.Properties.Principal, id).not.toBe('*');
  });

  it('keeps reports in a private, encrypted, TLS-only bucket that expires them', () => {
    templates.harness.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ ExpirationInDays: DEFAULT_INFRA_CONFIG.reportRetentionDays, Status: 'Enabled' }),
            Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          ]),
        },
      }),
    });
    const [bucketId] = resources(json.harness, 'AWS::S3::Bucket')[0]!;
    templates.harness.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }],
          }),
        ]),
      },
    });
  });

  it('outputs everything the CLI reads, under the agreed names', () => {
    const outputs = json.harness.Outputs as Record<string, Json>;
    expect(Object.keys(outputs).filter((k) => !k.startsWith('Exports')).sort()).toEqual(Object.values(OUTPUTS).sort());
    expect(outputs[OUTPUTS.httpEndpointUrl].Value).toEqual({ 'Fn::GetAtt': [resources(json.harness, 'AWS::Lambda::Url')[0]![0], 'FunctionUrl'] });
    expect(outputs[OUTPUTS.workerFunctionName].Value).toEqual({ Ref: functionsByName().worker[0] });
    expect(outputs[OUTPUTS.region].Value).toEqual({ Ref: 'AWS::Region' });
    expect(outputs[OUTPUTS.proxyEnabled].Value).toBe('false');
    expect(outputs[OUTPUTS.auroraMaxAcu].Value).toBe(String(DEFAULT_INFRA_CONFIG.maxAcu));
  });
});

describe('cdk-nag AWS Solutions checks', () => {
  const report = () => JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Json;
  const awsSolutions = () => (report().pluginReports as Json[]).find((r) => r.pluginName === 'AwsSolutions');

  it('ran and found nothing unacknowledged', () => {
    expect(awsSolutions()).toBeDefined();
    expect(awsSolutions().conclusion).toBe('success');
    expect(awsSolutions().violations).toEqual([]);
    for (const r of report().pluginReports as Json[]) expect(r.violations.filter((v: Json) => v.severity === 'error'), r.pluginName).toEqual([]);
  });

  it('matched every acknowledgement in infra/nag-acknowledgements.ts to a finding (none is stale), and no other', () => {
    const suppressed = (awsSolutions().suppressedViolations as Json[]).map((v) => `${v.acknowledgedAt} ${v.acknowledgedId}`);
    const declared = NAG_ACKNOWLEDGEMENTS.map((a) => `${a.path} ${a.id}`);
    expect([...new Set(suppressed)].sort()).toEqual([...new Set(declared)].sort());
    expect(new Set(declared).size).toBe(declared.length);
    for (const v of awsSolutions().suppressedViolations as Json[]) expect(v.reason.length, v.acknowledgedId).toBeGreaterThan(40);
  });
});

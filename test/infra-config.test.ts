// Deployment sizes from CDK context: defaults, validation (every problem at once), and a non-default
// configuration (RDS Proxy on, no auto-pause, endpoints in two AZs) that must still synthesize with zero
// unacknowledged cdk-nag findings. Synthesized in-process with bundling skipped: the bundles are checked
// by infra-stacks.test.ts; here only the templates matter.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBakeoffStacks } from '../infra/bakeoff-app.ts';
import { DEFAULT_INFRA_CONFIG, readInfraConfig } from '../infra/config.ts';
import { OUTPUTS } from '../infra/outputs.ts';

const lookupFrom = (context: Record<string, unknown>) => (key: string) => context[key];

describe('readInfraConfig', () => {
  it('gives the low-idle-cost defaults when no context is set', () => {
    const config = readInfraConfig(() => undefined);
    expect(config).toEqual(DEFAULT_INFRA_CONFIG);
    expect(config.minAcu).toBe(0);
    expect(config.proxy).toBe(false);
  });

  it('takes string values from `-c key=value` and numbers or booleans from cdk.json', () => {
    const config = readInfraConfig(lookupFrom({ 'bakeoff:maxAcu': '8', 'bakeoff:minAcu': 0.5, 'bakeoff:proxy': 'true', 'bakeoff:workerMemoryMb': 2048 }));
    expect(config).toMatchObject({ maxAcu: 8, minAcu: 0.5, proxy: true, workerMemoryMb: 2048 });
  });

  it('reports every bad value at once, naming the context key', () => {
    let message = '';
    try {
      readInfraConfig(
        lookupFrom({
          'bakeoff:minAcu': '0.3',
          'bakeoff:maxAcu': 'lots',
          'bakeoff:proxy': 'yes',
          'bakeoff:engineVersion': '12.1',
          'bakeoff:databaseName': 'Bench-DB',
          'bakeoff:functionTimeoutSeconds': 3600,
        }),
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('bakeoff:minAcu must be a multiple of 0.5');
    expect(message).toContain('bakeoff:maxAcu must be a number');
    expect(message).toContain('bakeoff:proxy must be true or false');
    expect(message).toContain('bakeoff:engineVersion must be an Aurora PostgreSQL version');
    expect(message).toContain('bakeoff:databaseName must be a lower-case Postgres identifier');
    expect(message).toContain('bakeoff:functionTimeoutSeconds must be at most 900');
  });

  it('refuses a maximum below the minimum', () => {
    expect(() => readInfraConfig(lookupFrom({ 'bakeoff:minAcu': 8, 'bakeoff:maxAcu': 4 }))).toThrow(/bakeoff:maxAcu must be at least bakeoff:minAcu/);
  });
});

describe('a non-default deployment: RDS Proxy on, minimum 0.5 ACU, endpoints in two AZs', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-cdk-config-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const context = { 'bakeoff:proxy': 'true', 'bakeoff:minAcu': '0.5', 'bakeoff:endpointAzs': '2', 'bakeoff:maxAcu': '16' };
  let database: Template;
  let harness: Template;
  let network: Template;

  beforeAll(() => {
    // No bundling: `aws:cdk:bundling-stacks` empty makes NodejsFunction use a placeholder asset.
    const app = new App({ outdir, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stacks = addBakeoffStacks(app, readInfraConfig((key) => app.node.tryGetContext(key)));
    // In-process synthesis throws when a validation plugin (cdk-nag) reports an unacknowledged finding.
    app.synth();
    database = Template.fromStack(stacks.database);
    harness = Template.fromStack(stacks.harness);
    network = Template.fromStack(stacks.network);
  });

  it('passes cdk-nag with the same acknowledgements', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const awsSolutions = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'AwsSolutions');
    expect(awsSolutions.conclusion).toBe('success');
    expect(awsSolutions.violations).toEqual([]);
  });

  it('puts a TLS-only RDS Proxy in front of the cluster and hands its endpoint to pg', () => {
    database.resourceCountIs('AWS::RDS::DBProxy', 1);
    database.hasResourceProperties('AWS::RDS::DBProxy', { EngineFamily: 'POSTGRESQL', RequireTLS: true });
    const outputs = harness.toJSON().Outputs;
    expect(JSON.stringify(outputs[OUTPUTS.databaseHost].Value)).toMatch(/ClusterProxy\w*Endpoint/);
    expect(outputs[OUTPUTS.proxyEnabled].Value).toBe('true');
    // The Data API still targets the cluster itself.
    expect(JSON.stringify(outputs[OUTPUTS.clusterArn].Value)).toContain(':cluster:');
  });

  it('lets the proxy reach only the cluster and the Secrets Manager endpoint', () => {
    const json = database.toJSON();
    const proxySg = Object.entries(json.Resources as Record<string, any>).find(([, r]) => r.Properties?.GroupDescription === 'pg-bakeoff RDS Proxy')![0];
    const egress = Object.values(json.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress' && r.Properties.GroupId['Fn::GetAtt']?.[0] === proxySg);
    expect(egress).toHaveLength(2);
    expect(egress.map((r) => r.Properties.FromPort).map((p) => (typeof p === 'number' ? p : 'cluster port'))).toEqual(expect.arrayContaining([443, 'cluster port']));
  });

  it('does not auto-pause when the minimum capacity is above zero', () => {
    database.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16, SecondsUntilAutoPause: Match.absent() },
    });
  });

  it('spreads the interface endpoints over two AZs', () => {
    const interfaces = Object.values(network.findResources('AWS::EC2::VPCEndpoint')).filter((r) => r.Properties.VpcEndpointType === 'Interface');
    expect(interfaces).toHaveLength(3);
    for (const e of interfaces) expect(e.Properties.SubnetIds).toHaveLength(2);
  });
});

describe('the cdk-nag gate', () => {
  it('fails the synth without the acknowledgements, naming each rule they cover', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-cdk-noack-'));
    try {
      const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
      addBakeoffStacks(app, DEFAULT_INFRA_CONFIG, { acknowledge: false });
      expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/);
      const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
      const rules = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'AwsSolutions').violations.map((v: { ruleName: string }) => v.ruleName);
      for (const rule of ['AwsSolutions-SMG4', 'AwsSolutions-RDS10', 'AwsSolutions-S1', 'AwsSolutions-L1']) expect(rules).toContain(rule);
      expect(rules.some((r: string) => r.startsWith('AwsSolutions-IAM5['))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

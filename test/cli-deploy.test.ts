// `bakeoff deploy|destroy` without AWS: no credentials gives exit 2 and how to get some, without starting
// the CDK; with (fake, never used) credentials the pinned CDK CLI is what runs, with the arguments passed
// through. Every run gets an empty HOME and no instance-metadata lookups, so no real credentials on this
// machine can be found.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cdkArgs, profileOf } from '../bin/commands/deploy.ts';
import { runCli } from './helpers/run-cli.ts';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-no-aws-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** The environment of a machine with no AWS configuration at all. */
function noAwsEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('CDK_')) env[k] = v;
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    ...extra,
  };
}

// runCli spreads process.env under the given env; unset what must not leak through.
const unsetAws = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, undefined]));

describe('bakeoff deploy / destroy', () => {
  it('exits 2 with how to configure credentials when there are none, and never starts the CDK', async () => {
    const result = await runCli(['deploy'], { env: { ...unsetAws, ...noAwsEnv() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No AWS credentials found');
    expect(result.stderr).toContain('aws configure');
    expect(result.stderr).toContain('cdk bootstrap');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    // The CDK would print its progress ("Bundling", stack names) or its own errors.
    expect(result.stdout + result.stderr).not.toMatch(/Bundling|Bakeoff(Network|Database|Harness)|Synthesis/);
  });

  it('names the profile it looked for', async () => {
    const result = await runCli(['destroy', '--profile', 'bakeoff-missing'], { env: { ...unsetAws, ...noAwsEnv() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No AWS credentials found for profile "bakeoff-missing"');
  });

  it('runs the pinned CDK CLI and passes the arguments through once credentials exist', async () => {
    // Fake keys: only the local credential chain sees them; `--version` makes the CDK exit before any AWS call.
    const env = noAwsEnv({ AWS_ACCESS_KEY_ID: 'AKIAFAKEFORTESTS0000', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'eu-west-1' });
    const pinned = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')).devDependencies['aws-cdk'];
    const result = await runCli(['deploy', '--version'], { env: { ...unsetAws, ...env } });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(new RegExp(`^${pinned.replace(/\./g, '\\.')}\\b`));
  });

  it('builds `cdk deploy|destroy --all` plus the pass-through arguments, and finds --profile', () => {
    expect(cdkArgs('deploy', ['-c', 'bakeoff:maxAcu=8'])).toEqual(['deploy', '--all', '-c', 'bakeoff:maxAcu=8']);
    expect(cdkArgs('destroy', ['--force'])).toEqual(['destroy', '--all', '--force']);
    expect(profileOf(['--profile', 'lab'])).toBe('lab');
    expect(profileOf(['-c', 'x=1', '--profile=lab'])).toBe('lab');
    expect(profileOf(['--require-approval', 'never'])).toBeUndefined();
  });
});

// Bundles a lambdas/ handler with esbuild the way the CDK stack does (infra/harness-function.ts on branch
// issue-7: ESM, node22, pg-native external, a require() shim), and invokes the bundle's handler in a fresh
// Node process with the environment a Lambda function gets: what runs in AWS is what is tested.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './run-cli.ts';

export async function bundleHandler(entry: 'worker' | 'coordinator' | 'http', outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${entry}.mjs`);
  await build({
    entryPoints: [path.join(REPO_ROOT, 'lambdas', `${entry}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    external: ['pg-native'],
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __bakeoffCreateRequire } from 'node:module'; const require = __bakeoffCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

export function bundleDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-lambda-bundle-'));
}

// Handlers log with console.log (CloudWatch on AWS); here stdout carries only the result.
const INVOKE = `
import { pathToFileURL } from 'node:url';
console.log = (...args) => process.stderr.write(args.join(' ') + '\\n');
const [file, event, memory] = process.argv.slice(1);
const { handler } = await import(pathToFileURL(file).href);
const deadline = Date.now() + 900000;
const context = { functionName: 'bundle-test', awsRequestId: 'bundle-test', memoryLimitInMB: memory, getRemainingTimeInMillis: () => deadline - Date.now() };
try {
  process.stdout.write(JSON.stringify({ ok: true, result: await handler(JSON.parse(event), context) }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(err && err.message || err) }));
}
process.exit(0);
`;

/** Runs `handler(event, context)` from a bundle in a child process with exactly `env` (plus PATH). */
export function invokeBundle(file: string, event: unknown, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; result?: any; error?: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', INVOKE, file, JSON.stringify(event), '1024'], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve({ ...JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`the bundle printed no result: ${stdout.slice(0, 500)} ${stderr.slice(-2000)}`));
      }
    });
  });
}

// Runs the CDK CLI pinned in package.json (aws-cdk 2.1148.x: the `latest` 3.x cannot read the cloud
// assembly of aws-cdk-lib 2.276) from the repository root, where cdk.json names the app. stdio is
// inherited so the CDK's progress, approval prompts and errors reach the user unchanged.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The folder holding cdk.json. */
export const CDK_PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');

export function cdkCliPath(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('aws-cdk/package.json');
  const pkg = require(pkgPath) as { bin: { cdk: string } };
  return path.join(path.dirname(pkgPath), pkg.bin.cdk);
}

/** Resolves with the CDK's exit code (a signal counts as failure). */
export function runCdk(args: string[], options: { stdio?: 'inherit' | 'pipe' } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cdkCliPath(), ...args], { cwd: CDK_PROJECT_DIR, stdio: options.stdio ?? 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// Runs a Node child process for the benches that measure a whole process (peak RSS, wall time of a CLI
// run): the `bakeoff` command, or a bench module through tsx. Collects its output and wall time.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BAKEOFF_BIN = path.join(REPO_ROOT, 'bin', 'bakeoff.mjs');

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** `env` is added to this process's environment; `DATABASE_URL` is cleared unless given. */
export function runNode(args: readonly string[], env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: '1', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started }));
  });
}

/** Runs a TypeScript module of this repository in a child Node process (through tsx). */
export function runTsModule(modulePath: string, args: readonly string[], env: Record<string, string> = {}): Promise<ChildRun> {
  return runNode(['--import', 'tsx', modulePath, ...args], env);
}

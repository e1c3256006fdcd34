// Runs the PostgreSQL client programs the benches compare against (pgbench from Debian's `postgresql`
// package, psql from `postgresql-client`) on a target. The password reaches them through the
// environment only, never the command line, where any user could read it in the process list.
import { execFileSync, spawn } from 'node:child_process';
import type { Target } from '../../core/targets/target.ts';

/** The absolute path of a program on PATH, or undefined. */
export function findProgram(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function requireProgram(name: string, debianPackage: string): string {
  const path = findProgram(name);
  if (!path) throw new Error(`${name} not found on PATH: install Debian's ${debianPackage} (apt-get install -y --no-install-recommends ${debianPackage})`);
  return path;
}

export interface ToolRun {
  output: string;
  wallMs: number;
}

/** Runs `program` with connection flags for `target` before `args`, and the database name last. */
export function runPgTool(program: string, target: Target, args: readonly string[], options: { databaseLast?: boolean } = {}): Promise<ToolRun> {
  const config = target.connectionConfig();
  const connection = ['-h', String(config.host), '-p', String(config.port), '-U', String(config.user)];
  const database = String(config.database);
  const argv = options.databaseLast === false ? [...connection, '-d', database, ...args] : [...connection, ...args, database];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(program, argv, {
      env: { PGPASSWORD: String(config.password), LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code === 0) resolve({ output, wallMs });
      else reject(new Error(`${program} exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

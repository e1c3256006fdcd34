// The k6 scripts type-check against @types/k6 with their own tsconfig (k6's runtime, not Node), export
// the k6 lifecycle (options with thresholds, setup, default, teardown), and the check is real: a script
// misusing the k6 API fails it. k6 itself is not needed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-cli.ts';

const K6_DIR = path.join(REPO_ROOT, 'scenarios', 'k6');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function runTsc(project: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// A scratch project inside the repository (so `k6` resolves to node_modules/@types/k6), git-ignored.
const scratch = path.join(REPO_ROOT, 'test-output', `k6-typecheck-${process.pid}`);
let result: { code: number | null; output: string };

beforeAll(async () => {
  fs.mkdirSync(scratch, { recursive: true });
  const rel = (p: string) => path.relative(scratch, p).split(path.sep).join('/');
  fs.writeFileSync(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({ extends: rel(path.join(K6_DIR, 'tsconfig.json')), include: ['./*.ts', `${rel(K6_DIR)}/*.ts`] }),
  );
  // The lifecycle every script must export, with the types k6 gives them.
  const contract = ['closed-loop', 'open-loop']
    .map(
      (name, i) => `
import * as s${i} from '${rel(path.join(K6_DIR, `${name}.ts`))}';
export const options${i}: Options & { thresholds: NonNullable<Options['thresholds']>; scenarios: NonNullable<Options['scenarios']> } = s${i}.options;
export const setup${i}: () => ProbeData = s${i}.setup;
export const run${i}: () => void = s${i}.default;
export const teardown${i}: (data: ProbeData) => void = s${i}.teardown;`,
    )
    .join('\n');
  fs.writeFileSync(
    path.join(scratch, 'contract.ts'),
    `import type { Options } from 'k6/options';\nimport type { ProbeData } from '${rel(path.join(K6_DIR, 'probes.ts'))}';\n${contract}\n`,
  );
  // Two misuses @types/k6 must catch, and one Node API that does not exist in k6's runtime.
  fs.writeFileSync(
    path.join(scratch, 'misuse.ts'),
    [
      "import http from 'k6/http';",
      "import type { Options } from 'k6/options';",
      'export const options: Options = { scenarios: { a: { executor: "constant-vu", vus: 1, duration: "1s" } } };',
      'export default function (): void { http.get(42); }',
      "export const env = process.env.TARGET_URL;",
      '',
    ].join('\n'),
  );
  result = await runTsc(path.join(scratch, 'tsconfig.json'));
}, 180_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('k6 scripts', () => {
  it('type-check cleanly with their own tsconfig', async () => {
    const own = await runTsc(K6_DIR);
    expect(own.output).toBe('');
    expect(own.code).toBe(0);
  }, 180_000);

  it('export options with thresholds and scenarios, setup, default and teardown', () => {
    const errorsOutsideMisuse = result.output.split('\n').filter((line) => /error TS/.test(line) && !line.includes('misuse.ts'));
    expect(errorsOutsideMisuse).toEqual([]);
  });

  it('are checked for real: k6 API misuse and Node globals are type errors', () => {
    expect(result.code).not.toBe(0);
    const misuse = result.output.split('\n').filter((line) => line.includes('misuse.ts'));
    expect(misuse.some((l) => l.includes('misuse.ts(3,') && /constant-vu/.test(l))).toBe(true);
    expect(misuse.some((l) => l.includes('misuse.ts(4,'))).toBe(true);
    expect(misuse.some((l) => l.includes('misuse.ts(5,') && /process/.test(l))).toBe(true);
  });
});

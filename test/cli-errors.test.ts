// Bad input and an unreachable database give exit code 2 and one clear message, never a stack trace,
// and never the password.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { findFreePort } from '../core/targets/free-port.ts';

function expectCleanUsageError(result: { code: number | null; stderr: string; stdout: string }) {
  expect(result.code).toBe(2);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack frames
  expect(result.stdout).toBe('');
}

describe('bakeoff run with bad input', () => {
  it('names an unknown scenario and lists the known ones', async () => {
    const result = await runCli(['run', 'no-such-scenario']);
    expectCleanUsageError(result);
    expect(result.stderr).toContain('Unknown scenario "no-such-scenario"');
    expect(result.stderr).toContain('insert-strategies');
  });

  it('reports every invalid option value at once', async () => {
    const result = await runCli(['run', 'insert-strategies', '--rows', '-5', '--batch-size', 'abc', '--trials', '0']);
    expectCleanUsageError(result);
    expect(result.stderr).toContain('--rows must be at least 1 (got "-5")');
    expect(result.stderr).toContain('--batch-size must be a whole number (got "abc")');
    expect(result.stderr).toContain('--trials must be at least 1 (got "0")');
  });

  it('rejects an unknown option and an unknown variant', async () => {
    expectCleanUsageError(await runCli(['run', 'insert-strategies', '--rowz', '5']));
    const result = await runCli(['run', 'insert-strategies', '--variants', 'copy,turbo']);
    expectCleanUsageError(result);
    expect(result.stderr).toContain('unknown variant turbo');
  });

  it('says which host and port it could not reach, within seconds, with the password masked', async () => {
    const port = await findFreePort();
    const started = Date.now();
    const result = await runCli(['run', 'insert-strategies', '--quick', '--database-url', `postgres://alice:s3cretPass@127.0.0.1:${port}/app`]);
    expectCleanUsageError(result);
    expect(result.stderr).toContain(`127.0.0.1:${port}`);
    expect(result.stderr).toContain('postgres://alice:***@127.0.0.1');
    expect(result.stderr).not.toContain('s3cretPass');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('treats a malformed DATABASE_URL from the environment as bad input without echoing it', async () => {
    const result = await runCli(['run', 'insert-strategies', '--quick'], { env: { DATABASE_URL: 'mysql://bob:hunter2@db/app' } });
    expectCleanUsageError(result);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toContain('hunter2');
  });
});

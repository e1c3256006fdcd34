// A malformed --queries or --indexes file is bad input: exit 2, one message naming the file and the
// line of each problem, no stack trace, and nothing run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-index-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, lines.join('\n'));
  return p;
}

describe('bakeoff run index-choices with user files', () => {
  it('exits 2 and names the line of a malformed query file', async () => {
    const queries = file('my-queries.sql', [
      '-- name: by-user',
      '-- param $1: zipf 1..{users}',
      'SELECT * FROM orders WHERE user_id = $1;',
      '',
      '-- name: by-day',
      '-- param $1: timestamp-range width 1h',
      'SELECT * FROM orders WHERE created_at >= $1 AND created_at < $2;',
    ]);
    const result = await runCli(['run', 'index-choices', '--queries', queries]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stderr).toContain(`${queries}:6: timestamp-range fills two placeholders`);
    expect(result.stderr).toContain(`${queries}:7: query "by-day" uses $1 but has no "-- param $1: <generator>" line`);
  });

  it('exits 2 for an index statement on another table, with every problem of both files at once', async () => {
    const indexes = file('my-indexes.sql', ['-- name: customer-email', 'CREATE INDEX ON public.customers (email);']);
    const queries = file('bad-queries.sql', ['-- name: wipe', 'DELETE FROM orders;']);
    const result = await runCli(['run', 'index-choices', '--indexes', indexes, '--queries', queries, '--rows', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${indexes}:2: name the table without a schema`);
    expect(result.stderr).toContain(`${queries}:2: query "wipe" must be a read query`);
    expect(result.stderr).toContain('--rows must be at least 100');
  });

  it('exits 2 when a query file does not exist', async () => {
    const result = await runCli(['run', 'index-choices', '--queries', path.join(dir, 'missing.sql')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot read query file ${path.join(dir, 'missing.sql')}: ENOENT`);
  });
});

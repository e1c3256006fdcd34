// A password given in --database-url (or DATABASE_URL) never appears in anything pg-bakeoff writes:
// stdout, stderr (with --verbose), report.json/.md/.html, or any other file the run leaves in its working
// folder; for every registered scenario, and on the failure paths where error text is most likely to
// quote a connection string. The role and its distinctive password exist only for this test.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral } from '../core/quote.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { runMain, type CapturedRun } from './helpers/capture-io.ts';
import { runCli, type CliResult } from './helpers/run-cli.ts';
import { sharedClient, sharedDatabaseUrl } from './helpers/shared-target.ts';

const tag = randomBytes(4).toString('hex');
const role = `bakeoff_secret_${tag}`;
// Distinctive, and full of characters that need escaping in a URL.
const password = `Zq9-sEcr3t:p@ss/w%rd?x=1&${tag}`;
const fragments = [password, encodeURIComponent(password), `sEcr3t:p@ss/w%rd?x=1&${tag}`, `Zq9-sEcr3t`];
let admin: pg.Client;
let url: string;
let workDir: string;
const outputs: Array<{ what: string; result: CliResult }> = [];

function urlFor(pass: string, database = 'postgres'): string {
  const shared = new URL(sharedDatabaseUrl());
  return `postgres://${role}:${encodeURIComponent(pass)}@${shared.host}/${database}`;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

function expectNoSecret(text: string, where: string): void {
  for (const fragment of fragments) expect(text.includes(fragment), `${where} contains the password (${fragment})`).toBe(false);
}

async function bakeoff(what: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await runCli(args, { cwd: workDir, env });
  outputs.push({ what, result });
  return result;
}

/** The same entry in-process (faster); --out keeps its files in the folder that is grepped. */
async function bakeoffInProcess(what: string, args: string[]): Promise<CapturedRun> {
  const withOut = args[0] === 'run' ? [...args, '--out', path.join(workDir, 'results', what.replace(/\W+/g, '-'))] : args;
  const result = await runMain(withOut);
  outputs.push({ what, result: { ...result, signal: null } });
  return result;
}

beforeAll(async () => {
  admin = await sharedClient();
  await admin.query(`CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
  await admin.query(`GRANT CREATE ON DATABASE postgres TO ${quoteIdent(role)}`);
  url = urlFor(password);
  // Runs write their default results/ folder here, so everything they write is found and read.
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-secrets-'));
});

afterAll(async () => {
  await admin.query(`REVOKE CREATE ON DATABASE postgres FROM ${quoteIdent(role)}`);
  await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
  await admin.end();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the password in --database-url is never written anywhere', () => {
  it.each(SCENARIOS.map((s) => [s.name]))('%s --quick, with --verbose and --json', async (name) => {
    const result = await bakeoff(`run ${name}`, ['run', name, '--quick', '--trials', '1', '--database-url', url, '--verbose', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { status: string; target: { displayName: string } };
    expect(report.status).toBe('completed');
    // The URL is shown, masked: the grep below looks where it would have leaked.
    expect(report.target.displayName).toContain(`${role}:***@`);
    expect(result.stderr).toContain(`${role}:***@`);
  });

  it('the same through DATABASE_URL', async () => {
    const result = await bakeoff('DATABASE_URL', ['run', SCENARIOS[0]!.name, '--quick', '--trials', '1', '--variants', 'copy', '--verbose'], { DATABASE_URL: url });
    expect(result.code, result.stderr).toBe(0);
  });

  it('failure paths show the URL with the password masked', async () => {
    const missingDb = await bakeoffInProcess('unknown database', ['run', SCENARIOS[0]!.name, '--quick', '--database-url', urlFor(password, 'no_such_db'), '--verbose']);
    expect(missingDb.code).toBe(2);
    expect(missingDb.stderr).toContain(`postgres://${role}:***@`);
    const wrongPassword = `${password}-wrong`;
    const refused = await bakeoffInProcess('wrong password', ['run', SCENARIOS[0]!.name, '--quick', '--database-url', urlFor(wrongPassword), '--verbose']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/password authentication failed/);
    expect(refused.stderr).toContain(`postgres://${role}:***@`);
    // A run that fails half-way (COPY of all rows cannot finish within 1 ms) and writes a failed report.
    const failing = await bakeoffInProcess('failed run', ['run', SCENARIOS[0]!.name, '--quick', '--variants', 'copy', '--database-url', url, '--statement-timeout', '1', '--verbose']);
    expect(failing.code).toBe(1);
    const cleanup = await bakeoffInProcess('cleanup', ['cleanup', '--database-url', url]);
    expect(cleanup.code, cleanup.stderr).toBe(0);
  });

  it('grep: stdout, stderr and every file written', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(SCENARIOS.length + 5);
    for (const { what, result } of outputs) {
      expectNoSecret(result.stdout, `${what}: stdout`);
      expectNoSecret(result.stderr, `${what}: stderr`);
      // The wrong password of the refused run must not show either.
      expect(result.stderr.includes('-wrong'), `${what}: stderr shows the wrong password`).toBe(false);
    }
    const files = filesUnder(workDir);
    // Every successful or failed run left its three report files.
    expect(files.filter((f) => f.endsWith('report.json')).length).toBeGreaterThanOrEqual(SCENARIOS.length + 2);
    for (const file of files) expectNoSecret(fs.readFileSync(file, 'utf8'), file);
  });
});

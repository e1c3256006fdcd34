// Cleans up after embedded servers whose pg-bakeoff process died without stopping them (SIGKILL, a
// crash, a second Ctrl-C). Only pg-bakeoff's own debris is touched: a data directory counts as ours only
// when its `<dataDir>.owner.json` says so, and it counts as stale only when the process that wrote it is
// gone. A server still running there is stopped only if /proc (or ps) shows that the pid in
// postmaster.pid really is a postgres serving that very data directory; a reused pid is left alone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EmbeddedOwnerRecord } from './embedded.ts';

export interface SweepResult {
  /** Data directories removed (with their owner files). */
  removed: string[];
  /** Postmaster pids that were stopped. */
  stopped: number[];
  /** Owner files left alone, with the reason (owner alive, another host, unreadable). */
  kept: Array<{ ownerFile: string; reason: string }>;
}

const OWNER_SUFFIX = '.owner.json';

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process as argv, or undefined if it cannot be read. */
function commandLine(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a) => a.length > 0);
  } catch {
    if (process.platform === 'linux') return undefined;
  }
  try {
    // No /proc (macOS): ps prints the arguments joined by spaces; good enough to find `-D <dir>`.
    const out = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** True only if `pid` is a running postgres whose data directory is `dataDir`. */
export function isPostgresOf(pid: number, dataDir: string): boolean {
  const argv = commandLine(pid);
  if (!argv || argv.length === 0) return false;
  if (!/(^|\/)postgres$/.test(argv[0]!)) return false;
  const target = path.resolve(dataDir);
  const flag = argv.indexOf('-D');
  if (flag >= 0 && argv[flag + 1] !== undefined && path.resolve(argv[flag + 1]!) === target) return true;
  // The postmaster also runs with the data directory as its working directory.
  try {
    return fs.realpathSync(`/proc/${pid}/cwd`) === fs.realpathSync(target);
  } catch {
    return false;
  }
}

function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isProcessAlive(pid);
}

/** Stops a leftover postmaster: fast shutdown, then immediate shutdown, then SIGKILL. */
async function stopPostmaster(pid: number, dataDir: string): Promise<void> {
  for (const [signal, waitMs] of [['SIGINT', 5000], ['SIGQUIT', 3000], ['SIGKILL', 2000]] as const) {
    if (!isPostgresOf(pid, dataDir)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitForExit(pid, waitMs)) return;
  }
}

function readOwner(file: string): EmbeddedOwnerRecord | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EmbeddedOwnerRecord>;
    if (data.tool !== 'pg-bakeoff' || typeof data.pid !== 'number' || typeof data.dataDir !== 'string') return undefined;
    return data as EmbeddedOwnerRecord;
  } catch {
    return undefined;
  }
}

/** Sweeps `baseDir` for embedded servers left behind by dead pg-bakeoff processes. Never throws. */
export async function sweepStaleEmbedded(baseDir: string, log: (message: string) => void = () => undefined): Promise<SweepResult> {
  const result: SweepResult = { removed: [], stopped: [], kept: [] };
  let entries: string[];
  try {
    entries = fs.readdirSync(baseDir);
  } catch {
    return result;
  }
  for (const name of entries.filter((e) => e.endsWith(OWNER_SUFFIX))) {
    const ownerFile = path.join(baseDir, name);
    const owner = readOwner(ownerFile);
    // The data directory is always the owner file's name without the suffix: never trust a path inside
    // the file to point somewhere else.
    const dataDir = ownerFile.slice(0, -OWNER_SUFFIX.length);
    if (!owner || path.resolve(owner.dataDir) !== path.resolve(dataDir)) {
      result.kept.push({ ownerFile, reason: 'not a pg-bakeoff owner record for this directory' });
      continue;
    }
    if (owner.hostname !== undefined && owner.hostname !== os.hostname()) {
      result.kept.push({ ownerFile, reason: `written on another host (${owner.hostname})` });
      continue;
    }
    if (isProcessAlive(owner.pid)) {
      result.kept.push({ ownerFile, reason: `owner process ${owner.pid} is running` });
      continue;
    }
    try {
      const postmaster = readPostmasterPid(dataDir);
      if (postmaster !== undefined && isPostgresOf(postmaster, dataDir)) {
        log(`stopping a leftover embedded Postgres (pid ${postmaster}) of a pg-bakeoff run that died (pid ${owner.pid})`);
        await stopPostmaster(postmaster, dataDir);
        if (isProcessAlive(postmaster) && isPostgresOf(postmaster, dataDir)) {
          result.kept.push({ ownerFile, reason: `its postgres (pid ${postmaster}) would not stop` });
          continue;
        }
        result.stopped.push(postmaster);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(ownerFile, { force: true });
      result.removed.push(dataDir);
      log(`removed the stale embedded data directory ${dataDir}`);
    } catch (err) {
      result.kept.push({ ownerFile, reason: `could not clean up: ${(err as Error).message}` });
    }
  }
  return result;
}

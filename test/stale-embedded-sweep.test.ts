// The stale sweep touches pg-bakeoff's own debris and only that: a data directory whose owner record
// names a dead process is removed; one whose owner is alive, one without an owner record, and a
// process that merely reuses a dead server's pid are left alone. (The SIGKILL end-to-end case, with a
// real orphaned postgres, is in interrupt-signals.test.ts.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedOwnerRecord } from '../core/targets/embedded.ts';
import { isPostgresOf, isProcessAlive, sweepStaleEmbedded } from '../core/targets/stale-embedded.ts';

let baseDir: string;
let sleeper: ReturnType<typeof spawn>;

/** A pid that is certainly not running: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

function debris(name: string, owner: Partial<EmbeddedOwnerRecord> | string | undefined, postmasterPid?: number): string {
  const dataDir = path.join(baseDir, name);
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'PG_VERSION'), '17\n');
  if (postmasterPid !== undefined) fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${postmasterPid}\n${dataDir}\n`);
  if (owner !== undefined) {
    const text = typeof owner === 'string' ? owner : JSON.stringify({ tool: 'pg-bakeoff', port: 5999, dataDir, startedAt: new Date().toISOString(), ...owner });
    fs.writeFileSync(`${dataDir}.owner.json`, text);
  }
  return dataDir;
}

beforeAll(() => {
  baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-sweep-'));
  // A live process that is not postgres, to stand in for a reused pid.
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
});

afterAll(() => {
  sleeper.kill('SIGKILL');
  fs.rmSync(baseDir, { recursive: true, force: true });
});

describe('sweepStaleEmbedded', () => {
  it('removes dead runs’ data directories and leaves everything else alone', async () => {
    const dead = await deadPid();
    const stale = debris('embedded-dead', { pid: dead });
    const staleReusedPid = debris('embedded-dead-reused', { pid: dead }, sleeper.pid!);
    const alive = debris('embedded-alive', { pid: process.pid });
    const noOwner = debris('someone-elses-dir', undefined);
    const foreignOwner = debris('not-ours', '{"tool":"other-tool","pid":1}');
    const otherHost = debris('embedded-other-host', { pid: dead, hostname: `${os.hostname()}-elsewhere` });
    const pointsElsewhere = debris('embedded-points-elsewhere', { pid: dead, dataDir: noOwner });

    const result = await sweepStaleEmbedded(baseDir);

    expect(result.removed.sort()).toEqual([stale, staleReusedPid].sort());
    expect(fs.existsSync(stale) || fs.existsSync(`${stale}.owner.json`)).toBe(false);
    expect(fs.existsSync(staleReusedPid)).toBe(false);
    // The process behind the reused pid is not a postgres of that directory: not signalled.
    expect(isPostgresOf(sleeper.pid!, staleReusedPid)).toBe(false);
    expect(isProcessAlive(sleeper.pid!)).toBe(true);
    expect(result.stopped).toEqual([]);
    for (const dir of [alive, noOwner, foreignOwner, otherHost, pointsElsewhere]) expect(fs.existsSync(dir), dir).toBe(true);
    expect(result.kept.map((k) => path.basename(k.ownerFile)).sort()).toEqual(
      ['embedded-alive', 'embedded-other-host', 'embedded-points-elsewhere', 'not-ours'].map((n) => `${n}.owner.json`).sort(),
    );
  });

  it('does nothing (and does not throw) for a folder that does not exist', async () => {
    const result = await sweepStaleEmbedded(path.join(baseDir, 'missing'));
    expect(result).toEqual({ removed: [], stopped: [], kept: [] });
  });
});

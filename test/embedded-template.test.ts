// Embedded servers start from a copy of an initialised data directory: the first start makes the template
// (initdb with a throwaway password), later starts copy it, and every server still has its own password
// (set in single-user mode), so one server's password opens no other. The template holds no running
// server's files, stopping a server removes its copy but keeps the template, and templates unused for a
// week (or left half-made) are cleaned up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../core/targets/embedded.ts';
import type { Target } from '../core/targets/target.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-templates-test-'));
const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-embedded-test-'));
fs.chmodSync(baseDir, 0o755);
const started: Target[] = [];

afterAll(async () => {
  await Promise.all(started.map((t) => t.stop()));
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(baseDir, { recursive: true, force: true });
});

async function connectWith(target: Target, password?: string): Promise<string> {
  const config = target.connectionConfig();
  const client = new pg.Client(password === undefined ? config : { ...config, password });
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
    return rows[0]!.user;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('embedded servers from a template', () => {
  it('makes the template once, copies it after, and gives every server its own password', async () => {
    // Left by earlier runs: a template of another server version unused for weeks, a half-made one of a run
    // that died, and one another version used yesterday.
    const weeksAgo = new Date(Date.now() - 30 * 24 * 3600_000);
    for (const name of ['template-00000000000000aa', 'template-00000000000000bb.making-1-2']) {
      fs.mkdirSync(path.join(root, name));
      fs.utimesSync(path.join(root, name), weeksAgo, weeksAgo);
    }
    fs.mkdirSync(path.join(root, 'template-00000000000000cc'));
    const log: string[] = [];
    const first = await startEmbedded({ baseDir, templateRoot: root, onLog: (l) => log.push(l) });
    started.push(first);
    // The stale ones went when the new template was made; the recently used one stays.
    expect(fs.existsSync(path.join(root, 'template-00000000000000aa'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'template-00000000000000bb.making-1-2'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'template-00000000000000cc'))).toBe(true);
    fs.rmSync(path.join(root, 'template-00000000000000cc'), { recursive: true });
    const templates = fs.readdirSync(root);
    expect(templates).toHaveLength(1);
    const template = path.join(root, templates[0]!);
    expect(fs.existsSync(path.join(template, 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(template, 'postmaster.pid'))).toBe(false);

    const second = await startEmbedded({ baseDir, templateRoot: root, onLog: (l) => log.push(l) });
    started.push(second);
    expect(fs.readdirSync(root)).toEqual(templates);
    expect(log.filter((l) => l.includes('[template]'))).toEqual([]);

    expect(await connectWith(first)).toBe('bakeoff');
    expect(await connectWith(second)).toBe('bakeoff');
    const firstPassword = String(first.connectionConfig().password);
    await expect(connectWith(second, firstPassword)).rejects.toThrow(/password authentication failed/);

    await second.stop();
    // The copy is gone with its server (only the first server's data directory and owner file are left);
    // the template stays for the next start.
    const remaining = fs.readdirSync(baseDir).sort();
    expect(remaining).toHaveLength(2);
    expect(`${remaining[0]}.owner.json`).toBe(remaining[1]);
    expect(fs.existsSync(path.join(template, 'PG_VERSION'))).toBe(true);
  });

  it('still runs initdb itself when templates are turned off', async () => {
    const plain = await startEmbedded({ baseDir, templateRoot: false });
    started.push(plain);
    expect(await connectWith(plain)).toBe('bakeoff');
  });
});

// The output folder is claimed before a run starts: a taken default name gets a -2, -3 suffix (two runs
// started in the same second), and an --out that cannot be a folder is bad input, found at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.ts';
import { claimFreshOutDir, prepareOutDir } from '../core/run/claim-out-dir.ts';

describe('output folders', () => {
  it('never hands the same default folder to two runs', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-claim-'));
    const base = path.join(root, 'results', '2026-01-01T00-00-00-insert-strategies');
    const claimed = [claimFreshOutDir(base), claimFreshOutDir(base), claimFreshOutDir(base)];
    expect(claimed).toEqual([base, `${base}-2`, `${base}-3`]);
    expect(claimed.every((d) => fs.statSync(d).isDirectory() && fs.readdirSync(d).length === 0)).toBe(true);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses an --out that is a file, naming the option', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-claim-')), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    expect(() => prepareOutDir(file)).toThrow(UsageError);
    expect(() => prepareOutDir(file)).toThrow(/--out .* cannot be used as the output folder: it exists and is not a folder/);
    expect(() => prepareOutDir(path.join(file, 'below'))).toThrow(/--out .* cannot be used as the output folder/);
  });
});

// Claims the run's output folder before the run starts: a folder that cannot be written is bad input
// (exit 2) found in a second, not after a ten-minute run; and two runs started in the same second with
// the default folder name each get their own folder instead of overwriting each other's reports.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';

function checkWritable(dir: string): void {
  const probe = path.join(dir, `.bakeoff-write-check-${process.pid}`);
  fs.writeFileSync(probe, '');
  fs.rmSync(probe, { force: true });
}

/** Uses `dir` as given (`--out`): creates it if needed and checks it can be written. */
export function prepareOutDir(dir: string): string {
  try {
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new Error('it exists and is not a folder');
    fs.mkdirSync(dir, { recursive: true });
    checkWritable(dir);
  } catch (err) {
    throw new UsageError(`--out ${dir} cannot be used as the output folder: ${(err as Error).message.replace(/^[A-Z]+: /, '')}. Pick a writable folder.`);
  }
  return dir;
}

/**
 * Creates a fresh folder named `base`, or `base-2`, `base-3`, ... if taken. mkdir without `recursive`
 * fails when the folder exists, which makes the claim atomic between concurrent runs.
 */
export function claimFreshOutDir(base: string): string {
  try {
    fs.mkdirSync(path.dirname(base), { recursive: true });
  } catch (err) {
    throw new UsageError(`Cannot create the output folder ${path.dirname(base)}: ${(err as Error).message}. Use --out to pick another.`);
  }
  for (let n = 1; n < 1000; n += 1) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      fs.mkdirSync(dir);
      checkWritable(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UsageError(`Cannot create the output folder ${dir}: ${(err as Error).message}. Use --out to pick another.`);
      }
    }
  }
  throw new UsageError(`Too many runs named ${base}; use --out to pick a folder`);
}

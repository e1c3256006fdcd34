// The local-folder sink: each file is written to a temporary name in the same folder and renamed over
// the final name, so a reader never sees half a file; files go in the order given (report.json last).
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, errorMessage } from '../../core/errors.ts';

export function writeFileAtomic(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Writes the files in order; returns their paths. */
export function writeLocalFiles(dir: string, files: ReadonlyArray<readonly [name: string, content: string]>): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileAtomic(file, content);
    return file;
  });
}

/** Reads a text file of at most maxBytes; every failure is a UsageError that names the file. */
export function readLocalText(file: string, maxBytes: number): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`No report at ${file}`);
    throw new UsageError(`Cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
  if (stat.isDirectory()) throw new UsageError(`${file} is a folder, not a report.json`);
  if (stat.size > maxBytes) {
    throw new UsageError(`${file} is ${Math.round(stat.size / 1048576)} MiB, larger than a pg-bakeoff report can be (${Math.round(maxBytes / 1048576)} MiB)`);
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
}

/** Sub-folders of dir that hold a report.json, to suggest when dir itself holds none. */
export function localRunsUnder(dir: string, limit = 5): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'report.json')))
      .map((d) => path.join(dir, d.name))
      .sort()
      .slice(-limit);
  } catch {
    return [];
  }
}

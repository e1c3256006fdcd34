// Options that name local files (OptionSpec.file, e.g. index-choices' --queries) cannot be read where a
// run happens in AWS: the CLI sends their contents along, and the coordinator writes them to its own
// temporary folder and points the options there. The files keep their names, so messages about them do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError, errorMessage } from '../errors.ts';
import type { OptionSpec } from '../scenario.ts';

export interface OptionFile {
  name: string;
  content: string;
}

/** A coordinator invocation carries at most 6 MB; the files get well under that. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Reads the files that file options name; every problem at once. */
export function collectOptionFiles(specs: readonly OptionSpec[], raw: Record<string, unknown>): Record<string, OptionFile> {
  const files: Record<string, OptionFile> = {};
  const problems: string[] = [];
  for (const spec of specs) {
    const value = raw[spec.key];
    if (!spec.file || typeof value !== 'string') continue;
    try {
      const size = fs.statSync(value).size;
      if (size > MAX_FILE_BYTES) throw new Error(`it is ${size} bytes; at most ${MAX_FILE_BYTES} can be sent to AWS`);
      files[spec.key] = { name: path.basename(value), content: fs.readFileSync(value, 'utf8') };
    } catch (err) {
      problems.push(`${spec.flag.split(' ')[0]} ${value}: ${errorMessage(err)}`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return files;
}

/** Writes the files into a fresh folder and returns the options pointing at them, and how to clean up. */
export function materializeOptionFiles(options: Record<string, unknown>, files: Record<string, OptionFile> | undefined): { options: Record<string, unknown>; cleanup(): void } {
  if (!files || Object.keys(files).length === 0) return { options, cleanup: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-options-'));
  const out = { ...options };
  for (const [key, file] of Object.entries(files)) {
    const target = path.join(dir, `${key}-${path.basename(file.name)}`);
    fs.writeFileSync(target, file.content);
    out[key] = target;
  }
  return { options: out, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// Reads a small text file a user names (a query file, an index file), refusing what would hang or
// swamp the run instead of failing cleanly: folders, streams without end (/dev/zero), files larger than
// such a file ever is, binary or non-UTF-8 content. Every problem is one sentence naming the file.
import fs from 'node:fs';

export interface ReadTextOptions {
  /** How the file is called in messages, e.g. `query file`. */
  label: string;
  /** Refuse anything larger (bytes). */
  maxBytes: number;
}

export type ReadTextResult = { text: string; problem?: undefined } | { text?: undefined; problem: string };

function sizeText(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(0)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

export function readTextFile(path: string, options: ReadTextOptions): ReadTextResult {
  const { label, maxBytes } = options;
  let fd: number | undefined;
  try {
    const stat = fs.statSync(path);
    if (stat.isDirectory()) return { problem: `cannot read ${label} ${path}: it is a folder, not a file` };
    if (stat.isFile() && stat.size > maxBytes) {
      return { problem: `${label} ${path} is ${sizeText(stat.size)}, more than the ${sizeText(maxBytes)} such a file can be` };
    }
    // Read with a limit rather than readFileSync: a device or pipe has no size up front.
    fd = fs.openSync(path, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { problem: `${label} ${path} is more than the ${sizeText(maxBytes)} such a file can be` };
      chunks.push(chunk.subarray(0, n));
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.includes(0)) return { problem: `${label} ${path} is not a text file (it contains NUL bytes)` };
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { problem: `${label} ${path} is not UTF-8 text` };
    }
  } catch (err) {
    return { problem: `cannot read ${label} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Query and index files are a few KiB; 1 MiB leaves room for generous comments. */
export const USER_FILE_MAX_BYTES = 1_048_576;

// COPY ... FROM STDIN (text format) through pg-copy-streams: the fastest way to load generated rows.
// Rows are rendered lazily, about 64 KiB per read, so a large load never sits in memory as one string,
// and the stream's backpressure paces generation to the socket.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from './quote.ts';

export type CopyValue = string | number | bigint | null;

export interface CopyRowsJob {
  /** The target table, already quoted (e.g. from ctx.table()). */
  table: string;
  /** Column names, unquoted; they are quoted here. */
  columns: readonly string[];
  count: number;
  /** The values of row `index` (0-based), in `columns` order. */
  row(index: number): readonly CopyValue[];
  signal?: AbortSignal;
  /** Called after each chunk (about 64 KiB of COPY text) with the rows rendered so far. */
  progress?(done: number): void;
}

/** Characters of COPY text rendered per read: large enough that per-chunk stream overhead is noise. */
const CHARS_PER_READ = 64 * 1024;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeChar = (c: string) => ESCAPED[c]!;

/**
 * Escapes a value for COPY's text format (`\N` is NULL). Runs for every value of every row, so the common
 * case costs one test: numbers never need escaping, and most strings have nothing to escape (profiled:
 * four replace() calls per value made COPY rendering and its garbage the bulk of the COPY variant's CPU).
 */
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, escapeChar) : text;
}

/** One row in COPY text format: values escaped, tab-separated, newline-terminated. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = values.length > 0 ? copyText(values[0]!) : '';
  for (let i = 1; i < values.length; i += 1) line += '\t' + copyText(values[i]!);
  return line + '\n';
}

/** Streams `job.count` rows into the table with one COPY statement; returns the rows the server reports. */
export async function copyRows(client: pg.ClientBase, job: CopyRowsJob): Promise<number> {
  let index = 0;
  const source = new Readable({
    read() {
      let text = '';
      while (index < job.count && text.length < CHARS_PER_READ) {
        text += copyLine(job.row(index));
        index += 1;
      }
      if (text) this.push(text);
      job.progress?.(index);
      if (job.signal?.aborted) this.destroy(new Error('interrupted'));
      else if (index >= job.count) this.push(null);
    },
  });
  const columnList = job.columns.map(quoteIdent).join(', ');
  const sink = client.query(copyFrom(`COPY ${job.table} (${columnList}) FROM STDIN`));
  await pipeline(source, sink);
  return Number(sink.rowCount ?? 0);
}

// COPY ... FROM STDIN (text format) through pg-copy-streams: the fastest way to load generated rows.
// Rows are rendered lazily, a few hundred per read, so a large load never sits in memory as one string,
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
  /** Called every few hundred rows with the rows rendered so far. */
  progress?(done: number): void;
}

const ROWS_PER_READ = 256;

/** Escapes a value for COPY's text format (`\N` is NULL). */
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams `job.count` rows into the table with one COPY statement; returns the rows the server reports. */
export async function copyRows(client: pg.ClientBase, job: CopyRowsJob): Promise<number> {
  let index = 0;
  const source = new Readable({
    read() {
      const end = Math.min(index + ROWS_PER_READ, job.count);
      let text = '';
      for (; index < end; index += 1) text += job.row(index).map(copyText).join('\t') + '\n';
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

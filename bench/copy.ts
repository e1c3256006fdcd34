// Bench `copy`: is pg-bakeoff's COPY as fast as psql's? The same generated rows (insert-strategies' rows:
// --rows, --payload-bytes) loaded two ways into an empty orders table, interleaved A B, A B, ...:
//   A  insert-strategies' `copy` variant: one engine trial (COPY FROM STDIN through pg-copy-streams, rows
//      rendered to COPY text as they stream), verified by count and checksum; rows/s from its own timing
//   B  psql \copy from a file holding the same rows in COPY text format, timed by psql's \timing (the
//      COPY alone, not psql's start or connection), verified by the same count and checksum
// Target: median A >= 0.9 x median B (rows/s).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyLine } from '../core/copy-rows.ts';
import { quoteIdent } from '../core/quote.ts';
import insertStrategies from '../scenarios/insert-strategies/index.ts';
import { countAndChecksum, recreateOrdersTable } from '../scenarios/insert-strategies/order-table.ts';
import { ORDER_COLUMNS, expectedChecksum, generateRows } from '../scenarios/insert-strategies/rows.ts';
import { rowValues } from '../scenarios/insert-strategies/strategies.ts';
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { interleave, medians, pairedRatio } from './lib/interleave.ts';
import { requireProgram, runPgTool } from './lib/pg-tools.ts';
import { openScenarioSession } from './lib/scenario-session.ts';

export const COPY_TARGET = 0.9;

/** psql prints `Time: 123.456 ms` (or `Time: 1234.567 ms (00:01.235)`) after each timed command. */
export function parsePsqlTiming(output: string): number {
  const times = [...output.matchAll(/Time: ([\d.]+) ms/g)];
  if (times.length === 0) throw new Error(`psql printed no timing: ${output.slice(-300)}`);
  return Number(times.at(-1)![1]);
}

/**
 * Writes the rows the copy variant loads, as the COPY text it sends, and returns their checksum. The rows
 * are let go afterwards, so the scenario's own copy of them is the only one the heap holds while measuring.
 */
function writeCopyFile(file: string, rows: number, payloadBytes: number): string {
  const data = generateRows(rows, payloadBytes);
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < data.length; i += 10_000) fs.writeSync(fd, data.slice(i, i + 10_000).map((r) => copyLine(rowValues(r))).join(''));
  } finally {
    fs.closeSync(fd);
  }
  return expectedChecksum(data);
}

const bench: BenchModule = {
  name: 'copy',
  description: "insert-strategies' COPY variant vs psql \\copy of the same rows (target >= 0.9x rows/s)",
  flags: {
    rows: { type: 'string', description: 'rows per load (default 200000, --quick 50000)' },
    'payload-bytes': { type: 'string', description: 'payload column size (default 100)' },
    rounds: { type: 'string', description: 'measured rounds per side (default 5, --quick 2)' },
  },
  async run(ctx) {
    const rows = numberFlag(ctx.flags, 'rows', { full: 200_000, quick: 50_000 }, 1);
    const payloadBytes = numberFlag(ctx.flags, 'payload-bytes', 100, 0);
    const rounds = numberFlag(ctx.flags, 'rounds', { full: 5, quick: 2 }, 1);
    const psql = requireProgram('psql', 'postgresql-client');
    const target = await ctx.server();
    const session = await openScenarioSession(target, insertStrategies, { rows: String(rows), payloadBytes: String(payloadBytes) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-copy-'));
    const file = path.join(dir, 'orders.copy');
    const checksum = writeCopyFile(file, rows, payloadBytes);
    const table = session.ctx.table('orders_psql');
    const admin = await session.ctx.connect();
    try {
      ctx.log(`${rows.toLocaleString('en-US')} rows of ${payloadBytes}-byte payload (${(fs.statSync(file).size / 1024 ** 2).toFixed(1)} MiB as COPY text), ${rounds} rounds`);
      const columns = ORDER_COLUMNS.map(quoteIdent).join(', ');
      const samples = await interleave(
        [
          {
            name: 'pg-bakeoff copy variant',
            async run() {
              const trial = await session.trial('copy');
              return { value: trial.throughput, note: `(${trial.check.detail})` };
            },
          },
          {
            name: 'psql \\copy',
            inProcess: false,
            async run() {
              await recreateOrdersTable(admin, table);
              // psql's own quoting for the file name: single quotes, doubled inside.
              const copy = `\\copy ${table} (${columns}) FROM '${file.replace(/'/g, "''")}'`;
              const run = await runPgTool(psql, target, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', '\\timing on', '-c', copy], { databaseLast: false });
              const ms = parsePsqlTiming(run.output);
              const found = await countAndChecksum(admin, table);
              if (found.count !== rows || found.checksum !== checksum) {
                throw new Error(`psql \\copy loaded ${found.count} rows with checksum ${found.checksum}; expected ${rows} with ${checksum}`);
              }
              await admin.query(`DROP TABLE ${table}`);
              return { value: (rows * 1000) / ms, note: `(${found.count} rows, checksum ${checksum}; psql wall ${Math.round(run.wallMs)} ms)` };
            },
          },
        ],
        { rounds, unit: 'rows/s', log: ctx.log, only: ctx.flags.only as string | undefined },
      );
      const m = medians(samples, 'rows/s', ctx.log);
      ctx.log(`  ratio of medians ${(m.get('pg-bakeoff copy variant')! / m.get('psql \\copy')!).toFixed(3)}`);
      ctx.targets.check({
        bench: 'copy',
        what: 'pg-bakeoff copy / psql \\copy (rows/s, median of round ratios)',
        measured: pairedRatio(samples, 'pg-bakeoff copy variant', 'psql \\copy'),
        op: '>=',
        threshold: COPY_TARGET,
        kind: 'hard',
      });
    } finally {
      await admin.end().catch(() => undefined);
      await session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;

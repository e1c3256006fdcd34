// pgbench running pool-size's point select on the same table: a custom script (`\set` a random id, then
// the same SELECT), prepared (`-M prepared`: parse once per connection, then bind and execute, as pg's
// named statements do), one connection per client. pgbench's C client costs the machine little CPU,
// so it shows what the server can do when the client is nearly free.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workloadStatements } from '../../scenarios/pool-size/workload.ts';
import { workloadTables } from '../../scenarios/pool-size/tables.ts';
import type { PointSelectTable } from './bare-loops.ts';
import { runPgTool } from './pg-tools.ts';

export interface PgbenchResult {
  tps: number;
  transactions: number;
}

export function pgbenchScript(table: PointSelectTable): string {
  const select = workloadStatements(workloadTables(table.schema)).select.replace('$1', ':id');
  return `\\set id random(1, ${table.accounts})\n${select};\n`;
}

/** Parses pgbench's summary; throws unless every transaction succeeded. */
export function parsePgbenchOutput(output: string): PgbenchResult {
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
  const processed = /number of transactions actually processed: (\d+)/.exec(output);
  const failed = /number of failed transactions: (\d+)/.exec(output);
  if (!tps || !processed) throw new Error(`could not read tps from pgbench output: ${output.slice(-300)}`);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} failed transactions`);
  return { tps: Number(tps[1]), transactions: Number(processed[1]) };
}

export async function pgbenchPointSelect(pgbench: string, table: PointSelectTable, options: { clients: number; threads: number; seconds: number }): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  const script = path.join(dir, 'point-select.sql');
  fs.writeFileSync(script, pgbenchScript(table));
  try {
    const run = await runPgTool(pgbench, table.target, [
      '-n',
      '-M',
      'prepared',
      '-f',
      script,
      '-c',
      String(options.clients),
      '-j',
      String(Math.min(options.threads, options.clients)),
      '-T',
      String(Math.max(1, Math.round(options.seconds))),
    ]);
    return parsePgbenchOutput(run.output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

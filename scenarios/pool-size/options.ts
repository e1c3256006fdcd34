// Options of the `pool-size` scenario, their defaults, what --quick changes, and the checks across options.
import os from 'node:os';
import { choiceOption, flagOption, intListOption, intOption, numberOption, weightsOption } from '../../core/option-schemas.ts';
import type { OptionSpec } from '../../core/scenario.ts';

export const MIX_NAMES = ['select', 'update', 'insert'] as const;
export type MixName = (typeof MIX_NAMES)[number];

export interface PoolSizeOptions {
  /** Pool sizes to compare: the total connections across workers. */
  pool: number[];
  concurrency: number;
  /** Seconds of load per trial. */
  duration: number;
  /** Open-loop arrival rates (operations/s); closed loop when absent. */
  rate?: number[];
  arrival: 'even' | 'poisson';
  mix: Record<MixName, number>;
  /** Application work per operation while the connection is held (ms). */
  holdMs: number;
  /** Weight of the heavier query next to the mix weights (0: none). */
  heavy: number;
  workers: number;
  p99MaxMs?: number;
  http: boolean;
  accounts: number;
  acquireTimeoutMs: number;
}

/**
 * Powers of two from 2 to 32, plus the sizes two rules of thumb give on this machine ("cores * 2 + 1" and
 * "15"), so the report can show what those rules would have given as measured, not interpolated.
 */
export function defaultPoolSizes(cores = os.cpus().length): number[] {
  return [...new Set([2, 4, 8, 16, 32, cores * 2 + 1, 15])].sort((a, b) => a - b);
}

export const DEFAULT_MIX: Record<MixName, number> = { select: 70, update: 20, insert: 10 };

export const POOL_SIZE_OPTIONS: OptionSpec[] = [
  { key: 'pool', flag: '--pool <sizes>', description: 'pool sizes to compare (total connections across workers); default 2,4,8,16,32 plus cores*2+1 and 15', defaultValue: defaultPoolSizes(), schema: intListOption(1, 100_000).default(defaultPoolSizes()) },
  { key: 'concurrency', flag: '--concurrency <n>', description: 'concurrent clients (closed loop) or most operations in flight (open loop)', defaultValue: 64, schema: intOption(1, 100_000).default(64) },
  { key: 'duration', flag: '--duration <seconds>', description: 'seconds of load per trial', defaultValue: 3, schema: numberOption(0.1, 86_400).default(3) },
  { key: 'rate', flag: '--rate <ops-per-second>', description: 'open loop: arrival rates to run each pool size at (e.g. 2000,4000)', schema: intListOption(1, 10_000_000).optional() },
  { key: 'arrival', flag: '--arrival <even|poisson>', description: 'open loop: evenly spaced or Poisson arrivals', defaultValue: 'even', schema: choiceOption(['even', 'poisson']).default('even') },
  { key: 'mix', flag: '--mix <weights>', description: 'operation mix: select (by primary key), update (by primary key), insert', defaultValue: 'select=70,update=20,insert=10', schema: weightsOption(MIX_NAMES).default(DEFAULT_MIX) },
  { key: 'holdMs', flag: '--hold-ms <ms>', description: 'application work per operation while the connection is held', defaultValue: 0, schema: numberOption(0, 600_000).default(0) },
  { key: 'heavy', flag: '--heavy <weight>', description: 'weight of a heavier query (a range aggregate over orders) next to the mix', defaultValue: 0, schema: numberOption(0, 1_000_000).default(0) },
  { key: 'workers', flag: '--workers <n>', description: 'local worker processes making the load (pool sizes are split across them)', defaultValue: 1, schema: intOption(1, 256).default(1) },
  { key: 'p99MaxMs', flag: '--p99-max-ms <ms>', description: 'latency bound for the recommendation (default: 2x the best pool\'s p99)', schema: numberOption(0.001, 3_600_000).optional() },
  { key: 'http', flag: '--http', description: 'drive an HTTP service (one pool per variant) with autocannon; report request latency', defaultValue: false, schema: flagOption() },
  { key: 'accounts', flag: '--accounts <n>', description: 'rows in the accounts table (orders: 5 per account)', defaultValue: 10_000, schema: intOption(10, 50_000_000).default(10_000) },
  { key: 'acquireTimeoutMs', flag: '--acquire-timeout-ms <ms>', description: 'how long an operation waits for a pool connection before it fails', defaultValue: 5000, schema: intOption(1, 3_600_000).default(5000) },
];

export const POOL_SIZE_QUICK: Partial<PoolSizeOptions> = { pool: [2, 8], concurrency: 16, duration: 0.75, accounts: 1000 };

export function validatePoolSizeOptions(o: PoolSizeOptions): string[] {
  const problems: string[] = [];
  const duplicates = o.pool.filter((p, i) => o.pool.indexOf(p) !== i);
  if (duplicates.length > 0) problems.push(`--pool lists ${[...new Set(duplicates)].join(', ')} more than once`);
  const tooSmall = o.pool.filter((p) => p < o.workers);
  if (tooSmall.length > 0) problems.push(`--pool ${tooSmall.join(',')} is smaller than --workers ${o.workers}: each worker needs at least one connection (use fewer workers or larger pools)`);
  if (o.concurrency < o.workers) problems.push(`--concurrency ${o.concurrency} is smaller than --workers ${o.workers}: each worker needs at least one client`);
  if (o.rate && new Set(o.rate).size !== o.rate.length) problems.push('--rate lists a rate more than once');
  if (o.http && o.rate) problems.push('--http runs a closed loop (autocannon keeps --concurrency connections busy); drop --rate or --http');
  if (o.http && o.workers > 1) problems.push('--http makes its load from one process; drop --workers or --http');
  return problems;
}


// Options of the isolation scenario: which levels and workloads to run, and the contention knobs (hot
// keys, skew, concurrency), trial length and the retry bound.
import { z } from 'zod';
import { intOption, listOption, numberOption } from '../../core/option-schemas.ts';
import type { OptionSpec } from '../../core/scenario.ts';
import { LEVELS, WORKLOADS, type LevelName, type WorkloadName } from './model.ts';

export interface IsolationOptions {
  levels: LevelName[];
  workload: WorkloadName[];
  keys: number;
  skew: number;
  concurrency: number;
  /** Seconds per trial (ignored when `transactions` is given). */
  duration: number;
  /** Transactions per trial, instead of a duration. */
  transactions?: number;
  maxRetries: number;
}

/** A comma-separated list whose items must come from `known`; names every unknown item at once. */
function namesOption<T extends string>(known: readonly T[]) {
  return listOption().superRefine((items, ctx) => {
    const unknown = items.filter((item) => !known.includes(item as T));
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown ${unknown.map((u) => `"${u}"`).join(', ')} (choose from ${known.join(', ')})` });
  }) as unknown as z.ZodType<T[]>;
}

export const ISOLATION_OPTIONS: OptionSpec[] = [
  {
    key: 'levels',
    flag: '--levels <names>',
    description: `isolation levels to compare (${LEVELS.join(', ')})`,
    defaultValue: LEVELS.join(','),
    schema: namesOption(LEVELS).default([...LEVELS]),
  },
  {
    key: 'workload',
    flag: '--workload <names>',
    description: `workloads to run (${WORKLOADS.join(', ')})`,
    defaultValue: WORKLOADS.join(','),
    schema: namesOption(WORKLOADS).default([...WORKLOADS]),
  },
  {
    key: 'keys',
    flag: '--keys <n>',
    description: 'hot keys the transactions fight over (accounts, counters, on-call groups); fewer = more contention',
    defaultValue: 10,
    schema: intOption(1, 1_000_000).default(10),
  },
  {
    key: 'skew',
    flag: '--skew <s>',
    description: 'Zipf exponent of key popularity: 0 = uniform, 1 = key 1 drawn twice as often as key 2',
    defaultValue: 0,
    schema: numberOption(0, 5).default(0),
  },
  {
    key: 'concurrency',
    flag: '--concurrency <n>',
    description: 'concurrent clients, each on its own connection',
    defaultValue: 8,
    schema: intOption(1, 500).default(8),
  },
  {
    key: 'duration',
    flag: '--duration <seconds>',
    description: 'length of each trial (unless --transactions is given)',
    defaultValue: 1,
    schema: numberOption(0.05, 3600).default(1),
  },
  {
    key: 'transactions',
    flag: '--transactions <n>',
    description: 'transactions per trial instead of a duration',
    schema: intOption(1, 100_000_000).optional(),
  },
  {
    key: 'maxRetries',
    flag: '--max-retries <n>',
    description: 'retries of a transaction that failed with 40001/40P01 before it is counted as given up',
    defaultValue: 10,
    schema: intOption(0, 1000).default(10),
  },
];

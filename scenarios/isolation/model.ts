// The vocabulary of the isolation scenario: isolation levels (weakest first), workloads, the approaches
// an application can take to the same work, and how a variant is named from the three.
import type { IsolationLevel } from '../../core/load/retry-transaction.ts';

export const LEVELS = ['read-committed', 'repeatable-read', 'serializable'] as const;
export type LevelName = (typeof LEVELS)[number];

/** The SQL spelling of each level, for BEGIN ISOLATION LEVEL ... */
export const LEVEL_SQL: Record<LevelName, IsolationLevel> = {
  'read-committed': 'read committed',
  'repeatable-read': 'repeatable read',
  serializable: 'serializable',
};

export const WORKLOADS = ['transfer', 'counter', 'write-skew'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export const APPROACHES = ['read-modify-write', 'for-update', 'atomic'] as const;
export type ApproachName = (typeof APPROACHES)[number];

export const APPROACH_DESCRIPTIONS: Record<ApproachName, string> = {
  'read-modify-write': 'SELECT the current value, compute in the application, UPDATE with the computed value',
  'for-update': 'the same, but the SELECT takes row locks (SELECT ... FOR UPDATE, in key order)',
  atomic: 'no read: UPDATE ... SET x = x + $1 computes in the database',
};

export interface VariantKey {
  level: LevelName;
  workload: WorkloadName;
  approach: ApproachName;
}

export function variantName(key: VariantKey): string {
  return `${key.level}/${key.workload}/${key.approach}`;
}

/** Reads level, workload and approach back from a variant's params (as report.json keeps them). */
export function variantKeyOf(params: Record<string, unknown>): VariantKey | undefined {
  const { level, workload, approach } = params;
  if (!LEVELS.includes(level as LevelName) || !WORKLOADS.includes(workload as WorkloadName) || !APPROACHES.includes(approach as ApproachName)) return undefined;
  return { level: level as LevelName, workload: workload as WorkloadName, approach: approach as ApproachName };
}

// What every isolation workload provides: its tables, a fresh state per trial, one logical operation
// (a transaction the harness runs and retries), and an invariant check that reconciles the final state
// with a ledger the committed transactions wrote. Anomalies are results, not errors: the check reports
// how many invariant breaks it found and the trial records them as metrics.
import type pg from 'pg';
import type { KeyPicker } from '../../core/load/skewed-keys.ts';
import type { ApproachName, WorkloadName } from './model.ts';

/** Runs `work` as one transaction at the variant's level, retrying on 40001/40P01 (see core/load/retry-transaction.ts). */
export type Transact = <T>(work: (client: pg.ClientBase) => Promise<T>) => Promise<T>;

export interface WorkloadTables {
  /** `"schema"."name"`, quoted. */
  table(name: string): string;
}

export interface PrepareOptions extends WorkloadTables {
  approach: ApproachName;
  keys: KeyPicker;
}

/** One trial's worth of a workload: state it needs across operations, and what it committed. */
export interface WorkloadTrial {
  /** One logical operation on `client`: choose inputs, run them through `transact`, do any bookkeeping after. */
  operation(client: pg.ClientBase, transact: Transact): Promise<void>;
  /** Ledger rows the committed transactions wrote, as the application counted them (reconciled in `check`). */
  readonly ledgerRowsWritten: number;
}

export interface InvariantCheck {
  /** Invariant breaks: accounts or counters off their ledger, groups left without anyone on call. */
  violations: number;
  /** Workload-specific figures (lostUpdates, totalDrift, shifts, ...). */
  metrics: Record<string, number>;
  /** Rows in the ledger table; must equal `WorkloadTrial.ledgerRowsWritten` or the harness is broken. */
  ledgerRows: number;
  /** Problems with the harness itself (not anomalies): these fail the trial. */
  harnessProblems: string[];
  /** One sentence on what was found. */
  detail: string;
}

export interface Workload {
  name: WorkloadName;
  description: string;
  approaches: readonly ApproachName[];
  /** The invariant, in words, for reports. */
  invariant: string;
  /** The smallest --keys that makes sense (a transfer needs two accounts). */
  minKeys: number;
  /** Creates the workload's tables once per run. */
  create(client: pg.ClientBase, tables: WorkloadTables, keys: number): Promise<void>;
  /** Resets the tables to the initial state and returns the trial's operation. */
  prepare(client: pg.ClientBase, options: PrepareOptions): Promise<WorkloadTrial>;
  /** Checks the invariant against the ledger; only reads. */
  check(client: pg.ClientBase, tables: WorkloadTables): Promise<InvariantCheck>;
}

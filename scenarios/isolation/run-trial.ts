// One trial of one isolation variant: reset the workload's tables, run N clients in a closed loop where
// every operation is a transaction at the variant's level (retried on 40001/40P01), then check the
// invariant and reconcile what the application committed with what the database holds.
//
// Anomalies are the result being measured, not a failure: violations and lost updates become metrics.
// The trial's check fails only when the harness itself cannot be trusted (a transaction ran at the wrong
// level, an error that retrying cannot fix, commits that do not match the ledger).
import type pg from 'pg';
import { runClosedLoop } from '../../core/load/closed-loop.ts';
import { DEFAULT_RETRY_POLICY, RetryStats, runTransaction, TransactionGaveUpError, type RetryPolicy } from '../../core/load/retry-transaction.ts';
import { skewedKeys } from '../../core/load/skewed-keys.ts';
import type { TrialContext, TrialMeasurement } from '../../core/scenario.ts';
import { LEVEL_SQL, type VariantKey } from './model.ts';
import type { IsolationOptions } from './options.ts';
import { trialConnections } from './run-connections.ts';
import type { Transact, Workload } from './workload.ts';

export async function runIsolationTrial(ctx: TrialContext<IsolationOptions>, key: VariantKey, workload: Workload): Promise<TrialMeasurement> {
  const options = ctx.options;
  const isolation = LEVEL_SQL[key.level];
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: options.maxRetries };
  const { admin, clients, release } = await trialConnections(ctx, options.concurrency);
  let broken = true;
  try {
    const problems: string[] = [];

    // The level is set per transaction by BEGIN ISOLATION LEVEL; make sure the server agrees.
    const shown = await runTransaction(clients[0]!, async (c) => (await c.query<{ level: string }>('SELECT current_setting($1) AS level', ['transaction_isolation'])).rows[0]!.level, {
      isolation,
      policy,
      stats: new RetryStats(),
    });
    if (shown !== isolation) problems.push(`transactions ran at ${shown}, not ${isolation}`);

    const trial = await workload.prepare(admin, { table: ctx.table, approach: key.approach, keys: skewedKeys(options.keys, options.skew) });
    const stats = new RetryStats();
    const transactFor = (client: pg.ClientBase): Transact => (work) => runTransaction(client, work, { isolation, policy, stats, signal: ctx.signal });
    const transacts = clients.map(transactFor);
    const total = options.transactions ?? 0;
    // A give-up is an outcome the retry stats count, not an error of the loop: only errors retrying
    // cannot fix (and transactions cut short by an interrupt) reach the loop's error counts.
    const operation = async (client: number) => {
      try {
        await trial.operation(clients[client]!, transacts[client]!);
      } catch (err) {
        if (!(err instanceof TransactionGaveUpError)) throw err;
      }
    };
    const loop = await runClosedLoop(operation, {
      concurrency: options.concurrency,
      ...(options.transactions !== undefined ? { operations: options.transactions } : { durationMs: options.duration * 1000 }),
      signal: ctx.signal,
      onProgress: (done, estimate) => ctx.progress(done, total || estimate),
    });

    const invariant = await workload.check(admin, ctx);
    problems.push(...invariant.harnessProblems);
    // Every operation must end in a commit or a counted give-up (unless an interrupt cut it short);
    // anything else is an error retrying does not fix, and the figures of this trial cannot be trusted.
    const unexplained = loop.failed - stats.interrupted;
    if (unexplained > 0) {
      const kinds = Object.entries(loop.errors).map(([kind, n]) => `${n} x ${kind}`);
      problems.push(`${unexplained} transactions failed with errors that are not retryable (${kinds.join(', ')})`);
    } else if (loop.succeeded !== stats.commits + stats.giveUps) {
      problems.push(`${loop.succeeded} operations completed but ${stats.commits} transactions committed and ${stats.giveUps} gave up`);
    }
    if (invariant.ledgerRows !== trial.ledgerRowsWritten) {
      problems.push(`the application saw ${trial.ledgerRowsWritten} ledger writes commit, the database holds ${invariant.ledgerRows}`);
    }

    const aborted = stats.abortedAttempts;
    const abortPct = (count: number) => (stats.attempts > 0 ? (100 * count) / stats.attempts : 0);
    const sqlstateAborts = (prefix: string) => Object.entries(stats.aborts).filter(([kind]) => kind.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
    const metrics: Record<string, number> = {
      commits: stats.commits,
      attempts: stats.attempts,
      retries: stats.retries,
      giveUps: stats.giveUps,
      aborts: aborted,
      aborts40001: sqlstateAborts('40001 '),
      aborts40P01: sqlstateAborts('40P01 '),
      abortPct: abortPct(aborted),
      abortPct40001: abortPct(sqlstateAborts('40001 ')),
      abortPct40P01: abortPct(sqlstateAborts('40P01 ')),
      retriesPerCommit: stats.commits > 0 ? stats.retries / stats.commits : 0,
      violations: invariant.violations,
      ...invariant.metrics,
    };
    const giveUpNote = stats.giveUps > 0 ? `; ${stats.giveUps} gave up after ${policy.maxRetries} retries` : '';
    const verified = `${stats.commits} commits, ${stats.retries} retries${giveUpNote}; ${invariant.detail}`;
    // Connections that saw an unexplained error go back to the pool only as destroyed.
    broken = problems.length > 0;
    return {
      units: stats.commits,
      elapsedMs: loop.elapsedMs,
      histogram: stats.latency,
      errors: { ...stats.aborts },
      metrics,
      check: problems.length === 0 ? { ok: true, detail: verified } : { ok: false, detail: `${problems.join('; ')} (${verified})` },
    };
  } finally {
    release(broken);
  }
}

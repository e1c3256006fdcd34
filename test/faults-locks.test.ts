// A lock held by another session in the middle of a run: the run's lock_timeout (or, without one, its
// statement_timeout) turns the wait into a counted error, 55P03 or 57014, instead of a hang. The trial
// that hit it fails with the error counted; once the lock is released, the run goes on and finishes.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../core/engine/run-variants.ts';
import { quoteIdent } from '../core/quote.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario, type RunOutcome } from '../core/run/run-scenario.ts';
import type { Target } from '../core/targets/target.ts';
import insertStrategies from '../scenarios/insert-strategies/index.ts';
import { sharedClient, sharedTarget } from './helpers/shared-target.ts';

let target: Target;
let locker: pg.Client;

beforeAll(async () => {
  target = await sharedTarget();
  locker = await sharedClient();
});

afterAll(async () => {
  await locker?.end();
});

/**
 * Runs single-row autocommit (a short lock per row, so another session can get in between rows) and,
 * 500 rows into the first trial, takes an exclusive lock on the run's table from another session. The
 * lock is released when that trial ends.
 */
async function runAgainstLock(limits: Record<string, string>): Promise<{ outcome: RunOutcome; locked: boolean }> {
  const options = resolveOptions(insertStrategies, {
    rows: '1000',
    batchSize: '500',
    payloadBytes: '16',
    trials: '2',
    warmup: '0',
    variants: 'single-row-autocommit',
    ...limits,
  });
  let schema = '';
  let lock: Promise<void> | undefined;
  let release: Promise<void> | undefined;
  let locked = false;
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'trial-progress' && event.done >= 500 && !lock) {
      lock = (async () => {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE ${quoteIdent(schema)}.orders IN ACCESS EXCLUSIVE MODE`);
        locked = true;
      })();
    }
    if (event.type === 'trial-end' && event.trial === 0 && lock && !release) release = lock.then(() => locker.query('COMMIT')).then(() => undefined);
  };
  const outcome = await runScenario({
    scenario: insertStrategies,
    options,
    signal: new AbortController().signal,
    target,
    onEvent,
    onRunStarted: (run) => (schema = run.schema),
  });
  await release;
  return { outcome, locked };
}

function expectCountedLockError(outcome: RunOutcome, kind: string): void {
  expect(outcome.status, outcome.reason).toBe('completed');
  const variant = outcome.variants[0]!;
  expect(variant.status, variant.reason).toBe('ok');
  expect(variant.trials).toHaveLength(2);
  const [blocked, after] = variant.trials;
  expect(blocked!.failure).toContain(kind);
  expect(blocked!.errors).toEqual({ [kind]: 1 });
  expect(after!.failure).toBeUndefined();
  expect(after!.check.ok, after!.check.detail).toBe(true);
  expect(after!.units).toBe(1000);
  expect(variant.summary.errors).toEqual({ [kind]: 1 });
  expect(variant.summary.failedTrials).toBe(1);
  // Not a lost connection: nothing to reconnect to.
  expect(outcome.incidents).toBeUndefined();
}

describe('a lock held by another session', () => {
  it('with --lock-timeout, the blocked insert is a counted 55P03 error and the run goes on', async () => {
    const { outcome, locked } = await runAgainstLock({ lockTimeout: '300' });
    expect(locked).toBe(true);
    expectCountedLockError(outcome, '55P03 lock_not_available');
  });

  it('without a lock timeout, --statement-timeout cancels the wait: a counted 57014 error', async () => {
    const { outcome, locked } = await runAgainstLock({ lockTimeout: '0', statementTimeout: '800' });
    expect(locked).toBe(true);
    expectCountedLockError(outcome, '57014 query_canceled');
  });
});

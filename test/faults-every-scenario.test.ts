// Every registered scenario survives every connection of its run being terminated mid-trial
// (pg_terminate_backend of every client backend from another session, on the test's own server): no crash or unhandled error
// (vitest fails the file on one), the run completes, the fault is visible as counted errors, failed
// trials or a lost-connection incident, and nothing of the run is left on the server.
// (insert-strategies-specific expectations, and stop/restart of the server, are in faults-connections.)
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../core/engine/run-variants.ts';
import { APPLICATION_NAME } from '../core/pg-connect.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import type { EmbeddedTarget } from '../core/targets/embedded.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { startOwnServer, testClient } from './helpers/own-server.ts';

let server: EmbeddedTarget;
let admin: pg.Client;

beforeAll(async () => {
  server = await startOwnServer({ fsync: 'off', synchronous_commit: 'off' });
  admin = await testClient(server);
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const CONNECTION_ERROR = /^(57P0[123]|08\w{3}) |connection_error|connect_timeout/;

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
  it('every connection terminated mid-trial: the run completes and the fault shows', async () => {
    const options = resolveOptions(scenario, { quick: true, trials: '2', warmup: '0' });
    let kill: Promise<number> | undefined;
    const terminateAll = () => {
      // Every client connection but this test's own: a scenario may tag its load connections with
      // its own application_name (pool-size does, per trial).
      kill ??= admin
        .query<{ n: string }>("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
        .then((result) => Number(result.rows[0]!.n));
    };
    // The fault must land while the work runs, not while a trial sets up: in the second measured trial,
    // at its first progress report if the scenario reports progress (it did in the first trial), else
    // shortly after the trial starts.
    let trial = -1;
    let reportsProgress = false;
    const onEvent = (event: EngineEvent) => {
      if (event.type === 'trial-start' && !event.warmup) {
        trial = event.trial;
        if (trial === 1 && !reportsProgress) setTimeout(terminateAll, 30);
      }
      if (event.type === 'trial-progress' && event.done > 0) {
        if (trial === 0) reportsProgress = true;
        if (trial === 1) terminateAll();
      }
    };
    const outcome = await runScenario({ scenario, options, signal: new AbortController().signal, target: server, onEvent });
    expect(await kill).toBeGreaterThan(0);
    expect(outcome.status, outcome.reason).toBe('completed');
    const trials = outcome.variants.flatMap((v) => v.trials);
    const connectionErrors = trials.flatMap((t) => Object.entries(t.errors)).filter(([kind]) => CONNECTION_ERROR.test(kind));
    const failedTrials = trials.filter((t) => t.failure !== undefined);
    const lost = (outcome.incidents ?? []).filter((i) => i.kind === 'connection-lost');
    expect(connectionErrors.length + failedTrials.length + lost.length, 'the terminated connections left no trace in the results').toBeGreaterThan(0);
    // A lost connection is followed by the run finding the database again.
    if (lost.length > 0) expect(outcome.incidents!.at(-1)!.kind).toBe('reconnected');
    // Every variant still has verified trials.
    for (const variant of outcome.variants.filter((v) => v.status !== 'unsupported')) {
      expect(variant.status, `${variant.name}: ${variant.reason}`).toBe('ok');
      expect(variant.trials.some((t) => t.failure === undefined && t.check.ok)).toBe(true);
    }
    const schema = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [outcome.schema]);
    expect(schema.rowCount).toBe(0);
    const sessions = await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [APPLICATION_NAME]);
    expect(sessions.rowCount).toBe(0);
  });
});

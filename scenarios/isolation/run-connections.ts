// Connections for the isolation trials, pooled for the whole run: dozens of short trials would otherwise
// spend more time on connection setup (SCRAM authentication, backend start) than on the work measured.
// One pool per run schema, sized for the concurrent clients plus one for resets and checks; closed by the
// scenario's teardown.
import pg from 'pg';
import { createRunPool, runConnectionConfig } from '../../core/pg-connect.ts';
import type { ScenarioContext } from '../../core/scenario.ts';

const pools = new Map<string, pg.Pool>();

export interface TrialConnections {
  admin: pg.PoolClient;
  clients: pg.PoolClient[];
  /** Returns the connections; `broken` destroys them instead (after an error that may have left one unusable). */
  release(broken: boolean): void;
}

function poolFor(ctx: ScenarioContext<unknown>, size: number): pg.Pool {
  let pool = pools.get(ctx.schema);
  if (!pool || pool.options.max < size) {
    // A larger request (another --concurrency in the same run) gets a new pool; the old one drains.
    if (pool) void pool.end().catch(() => undefined);
    // Pool settings travel as overrides: spreading the config would drop its (non-enumerable) password.
    const poolSettings: pg.PoolConfig = { max: size, idleTimeoutMillis: 0 };
    // A connection that the server drops must not crash the process (createRunPool); the next checkout replaces it.
    pool = createRunPool(runConnectionConfig(ctx.target, ctx.schema, poolSettings as Partial<pg.ClientConfig>));
    pools.set(ctx.schema, pool);
  }
  return pool;
}

export async function trialConnections(ctx: ScenarioContext<unknown>, concurrency: number): Promise<TrialConnections> {
  const pool = poolFor(ctx, concurrency + 1);
  const settled = await Promise.allSettled(Array.from({ length: concurrency + 1 }, () => pool.connect()));
  const opened = settled.filter((s): s is PromiseFulfilledResult<pg.PoolClient> => s.status === 'fulfilled').map((s) => s.value);
  const refused = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (refused) {
    for (const client of opened) client.release();
    const reason = refused.reason instanceof Error ? refused.reason.message : String(refused.reason);
    throw new Error(`could not open ${concurrency + 1} connections (--concurrency ${concurrency} plus one to reset and check): ${reason}`, { cause: refused.reason });
  }
  const [admin, ...clients] = opened as [pg.PoolClient, ...pg.PoolClient[]];
  return {
    admin,
    clients,
    release(broken) {
      for (const client of opened) client.release(broken);
    },
  };
}

export async function closeRunConnections(schema: string): Promise<void> {
  const pool = pools.get(schema);
  pools.delete(schema);
  await pool?.end();
}

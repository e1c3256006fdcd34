// Opens a session on the driver a run asked for (--driver): a pg connection with the run schema on its
// search_path, or a Data API client for the target's cluster. The caller closes it.
import { TargetError } from '../errors.ts';
import { connectClient } from '../pg-connect.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { Target } from '../targets/target.ts';
import { DataApiDriver } from './data-api/data-api-driver.ts';
import { PgDriver } from './pg-driver.ts';
import type { DriverKind, SqlDriver } from './sql-driver.ts';

export interface OpenDriverOptions {
  /** pg only: a client created with `pipeline: true`. */
  pipeline?: boolean;
}

/** What a run's driver sessions used, summed over all of them (for the cost estimate). */
export interface DriverUsage {
  dataApiRequests: number;
}

export async function openDriver(kind: DriverKind, target: Target, schema: string | undefined, options: OpenDriverOptions = {}, usage?: DriverUsage): Promise<SqlDriver> {
  if (kind === 'pg') {
    const client = await connectClient(target, schema, options.pipeline ? { pipeline: true } : {});
    return new PgDriver(client, { owns: true });
  }
  assertDriverReachable(kind, target);
  // The Data API has no search_path per session: scenarios qualify every name with the run schema.
  const driver = new DataApiDriver(target.dataApi!, usage ? { onRequest: () => (usage.dataApiRequests += 1) } : {});
  // What pg's connect() does before anything is timed: reach the service, open the HTTPS connection
  // (TLS handshake) and make sure the cluster answers, so the first measured call does not pay for it.
  try {
    await driver.query('SELECT 1');
  } catch (err) {
    await driver.close();
    throw err;
  }
  return driver;
}

/** Throws the error that says what to do when `target` cannot be reached through `kind`. */
export function assertDriverReachable(kind: DriverKind, target: Target): void {
  if (kind === 'data-api' && !target.dataApi) {
    throw new TargetError(
      `--driver data-api needs a database the RDS Data API can reach (an Aurora cluster with the Data API enabled, --target aws); ` +
        `${target.displayName} has none. Use --driver pg for this target.`,
    );
  }
}

/**
 * The session a scenario measures through. pg always goes through ctx.connect (the one way a scenario
 * gets a pg connection, which callers may wrap); other drivers through ctx.openDriver.
 */
export async function openScenarioDriver<O>(ctx: ScenarioContext<O>, options: OpenDriverOptions = {}): Promise<SqlDriver> {
  if (driverOf(ctx) === 'pg' || !ctx.openDriver) return new PgDriver(await ctx.connect(options.pipeline ? { pipeline: true } : {}), { owns: true });
  return ctx.openDriver(options);
}

/** The kind of driver a context measures through. */
export const driverOf = <O>(ctx: ScenarioContext<O>): DriverKind => ctx.driver ?? 'pg';

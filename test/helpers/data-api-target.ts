// A Data API stand-in in front of the suite's shared Postgres, and a Target that offers both drivers:
// pg connections as usual and the Data API through the stand-in (the real RDSDataClient talks to it).
import type pg from 'pg';
import type { Target } from '../../core/targets/target.ts';
import { startDataApiStandIn, type DataApiStandIn, type DataApiStandInOptions } from '../stand-ins/data-api/data-api-stand-in.ts';
import { sharedClient, sharedTarget, withTestSchema } from './shared-target.ts';

export async function startSharedDataApi(options: Partial<DataApiStandInOptions> = {}): Promise<{ target: Target; standIn: DataApiStandIn }> {
  const base = await sharedTarget();
  const config = base.connectionConfig();
  const standIn = await startDataApiStandIn({ postgres: config, ...options });
  const target: Target = {
    kind: base.kind,
    displayName: base.displayName,
    secrets: base.secrets,
    connectionConfig: (overrides) => base.connectionConfig(overrides),
    dataApi: standIn.connection,
    stop: () => base.stop(),
  };
  return { target, standIn };
}

/** The shared Data API target with a run-style schema of its own and an admin pg client to check with. */
export interface DataApiTestSchema {
  admin: pg.Client;
  target: Target;
  standIn: DataApiStandIn;
  schema: string;
  /** Stops the stand-in, drops the schema and closes the admin client. */
  close(): Promise<void>;
}

export async function openDataApiTestSchema(): Promise<DataApiTestSchema> {
  const admin = await sharedClient();
  const { target, standIn } = await startSharedDataApi();
  const { schema, drop } = await withTestSchema(admin);
  return {
    admin,
    target,
    standIn,
    schema,
    async close() {
      await standIn.close();
      await drop();
      await admin.end();
    },
  };
}

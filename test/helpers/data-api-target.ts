// A Data API stand-in in front of the suite's shared Postgres, and a Target that offers both drivers:
// pg connections as usual and the Data API through the stand-in (the real RDSDataClient talks to it).
import type { Target } from '../../core/targets/target.ts';
import { startDataApiStandIn, type DataApiStandIn, type DataApiStandInOptions } from '../stand-ins/data-api/data-api-stand-in.ts';
import { sharedTarget } from './shared-target.ts';

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

// The sizes and switches of the AWS deployment, read from CDK context (`cdk.json` or
// `-c bakeoff:maxAcu=4` on the command line) and validated once, with every problem reported at once.
// The defaults cost little when idle: Aurora scales to zero and pauses, Lambdas cost nothing unused,
// the RDS Proxy (billed per hour) is off, and the VPC interface endpoints sit in one AZ.
import { z } from 'zod';
import { intOption, numberOption } from '../core/option-schemas.ts';

export interface InfraConfig {
  /** Aurora Serverless v2 minimum capacity in ACU; 0 lets the instance pause when idle. */
  minAcu: number;
  /** Aurora Serverless v2 maximum capacity in ACU (caps what a runaway benchmark can cost). */
  maxAcu: number;
  /** Idle minutes before a paused-capable instance (minAcu 0) pauses; Aurora accepts 5 to 1440. */
  autoPauseMinutes: number;
  /** Aurora PostgreSQL engine version, `major.minor` (the default matches the embedded server's major, 17). */
  engineVersion: string;
  /** The database the scenarios run in. */
  databaseName: string;
  /** Put RDS Proxy in front of the cluster for `pg` connections (billed per hour, keeps the cluster from pausing). */
  proxy: boolean;
  /** Worker Lambda memory in MB (CPU scales with it). */
  workerMemoryMb: number;
  /** Worker and coordinator timeout in seconds (Lambda's ceiling is 900). */
  functionTimeoutSeconds: number;
  /** How many AZs carry the interface VPC endpoints (each costs per AZ-hour); 1 is enough for a benchmark. */
  endpointAzs: number;
  /** Reports in the bucket expire after this many days. */
  reportRetentionDays: number;
}

export const DEFAULT_INFRA_CONFIG: InfraConfig = {
  minAcu: 0,
  maxAcu: 4,
  autoPauseMinutes: 10,
  engineVersion: '17.4',
  databaseName: 'bakeoff',
  proxy: false,
  workerMemoryMb: 1024,
  functionTimeoutSeconds: 900,
  endpointAzs: 1,
  reportRetentionDays: 90,
};

/** Context keys, e.g. `npx cdk deploy --all -c bakeoff:maxAcu=8`. */
export const CONTEXT_PREFIX = 'bakeoff:';

const booleanFromContext = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'must be true or false' }),
);

const halfStep = (v: number) => Number.isInteger(v * 2);

const schema = z
  .object({
    minAcu: numberOption(0, 256).refine(halfStep, 'must be a multiple of 0.5'),
    maxAcu: numberOption(1, 256).refine(halfStep, 'must be a multiple of 0.5'),
    autoPauseMinutes: intOption(5, 1440),
    engineVersion: z.string().regex(/^1[3-9]\.\d+$/, 'must be an Aurora PostgreSQL version like 17.4 (major 13 or newer)'),
    databaseName: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case Postgres identifier (letters, digits, _)'),
    proxy: booleanFromContext,
    workerMemoryMb: intOption(128, 10240),
    functionTimeoutSeconds: intOption(30, 900),
    endpointAzs: intOption(1, 2),
    reportRetentionDays: intOption(1, 3650),
  })
  .refine((c) => c.maxAcu >= c.minAcu, { message: 'must be at least bakeoff:minAcu', path: ['maxAcu'] });

/**
 * Reads `bakeoff:*` context values through `lookup` (normally `app.node.tryGetContext`), fills in the
 * defaults and validates. Throws one Error naming every bad key.
 */
export function readInfraConfig(lookup: (key: string) => unknown): InfraConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_INFRA_CONFIG) as (keyof InfraConfig)[]) {
    const value = lookup(`${CONTEXT_PREFIX}${key}`);
    raw[key] = value === undefined ? DEFAULT_INFRA_CONFIG[key] : value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${CONTEXT_PREFIX}${i.path.join('.')} ${i.message} (got ${JSON.stringify(raw[String(i.path[0])])})`);
    throw new Error(`Invalid CDK context:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return parsed.data;
}

// Options every scenario takes. Scenario-specific options are declared by each scenario (OptionSpec).
import { DRIVER_KINDS, type DriverKind } from '../drivers/sql-driver.ts';
import { choiceOption, flagOption, intOption, listOption, numberOption, postgresUrlOption, textOption } from '../option-schemas.ts';
import { isS3Url, parseS3Url } from '../s3-url.ts';
import type { OptionSpec } from '../scenario.ts';

export interface CommonOptions {
  databaseUrl?: string;
  /** How the measured work reaches Postgres: pg over TCP, or the RDS Data API. */
  driver: DriverKind;
  /** Where the run happens: embedded (default), url (--database-url), aws (the deployed stack). */
  target?: 'embedded' | 'url' | 'aws';
  /** The harness stack to read with --target aws. */
  stack?: string;
  out?: string;
  trials: number;
  warmup: number;
  variants?: string[];
  json: boolean;
  quick: boolean;
  verbose: boolean;
  /** Server-side limit per statement (ms) on every connection of the run; 0 keeps the server's setting. */
  statementTimeout: number;
  /** Server-side limit on waiting for a lock (ms) on every connection of the run; 0 keeps the server's setting. */
  lockTimeout: number;
  /** How long opening one connection may take (ms). */
  connectTimeout: number;
  /** After a lost connection, how long the run waits for the database to accept connections again (ms). */
  reconnectTimeout: number;
}

export const COMMON_OPTIONS: OptionSpec[] = [
  {
    key: 'databaseUrl',
    flag: '--database-url <url>',
    description: 'run against this Postgres instead of an embedded one (or set DATABASE_URL)',
    schema: postgresUrlOption().optional(),
  },
  {
    key: 'driver',
    flag: '--driver <name>',
    description: 'pg (TCP) or data-api (RDS Data API over HTTPS; needs --target aws)',
    defaultValue: 'pg',
    schema: choiceOption(DRIVER_KINDS as readonly [DriverKind, ...DriverKind[]]).default('pg'),
  },
  {
    key: 'target',
    flag: '--target <where>',
    description: 'embedded (default), url (with --database-url) or aws (run in the deployed stack: Lambda workers, Aurora, report in S3)',
    schema: choiceOption(['embedded', 'url', 'aws']).optional(),
  },
  { key: 'stack', flag: '--stack <name>', description: 'with --target aws: the harness stack to read (default BakeoffHarness)', schema: textOption().optional() },
  {
    key: 'out',
    flag: '--out <dir|s3://bucket/prefix>',
    description: 'output folder, or an S3 prefix (ending in / for a new run folder inside it) (default results/<timestamp>-<scenario>/)',
    schema: textOption()
      .superRefine((value, ctx) => {
        if (!isS3Url(value)) return;
        const parsed = parseS3Url(value);
        if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
      })
      .optional(),
  },
  { key: 'trials', flag: '--trials <n>', description: 'measured trials per variant, interleaved', defaultValue: 3, schema: intOption(1, 1000).default(3) },
  { key: 'warmup', flag: '--warmup <seconds>', description: 'warmup per variant before the trials', defaultValue: 1, schema: numberOption(0, 3600).default(1) },
  { key: 'variants', flag: '--variants <names>', description: 'comma-separated subset of variants to run', schema: listOption().optional() },
  { key: 'json', flag: '--json', description: 'print report.json to stdout instead of the table', defaultValue: false, schema: flagOption() },
  { key: 'quick', flag: '--quick', description: 'a small, fast run (smaller workload, fewer trials)', defaultValue: false, schema: flagOption() },
  { key: 'verbose', flag: '--verbose', description: 'more detail, and stack traces on errors', defaultValue: false, schema: flagOption() },
  {
    key: 'statementTimeout',
    flag: '--statement-timeout <ms>',
    description: 'cancel any statement running longer (counted as an error); 0 keeps the server setting',
    defaultValue: 30_000,
    schema: intOption(0, 86_400_000).default(30_000),
  },
  {
    key: 'lockTimeout',
    flag: '--lock-timeout <ms>',
    description: 'give up waiting for a lock after this long (counted as an error); 0 keeps the server setting',
    defaultValue: 10_000,
    schema: intOption(0, 86_400_000).default(10_000),
  },
  {
    key: 'connectTimeout',
    flag: '--connect-timeout <ms>',
    description: 'give up opening a connection after this long',
    defaultValue: 10_000,
    schema: intOption(100, 600_000).default(10_000),
  },
  {
    key: 'reconnectTimeout',
    flag: '--reconnect-timeout <ms>',
    description: 'after a lost connection, wait this long for the database to come back before failing the run',
    defaultValue: 15_000,
    schema: intOption(0, 3_600_000).default(15_000),
  },
];

/** What --quick changes in the common options (scenarios add their own `quick` values). */
export const COMMON_QUICK: Partial<CommonOptions> = { trials: 2, warmup: 0 };

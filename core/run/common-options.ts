// Options every scenario takes. Scenario-specific options are declared by each scenario (OptionSpec).
import { z } from 'zod';
import { DRIVER_KINDS, type DriverKind } from '../drivers/sql-driver.ts';
import { flagOption, intOption, listOption, numberOption } from '../option-schemas.ts';
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
}

export const COMMON_OPTIONS: OptionSpec[] = [
  {
    key: 'databaseUrl',
    flag: '--database-url <url>',
    description: 'run against this Postgres instead of an embedded one (or set DATABASE_URL)',
    schema: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  },
  {
    key: 'driver',
    flag: '--driver <name>',
    description: 'pg (TCP) or data-api (RDS Data API over HTTPS; needs --target aws)',
    defaultValue: 'pg',
    schema: z.enum(DRIVER_KINDS as [DriverKind, ...DriverKind[]], { error: `must be one of ${DRIVER_KINDS.join(', ')}` }).default('pg'),
  },
  {
    key: 'target',
    flag: '--target <where>',
    description: 'embedded (default), url (with --database-url) or aws (run in the deployed stack: Lambda workers, Aurora, report in S3)',
    schema: z.enum(['embedded', 'url', 'aws'], { error: 'must be embedded, url or aws' }).optional(),
  },
  { key: 'stack', flag: '--stack <name>', description: 'with --target aws: the harness stack to read (default BakeoffHarness)', schema: z.string().min(1).optional() },
  {
    key: 'out',
    flag: '--out <dir|s3://bucket/prefix>',
    description: 'output folder, or an S3 prefix (ending in / for a new run folder inside it) (default results/<timestamp>-<scenario>/)',
    schema: z
      .string()
      .min(1)
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
];

/** What --quick changes in the common options (scenarios add their own `quick` values). */
export const COMMON_QUICK: Partial<CommonOptions> = { trials: 2, warmup: 0 };

// The only module that reads process.env. It reads once, validates, and reports every problem at once.
import { z } from 'zod';
import { UsageError } from './errors.ts';

export interface Environment {
  /** DATABASE_URL: the target when --database-url is not given. */
  databaseUrl?: string;
  /** BAKEOFF_EMBEDDED_DIR: where embedded servers keep their data directories (default: the OS temp dir). */
  embeddedDir?: string;
  /** True when running under CI (plain output, no progress bar). */
  ci: boolean;
  /** NO_COLOR / FORCE_COLOR conventions. */
  color: boolean | undefined;
  /**
   * AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL): an S3-compatible endpoint instead of AWS (MinIO, a test
   * server). Region and credentials are left to the AWS SDK's usual chain (AWS_REGION, AWS_PROFILE, ...).
   */
  s3Endpoint?: string;
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  BAKEOFF_EMBEDDED_DIR: z.string().min(1).optional(),
  CI: z.string().optional(),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
  AWS_ENDPOINT_URL_S3: z.url({ protocol: /^https?$/, error: 'AWS_ENDPOINT_URL_S3 must be an http:// or https:// URL' }).optional(),
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/, error: 'AWS_ENDPOINT_URL must be an http:// or https:// URL' }).optional(),
});

let cached: Environment | undefined;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  if (cached && env === process.env) return cached;
  const parsed = envSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    BAKEOFF_EMBEDDED_DIR: env.BAKEOFF_EMBEDDED_DIR || undefined,
    CI: env.CI,
    NO_COLOR: env.NO_COLOR,
    FORCE_COLOR: env.FORCE_COLOR,
    AWS_ENDPOINT_URL_S3: env.AWS_ENDPOINT_URL_S3 || undefined,
    AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL || undefined,
  });
  if (!parsed.success) {
    // Never echo the value: DATABASE_URL may hold a password.
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const result: Environment = {
    databaseUrl: e.DATABASE_URL,
    embeddedDir: e.BAKEOFF_EMBEDDED_DIR,
    ci: e.CI !== undefined && e.CI !== '' && e.CI !== '0' && e.CI.toLowerCase() !== 'false',
    color: e.NO_COLOR !== undefined && e.NO_COLOR !== '' ? false : e.FORCE_COLOR !== undefined ? e.FORCE_COLOR !== '0' : undefined,
    // The service-specific variable wins, as in the AWS SDKs.
    s3Endpoint: e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL,
  };
  if (env === process.env) cached = result;
  return result;
}

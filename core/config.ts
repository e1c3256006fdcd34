// The only module that reads process.env. It reads once, validates, and reports every problem at once.
import { z } from 'zod';
import { LAMBDA_ENV } from '../infra/outputs.ts';
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

/** What the Lambda handlers (and `--target aws`) read from their environment. */
export interface AwsEnvironment {
  region?: string;
  clusterArn?: string;
  secretArn?: string;
  databaseName?: string;
  databaseHost?: string;
  databasePort?: number;
  workerFunctionName?: string;
  reportsBucket?: string;
  /** TLS to the database: verify the server certificate (default) or none (a local test server only). */
  databaseSsl: 'verify-full' | 'disable';
  /** AWS_LAMBDA_FUNCTION_MEMORY_SIZE: the running function's memory (for the cost estimate). */
  functionMemoryMb?: number;
  /** AWS_ENDPOINT_URL_<SERVICE> (or AWS_ENDPOINT_URL): endpoint overrides, as the AWS SDKs name them. */
  endpoints: { secretsManager?: string; lambda?: string; rdsData?: string; cloudFormation?: string; s3?: string };
}

const url = (name: string) => z.url({ protocol: /^https?$/, error: `${name} must be an http:// or https:// URL` }).optional();

const awsEnvSchema = z.object({
  AWS_REGION: z.string().min(1).optional(),
  [LAMBDA_ENV.clusterArn]: z.string().regex(/^arn:aws[\w-]*:rds:/, `${LAMBDA_ENV.clusterArn} must be an RDS cluster ARN`).optional(),
  [LAMBDA_ENV.secretArn]: z.string().regex(/^arn:aws[\w-]*:secretsmanager:/, `${LAMBDA_ENV.secretArn} must be a Secrets Manager ARN`).optional(),
  [LAMBDA_ENV.databaseName]: z.string().min(1).optional(),
  [LAMBDA_ENV.databaseHost]: z.string().min(1).optional(),
  [LAMBDA_ENV.databasePort]: z.coerce.number().int().min(1).max(65535).optional(),
  [LAMBDA_ENV.workerFunctionName]: z.string().min(1).optional(),
  [LAMBDA_ENV.reportsBucketName]: z.string().min(1).optional(),
  BAKEOFF_DATABASE_SSL: z.enum(['verify-full', 'disable'], { error: 'BAKEOFF_DATABASE_SSL must be verify-full or disable' }).optional(),
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: z.coerce.number().int().min(1).optional(),
  AWS_ENDPOINT_URL: url('AWS_ENDPOINT_URL'),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: url('AWS_ENDPOINT_URL_SECRETS_MANAGER'),
  AWS_ENDPOINT_URL_LAMBDA: url('AWS_ENDPOINT_URL_LAMBDA'),
  AWS_ENDPOINT_URL_RDS_DATA: url('AWS_ENDPOINT_URL_RDS_DATA'),
  AWS_ENDPOINT_URL_CLOUDFORMATION: url('AWS_ENDPOINT_URL_CLOUDFORMATION'),
  AWS_ENDPOINT_URL_S3: url('AWS_ENDPOINT_URL_S3'),
});

export function readAwsEnvironment(env: NodeJS.ProcessEnv = process.env): AwsEnvironment {
  const pick = (key: string) => env[key] || undefined;
  const raw = Object.fromEntries(Object.keys(awsEnvSchema.shape).map((k) => [k, pick(k)]));
  raw.AWS_REGION ??= pick('AWS_DEFAULT_REGION');
  const parsed = awsEnvSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message));
  const e = parsed.data as Record<string, string | number | undefined>;
  const str = (k: string) => e[k] as string | undefined;
  const any = str('AWS_ENDPOINT_URL');
  return {
    region: str('AWS_REGION'),
    clusterArn: str(LAMBDA_ENV.clusterArn),
    secretArn: str(LAMBDA_ENV.secretArn),
    databaseName: str(LAMBDA_ENV.databaseName),
    databaseHost: str(LAMBDA_ENV.databaseHost),
    databasePort: e[LAMBDA_ENV.databasePort] as number | undefined,
    workerFunctionName: str(LAMBDA_ENV.workerFunctionName),
    reportsBucket: str(LAMBDA_ENV.reportsBucketName),
    databaseSsl: (str('BAKEOFF_DATABASE_SSL') as AwsEnvironment['databaseSsl'] | undefined) ?? 'verify-full',
    functionMemoryMb: e.AWS_LAMBDA_FUNCTION_MEMORY_SIZE as number | undefined,
    endpoints: {
      secretsManager: str('AWS_ENDPOINT_URL_SECRETS_MANAGER') ?? any,
      lambda: str('AWS_ENDPOINT_URL_LAMBDA') ?? any,
      rdsData: str('AWS_ENDPOINT_URL_RDS_DATA') ?? any,
      cloudFormation: str('AWS_ENDPOINT_URL_CLOUDFORMATION') ?? any,
      s3: str('AWS_ENDPOINT_URL_S3') ?? any,
    },
  };
}

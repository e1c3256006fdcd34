// The target inside AWS: the Aurora cluster the stack deployed, reached by pg (host from the stack: the
// writer or RDS Proxy endpoint, TLS with certificate verification, credentials from the secret) and by
// the RDS Data API (cluster ARN + secret ARN). Used by the Lambda handlers, built from their environment.
import type { AwsEnvironment } from '../config.ts';
import type { StaticCredentials } from '../drivers/data-api/data-api-connection.ts';
import { TargetError } from '../errors.ts';
import { hiddenPasswordConfig, type Target } from '../targets/target.ts';
import { readDatabaseSecret } from './database-secret.ts';

export interface AwsTargetOptions {
  /** Explicit AWS credentials (tests against local stand-ins); the SDK's default chain otherwise. */
  credentials?: StaticCredentials;
}

export async function openAwsTarget(env: AwsEnvironment, options: AwsTargetOptions = {}): Promise<Target> {
  const missing = (['secretArn', 'databaseName', 'databaseHost'] as const).filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new TargetError(`The AWS target is not configured: ${missing.join(', ')} missing from the function's environment (deploy the stack with npx cdk deploy --all)`);
  }
  const secret = await readDatabaseSecret({
    secretArn: env.secretArn!,
    region: env.region,
    endpoint: env.endpoints.secretsManager,
    credentials: options.credentials,
  });
  const host = env.databaseHost!;
  const port = env.databasePort ?? secret.port ?? 5432;
  const database = env.databaseName!;
  const base = {
    host,
    port,
    user: secret.username,
    database,
    // Aurora and RDS Proxy present certificates from the Amazon RDS CAs (NODE_EXTRA_CA_CERTS on Lambda).
    ...(env.databaseSsl === 'verify-full' ? { ssl: { rejectUnauthorized: true } } : {}),
  };
  return {
    kind: 'aws',
    displayName: `Aurora PostgreSQL ${host}:${port}/${database}`,
    secrets: [secret.password, encodeURIComponent(secret.password)],
    connectionConfig: (overrides = {}) => hiddenPasswordConfig({ ...base, ...overrides }, secret.password),
    ...(env.clusterArn
      ? {
          dataApi: {
            resourceArn: env.clusterArn,
            secretArn: env.secretArn!,
            database,
            ...(env.region ? { region: env.region } : {}),
            ...(env.endpoints.rdsData ? { endpoint: env.endpoints.rdsData } : {}),
            ...(options.credentials ? { credentials: options.credentials } : {}),
          },
        }
      : {}),
    async stop() {
      // The cluster is the stack's; nothing to release.
    },
  };
}

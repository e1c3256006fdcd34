// Reads the database credentials from the Secrets Manager secret the stack created (the same secret the
// Data API uses), once per Lambda container. The password stays in memory only; it is never logged.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TargetError, errorMessage } from '../errors.ts';

export interface DatabaseSecret {
  username: string;
  password: string;
  host?: string;
  port?: number;
  dbname?: string;
}

export interface SecretSource {
  secretArn: string;
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export async function readDatabaseSecret(source: SecretSource): Promise<DatabaseSecret> {
  const client = new SecretsManagerClient({
    ...(source.region ? { region: source.region } : {}),
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    ...(source.credentials ? { credentials: source.credentials } : {}),
  });
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: source.secretArn }));
    const parsed = JSON.parse(output.SecretString ?? '{}') as Partial<DatabaseSecret>;
    if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
      throw new TargetError(`The secret ${source.secretArn} has no username and password (expected the JSON RDS writes)`);
    }
    return { username: parsed.username, password: parsed.password, host: parsed.host, port: parsed.port, dbname: parsed.dbname };
  } catch (err) {
    if (err instanceof TargetError) throw err;
    throw new TargetError(`Cannot read the database secret ${source.secretArn}: ${errorMessage(err)}`, { cause: err });
  } finally {
    client.destroy();
  }
}

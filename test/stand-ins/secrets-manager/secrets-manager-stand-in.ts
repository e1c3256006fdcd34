// A PROTOCOL-LEVEL STAND-IN for AWS Secrets Manager's GetSecretValue, for tests: an HTTP server on
// loopback answering the awsJson1.1 call (`X-Amz-Target: secretsmanager.GetSecretValue`) with the secrets
// it is given, as RDS stores database credentials (JSON with username, password, host, port, dbname).
// Tests point the real SecretsManagerClient at it. Does NOT do: signature checks (only that a signed
// Authorization header is present), versions, any other action.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startSecretsManagerStandIn(secrets: Record<string, string>): Promise<{ endpoint: string; reads: () => number; close(): Promise<void> }> {
  let reads = 0;
  const server = http.createServer((req, res) => {
    void (async () => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const send = (status: number, payload: unknown) => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      if (!/^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? '')) return send(400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') return send(400, { __type: 'UnknownOperationException', message: `Unknown operation ${String(req.headers['x-amz-target'])}` });
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const value = SecretId ? secrets[SecretId] : undefined;
      if (value === undefined) return send(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      reads += 1;
      return send(200, { ARN: SecretId, Name: SecretId!.split(':').pop(), SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1_767_225_600 });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reads: () => reads,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

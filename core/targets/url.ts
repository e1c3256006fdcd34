// A Postgres named by URL (--database-url or DATABASE_URL). pg-bakeoff only ever creates and drops its
// own schema there; the connection is checked up front so a wrong URL fails in seconds, not mid-run.
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { TargetError, errorMessage } from '../errors.ts';
import { endWithin } from '../pg-connect.ts';
import { maskText, maskUrl } from '../redact.ts';
import { hiddenPasswordConfig, type Target } from './target.ts';

export interface UrlTargetOptions {
  /** How long to wait for the first connection before calling the target unreachable. */
  connectTimeoutMs?: number;
}

export async function openUrlTarget(url: string, options: UrlTargetOptions = {}): Promise<Target> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new TargetError(`--database-url must start with postgres:// or postgresql:// (got ${maskUrl(url)})`);
  }
  let parsed: pg.ClientConfig;
  try {
    parsed = parseIntoClientConfig(url) as pg.ClientConfig;
  } catch (err) {
    throw new TargetError(`--database-url is not a valid connection URL: ${maskUrl(url)}`, { cause: err });
  }
  const password = typeof parsed.password === 'string' ? parsed.password : undefined;
  const { password: _dropped, ...base } = parsed;
  const display = maskUrl(url);
  const secrets = password ? [password, encodeURIComponent(password)] : [];
  const connectionConfig = (overrides: Partial<pg.ClientConfig> = {}) => hiddenPasswordConfig({ ...base, ...overrides }, password);

  const probe = new pg.Client(connectionConfig({ connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 }));
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (err) {
    const where = `${base.host ?? 'localhost'}:${base.port ?? 5432}`;
    throw new TargetError(
      `Cannot connect to ${display} (${where}): ${maskText(errorMessage(err), secrets)}. ` +
        'Check the host, port, credentials and that the server accepts connections from here.',
      { cause: err },
    );
  } finally {
    await endWithin(probe, 1_000);
  }

  return {
    kind: 'url',
    displayName: display,
    secrets,
    connectionConfig,
    async stop() {
      // Nothing to release: the server is the user's.
    },
  };
}

// A postgres:// URL for a target, for child processes that take DATABASE_URL (through their environment,
// never their command line, where the password would show in the process list).
import type { Target } from '../../core/targets/target.ts';

export function connectionUrl(target: Target): string {
  const c = target.connectionConfig();
  const password = c.password === undefined ? '' : `:${encodeURIComponent(String(c.password))}`;
  return `postgresql://${encodeURIComponent(String(c.user))}${password}@${c.host}:${c.port}/${encodeURIComponent(String(c.database))}`;
}

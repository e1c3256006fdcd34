// The one place the k6 scripts read __ENV (k6's environment, from `-e NAME=value` or the shell). It
// validates once and reports every problem at once, like core/config.ts does for the CLI.

export type AuthMode = 'none' | 'iam';

export interface K6Settings {
  /** Full URL of the operation endpoint: the local HTTP mode's URL, or the stack's HttpEndpointUrl plus the route. */
  targetUrl: string;
  method: string;
  /** Optional request body (sent as JSON). */
  body: string | null;
  /** `iam` signs every request with SigV4 (service `lambda`), as the IAM-authenticated Function URL requires. */
  auth: AuthMode;
  /** Region for signing; taken from a Function URL's host name when not given. */
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
  /** k6 duration string, e.g. `30s`, `2m`. */
  duration: string;
  /** closed-loop: virtual users, each sending its next request when the previous one answered. */
  vus: number;
  /** open-loop: requests started per second, whether or not earlier ones answered. */
  rate: number;
  /** open-loop: ceiling of VUs k6 may start to keep the rate. */
  maxVus: number;
  /** Thresholds: the run fails (k6 exits 99) when one is crossed. */
  p95Ms: number;
  p99Ms: number;
  maxErrorRate: number;
}

const FUNCTION_URL_HOST = /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/;

export function readSettings(env: { [name: string]: string | undefined }): K6Settings {
  const problems: string[] = [];
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const targetUrl = env.TARGET_URL ?? '';
  const parsed = splitUrl(targetUrl);
  if (!parsed) problems.push(`TARGET_URL must be an http:// or https:// URL (got "${targetUrl}"); e.g. -e TARGET_URL=http://127.0.0.1:8080/op`);
  const functionUrlRegion = parsed ? FUNCTION_URL_HOST.exec(parsed.host)?.[1] : undefined;

  const authRaw = env.TARGET_AUTH ?? (functionUrlRegion ? 'iam' : 'none');
  if (authRaw !== 'none' && authRaw !== 'iam') problems.push(`TARGET_AUTH must be none or iam (got "${authRaw}")`);
  const auth: AuthMode = authRaw === 'iam' ? 'iam' : 'none';

  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || functionUrlRegion || '';
  let credentials: K6Settings['credentials'] = null;
  if (auth === 'iam') {
    if (!region) problems.push('AWS_REGION is needed to sign requests (TARGET_AUTH=iam)');
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
      problems.push('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are needed to sign requests to the Function URL (k6 does not read ~/.aws); e.g. eval "$(aws configure export-credentials --format env)"');
    } else {
      credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
    }
  }

  const duration = env.DURATION || '30s';
  if (!/^\d+(ms|s|m|h)$/.test(duration)) problems.push(`DURATION must be a k6 duration like 30s or 2m (got "${duration}")`);

  const settings: K6Settings = {
    targetUrl,
    method: (env.TARGET_METHOD || (env.TARGET_BODY ? 'POST' : 'GET')).toUpperCase(),
    body: env.TARGET_BODY || null,
    auth,
    region,
    credentials,
    duration,
    vus: number('VUS', 16, 1, 10_000),
    rate: number('RATE', 50, 1, 1_000_000),
    maxVus: number('MAX_VUS', 200, 1, 100_000),
    p95Ms: number('P95_MS', 500, 1, 3_600_000),
    p99Ms: number('P99_MS', 1000, 1, 3_600_000),
    maxErrorRate: number('MAX_ERROR_RATE', 0.01, 0, 1),
  };
  if (problems.length > 0) throw new Error(`Invalid k6 settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return settings;
}

export interface UrlParts {
  scheme: 'http' | 'https';
  host: string;
  /** host[:port] */
  authority: string;
  /** Path plus query string, at least `/`. */
  path: string;
}

/** k6 has no WHATWG URL global, so the few parts the scripts need are taken apart here. */
export function splitUrl(raw: string): UrlParts | null {
  const m = /^(https?):\/\/([^/?#:]+)(:\d+)?([^#]*)$/.exec(raw);
  if (!m) return null;
  const host = m[2]!;
  return { scheme: m[1] as 'http' | 'https', host, authority: host + (m[3] ?? ''), path: m[4] || '/' };
}

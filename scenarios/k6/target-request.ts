// Sends one request to the target, signed with SigV4 when the target is the IAM-authenticated Function
// URL. Shared by the k6 scripts so they load the same endpoint the same way.
import { check } from 'k6';
import http, { type RefinedResponse } from 'k6/http';
import { Endpoint, SignatureV4 } from 'https://jslib.k6.io/aws/0.14.0/signature.js';
import { type K6Settings, splitUrl } from './settings.ts';

export type Sender = () => RefinedResponse<'text'>;

/** `name` tags the requests, so thresholds can count the load and leave out setup/teardown probes. */
export function makeSender(settings: K6Settings, name: 'operation' | 'probe'): Sender {
  const parts = splitUrl(settings.targetUrl)!;
  const headers: Record<string, string> = settings.body ? { 'content-type': 'application/json' } : {};
  // One metric series per kind of request: the signed URL and the query string would split it otherwise.
  const tags = { name };

  if (settings.auth === 'none' || !settings.credentials) {
    return () => http.request(settings.method, settings.targetUrl, settings.body, { headers, tags, responseType: 'text' });
  }

  // Signing costs CPU on the k6 machine per request; watch k6's own CPU when pushing high rates.
  const signer = new SignatureV4({ service: 'lambda', region: settings.region, credentials: settings.credentials, uriEscapePath: true, applyChecksum: true });
  const endpoint = new Endpoint(`${parts.scheme}://${parts.authority}`);
  const [path, queryString] = parts.path.split('?', 2) as [string, string | undefined];
  const query = parseQuery(queryString);
  return () => {
    const signed = signer.sign({ method: settings.method, endpoint, path, headers: { ...headers }, body: settings.body, query });
    return http.request(settings.method, signed.url, settings.body, { headers: signed.headers, tags, responseType: 'text' });
  };
}

/** The check every response must pass; its rate is a threshold. */
export function checkResponse(res: RefinedResponse<'text'>): boolean {
  return check(res, { 'status is 2xx': (r) => r.status >= 200 && r.status < 300 });
}

function parseQuery(qs: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!qs) return out;
  for (const pair of qs.split('&')) {
    if (!pair) continue;
    const [k, v] = pair.split('=', 2) as [string, string | undefined];
    out[decodeURIComponent(k)] = decodeURIComponent(v ?? '');
  }
  return out;
}

// setup and teardown of the k6 scripts: one request before the load (fail fast, with the status and the
// body, when the target is not answering or the signature is refused) and one after it (is the target
// still answering, or did the load break it?). Both are tagged name=probe, outside the thresholds.
import { check, fail } from 'k6';
import type { K6Settings } from './settings.ts';
import type { Sender } from './target-request.ts';

export interface ProbeData {
  target: string;
  startedAt: number;
}

export function probeBeforeLoad(probe: Sender, settings: K6Settings): ProbeData {
  const res = probe();
  if (res.status < 200 || res.status >= 300) {
    const hint = res.status === 403 && settings.auth === 'iam' ? ' (403 from a Function URL: the credentials lack lambda:InvokeFunctionUrl, or the signature was refused)' : '';
    fail(`${settings.method} ${settings.targetUrl} answered ${res.status || res.error}${hint}: ${String(res.body ?? '').slice(0, 300)}`);
  }
  return { target: `${settings.method} ${settings.targetUrl}`, startedAt: Date.now() };
}

export function probeAfterLoad(probe: Sender, data: ProbeData): void {
  const res = probe();
  check(res, { 'target still answers after the load': (r) => r.status >= 200 && r.status < 300 });
  console.log(`${data.target}: load finished after ${((Date.now() - data.startedAt) / 1000).toFixed(1)} s; after it the target answered ${res.status}`);
}

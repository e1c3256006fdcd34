// Pass/fail criteria shared by the k6 scripts, and the latency percentiles printed in the summary (the
// same ones pg-bakeoff reports: p50, p95, p99, p99.9, max). Thresholds look only at the load requests
// (tag name=operation), not at the setup/teardown probes.
import type { Options } from 'k6/options';
import type { K6Settings } from './settings.ts';

export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'p(95)', 'p(99)', 'p(99.9)', 'max', 'count'];

export function loadThresholds(settings: K6Settings): NonNullable<Options['thresholds']> {
  return {
    'http_req_duration{name:operation}': [`p(95)<${settings.p95Ms}`, `p(99)<${settings.p99Ms}`],
    'http_req_failed{name:operation}': [`rate<=${settings.maxErrorRate}`],
    // Also makes k6 print the load's own request count and rate, without the two probes.
    'http_reqs{name:operation}': ['count>0'],
    checks: [`rate>=${1 - settings.maxErrorRate}`],
  };
}

// k6 open loop against the HTTP endpoint: RATE requests started per second for DURATION, whether or not
// earlier ones have answered (constant-arrival-rate). When the target falls behind, k6 starts more VUs
// (up to MAX_VUS) and counts iterations it could not start as `dropped_iterations`: a threshold fails the
// run if more than MAX_ERROR_RATE of the planned requests were dropped.
//
//   k6 run -e TARGET_URL=http://127.0.0.1:8080/op -e RATE=200 -e DURATION=1m scenarios/k6/open-loop.ts
import type { Options } from 'k6/options';
import { readSettings } from './settings.ts';
import { checkResponse, makeSender } from './target-request.ts';
import { loadThresholds, SUMMARY_TREND_STATS } from './thresholds.ts';
import { probeAfterLoad, probeBeforeLoad, type ProbeData } from './probes.ts';

const settings = readSettings(__ENV);
const send = makeSender(settings, 'operation');
const probe = makeSender(settings, 'probe');
const plannedRequests = settings.rate * durationSeconds(settings.duration);

export const options = {
  scenarios: {
    open_loop: {
      executor: 'constant-arrival-rate',
      rate: settings.rate,
      timeUnit: '1s',
      duration: settings.duration,
      preAllocatedVUs: Math.min(settings.maxVus, Math.max(1, Math.ceil(settings.rate / 10))),
      maxVUs: settings.maxVus,
      gracefulStop: '10s',
    },
  },
  thresholds: {
    ...loadThresholds(settings),
    dropped_iterations: [`count<=${Math.floor(plannedRequests * settings.maxErrorRate)}`],
  },
  summaryTrendStats: SUMMARY_TREND_STATS,
} satisfies Options;

export function setup(): ProbeData {
  return probeBeforeLoad(probe, settings);
}

export default function (): void {
  checkResponse(send());
}

export function teardown(data: ProbeData): void {
  probeAfterLoad(probe, data);
}

function durationSeconds(d: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(d);
  if (!m) return 0;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 's' ? n : m[2] === 'm' ? n * 60 : n * 3600;
}

// k6 closed loop against the HTTP endpoint: VUS virtual users, each sending its next request as soon as
// the previous one answered, for DURATION. This is the model autocannon uses (`connections`), so its
// numbers line up with pg-bakeoff's HTTP mode; see the README for how the two summaries compare.
//
//   k6 run -e TARGET_URL=http://127.0.0.1:8080/op -e VUS=32 -e DURATION=30s scenarios/k6/closed-loop.ts
//   k6 run -e TARGET_URL=https://<id>.lambda-url.<region>.on.aws/op scenarios/k6/closed-loop.ts   (signed, IAM)
import type { Options } from 'k6/options';
import { readSettings } from './settings.ts';
import { checkResponse, makeSender } from './target-request.ts';
import { loadThresholds, SUMMARY_TREND_STATS } from './thresholds.ts';
import { probeAfterLoad, probeBeforeLoad, type ProbeData } from './probes.ts';

const settings = readSettings(__ENV);
const send = makeSender(settings, 'operation');
const probe = makeSender(settings, 'probe');

export const options = {
  scenarios: {
    closed_loop: { executor: 'constant-vus', vus: settings.vus, duration: settings.duration, gracefulStop: '10s' },
  },
  thresholds: loadThresholds(settings),
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

// What a run on AWS cost, estimated from what it used: Lambda GB-seconds (from the invocations' REPORT
// lines), Aurora Serverless v2 ACU-hours (the run's wall time between the cluster's minimum and maximum
// capacity: the capacity actually used is in CloudWatch, ServerlessDatabaseCapacity), and RDS Data API
// requests (counted by the driver). Prices are list prices and change: they are recorded with the
// estimate so a reader can redo the sums.
import type { LambdaUsage } from '../executors/lambda.ts';

/** List prices, us-east-1, Lambda on arm64 (the harness's architecture), Aurora Standard. */
export const LIST_PRICES = {
  region: 'us-east-1',
  asOf: '2025-06',
  lambdaGbSecondUsd: 0.0000133334,
  lambdaRequestUsd: 0.2 / 1_000_000,
  auroraAcuHourUsd: 0.12,
  dataApiRequestUsd: 0.35 / 1_000_000,
} as const;

export interface CostInputs {
  /** Wall time of the run, ms. */
  wallMs: number;
  /** Worker invocations (from the Lambda executor). */
  workers?: LambdaUsage;
  /** The coordinator's own invocation: its wall time x its memory. */
  coordinator?: { ms: number; memoryMb: number };
  /** Aurora Serverless v2 capacity range (stack outputs). */
  aurora?: { minAcu: number; maxAcu: number };
  dataApiRequests?: number;
}

export interface CostEstimate {
  basis: string;
  prices: typeof LIST_PRICES;
  lambda?: { invocations: number; gbSeconds: number; usd: number };
  aurora?: { hours: number; acuHours: { low: number; high: number }; usd: { low: number; high: number } };
  dataApi?: { requests: number; usd: number };
  totalUsd: { low: number; high: number };
  notes: string[];
}

// A running Serverless v2 instance has at least 0.5 ACU, even in a cluster allowed to pause at 0.
const MIN_RUNNING_ACU = 0.5;

export function estimateCost(inputs: CostInputs): CostEstimate {
  const prices = LIST_PRICES;
  const notes: string[] = [];
  let low = 0;
  let high = 0;
  const estimate: CostEstimate = { basis: 'estimate from usage and list prices', prices, totalUsd: { low: 0, high: 0 }, notes };

  if (inputs.workers || inputs.coordinator) {
    const invocations = (inputs.workers?.invocations ?? 0) + (inputs.coordinator ? 1 : 0);
    const gbSeconds = (inputs.workers?.gbSeconds ?? 0) + (inputs.coordinator ? (inputs.coordinator.ms / 1000) * (inputs.coordinator.memoryMb / 1024) : 0);
    const usd = gbSeconds * prices.lambdaGbSecondUsd + invocations * prices.lambdaRequestUsd;
    estimate.lambda = { invocations, gbSeconds, usd };
    low += usd;
    high += usd;
    if (inputs.workers?.estimatedInvocations) notes.push(`${inputs.workers.estimatedInvocations} worker invocation(s) had no REPORT line; their duration was measured by the coordinator`);
  }
  if (inputs.aurora) {
    const hours = inputs.wallMs / 3_600_000;
    const acuHours = { low: Math.max(inputs.aurora.minAcu, MIN_RUNNING_ACU) * hours, high: Math.max(inputs.aurora.maxAcu, MIN_RUNNING_ACU) * hours };
    const usd = { low: acuHours.low * prices.auroraAcuHourUsd, high: acuHours.high * prices.auroraAcuHourUsd };
    estimate.aurora = { hours, acuHours, usd };
    low += usd.low;
    high += usd.high;
    notes.push('Aurora: the run\'s wall time at the minimum and at the maximum capacity; CloudWatch ServerlessDatabaseCapacity has what was used');
  }
  if (inputs.dataApiRequests) {
    const usd = inputs.dataApiRequests * prices.dataApiRequestUsd;
    estimate.dataApi = { requests: inputs.dataApiRequests, usd };
    low += usd;
    high += usd;
    notes.push('Data API: requests with payloads over 32 KB are billed as several; this counts each call once');
  }
  notes.push(`list prices for ${prices.region} as of ${prices.asOf}; storage, I/O, VPC endpoints and data transfer are not included`);
  estimate.totalUsd = { low, high };
  return estimate;
}

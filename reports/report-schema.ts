// report.json: the versioned contract that users and scripts rely on. Fields may be added freely;
// renaming or removing one means bumping REPORT_SCHEMA_VERSION. Reading a report validates it here,
// so a foreign, truncated or newer file is a clear error rather than a crash later on.
import { z } from 'zod';
import { encodedHistogramSchema } from '../core/histogram.ts';

export const REPORT_SCHEMA_VERSION = 1;
export const TOOL_NAME = 'pg-bakeoff';

// Measured quantities are never negative; a negative one means a damaged or hand-edited file.
const amount = z.number().nonnegative();
const timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' });

const latency = z.object({
  count: z.number().int().nonnegative(),
  mean: amount,
  p50: amount,
  p95: amount,
  p99: amount,
  p999: amount,
  max: amount,
});

const trial = z.object({
  index: z.number().int().nonnegative(),
  units: amount,
  elapsedMs: amount,
  throughput: amount,
  latencyMs: latency,
  errors: z.record(z.string(), z.number()),
  metrics: z.record(z.string(), z.number()),
  check: z.object({ ok: z.boolean(), detail: z.string() }),
  histogram: encodedHistogramSchema,
  extra: z.record(z.string(), z.unknown()).optional(),
  /** Set when a transient fault cut the trial short; its error is counted, its figures are not used. */
  failure: z.string().optional(),
});

const variant = z.object({
  name: z.string().min(1),
  description: z.string(),
  status: z.enum(['ok', 'failed', 'unsupported']),
  reason: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
  trials: z.array(trial),
  summary: z.object({
    throughput: amount,
    unit: z.string(),
    throughputMin: amount,
    throughputMax: amount,
    elapsedMs: amount,
    latencyMs: latency,
    errors: z.record(z.string(), z.number()),
    metrics: z.record(z.string(), z.number()),
    histogram: encodedHistogramSchema,
    failedTrials: z.number().int().optional(),
  }),
});

const incident = z.object({
  at: z.string(),
  kind: z.enum(['connection-lost', 'reconnected', 'target-lost']),
  detail: z.string(),
  variant: z.string().optional(),
  trial: z.number().int().optional(),
  waitedMs: z.number().optional(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal(TOOL_NAME), version: z.string() }),
  runId: z.string(),
  scenario: z.string(),
  startedAt: timestamp,
  finishedAt: timestamp,
  durationMs: amount,
  status: z.enum(['completed', 'interrupted', 'failed']),
  reason: z.string().optional(),
  target: z.object({
    kind: z.enum(['embedded', 'url', 'aws']),
    displayName: z.string(),
    serverVersion: z.string().optional(),
    serverVersionNum: z.number().optional(),
    settings: z.record(z.string(), z.string()).optional(),
  }),
  machine: z.object({
    cpus: z.number().int().nonnegative(),
    cpuModel: z.string(),
    memory: amount,
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    hostname: z.string(),
  }),
  options: z.object({ common: z.record(z.string(), z.unknown()), scenario: z.record(z.string(), z.unknown()) }),
  throughputUnit: z.string(),
  metricColumns: z.array(z.object({ key: z.string(), header: z.string(), digits: z.number().int().min(0).max(20) })),
  baselineVariant: z.string().optional(),
  variants: z.array(variant),
  recommendation: z.object({ variant: z.string(), reason: z.string(), evidence: z.record(z.string(), z.unknown()) }).optional(),
  claims: z.array(
    z.object({ source: z.string(), claim: z.string(), measured: z.string(), verdict: z.enum(['supported', 'contradicted', 'not-comparable']) }),
  ),
  /** Runs on AWS: what the run used and an estimate of what it cost (core/aws/cost-estimate.ts). */
  cost: z
    .object({
      basis: z.string(),
      prices: z.record(z.string(), z.union([z.string(), z.number()])),
      lambda: z.object({ invocations: z.number(), gbSeconds: z.number(), usd: z.number() }).optional(),
      aurora: z
        .object({ hours: z.number(), acuHours: z.object({ low: z.number(), high: z.number() }), usd: z.object({ low: z.number(), high: z.number() }) })
        .optional(),
      dataApi: z.object({ requests: z.number(), usd: z.number() }).optional(),
      totalUsd: z.object({ low: z.number(), high: z.number() }),
      notes: z.array(z.string()),
    })
    .optional(),
  /** Lost and regained database connections during the run, in order. */
  incidents: z.array(incident).optional(),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportVariant = Report['variants'][number];

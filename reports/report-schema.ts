// report.json: the versioned contract that users and scripts rely on. Fields may be added freely;
// renaming or removing one means bumping REPORT_SCHEMA_VERSION. Reading a report validates it here,
// so a foreign, truncated or newer file is a clear error rather than a crash later on.
import { z } from 'zod';

export const REPORT_SCHEMA_VERSION = 1;
export const TOOL_NAME = 'pg-bakeoff';

const latency = z.object({
  count: z.number(),
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
});

const trial = z.object({
  index: z.number().int(),
  units: z.number(),
  elapsedMs: z.number(),
  throughput: z.number(),
  latencyMs: latency,
  errors: z.record(z.string(), z.number()),
  metrics: z.record(z.string(), z.number()),
  check: z.object({ ok: z.boolean(), detail: z.string() }),
  histogram: z.string(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

const variant = z.object({
  name: z.string(),
  description: z.string(),
  status: z.enum(['ok', 'failed', 'unsupported']),
  reason: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
  trials: z.array(trial),
  summary: z.object({
    throughput: z.number(),
    unit: z.string(),
    throughputMin: z.number(),
    throughputMax: z.number(),
    elapsedMs: z.number(),
    latencyMs: latency,
    errors: z.record(z.string(), z.number()),
    metrics: z.record(z.string(), z.number()),
    histogram: z.string(),
  }),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal(TOOL_NAME), version: z.string() }),
  runId: z.string(),
  scenario: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
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
    cpus: z.number(),
    cpuModel: z.string(),
    memory: z.number(),
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    hostname: z.string(),
  }),
  options: z.object({ common: z.record(z.string(), z.unknown()), scenario: z.record(z.string(), z.unknown()) }),
  throughputUnit: z.string(),
  metricColumns: z.array(z.object({ key: z.string(), header: z.string(), digits: z.number() })),
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
});

export type Report = z.infer<typeof reportSchema>;
export type ReportVariant = Report['variants'][number];

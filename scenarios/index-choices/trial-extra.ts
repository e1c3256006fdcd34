// The shape of what each index-choices trial keeps in `extra` (report.json variants[].trials[].extra):
// per-pattern latency histograms and plans, per-index size and usage, and the write costs. The report
// section reads it back through this schema, so a report from another version degrades to "no data"
// rather than a crash.
import { z } from 'zod';
import { encodedHistogramSchema } from '../../core/histogram.ts';

const latency = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });

export const planSummarySchema = z.object({
  topNode: z.string(),
  nodeTypes: z.array(z.string()),
  indexes: z.array(z.string()),
  rows: z.number(),
  sharedHit: z.number(),
  sharedRead: z.number(),
  heapFetches: z.number(),
  planningMs: z.number(),
  executionMs: z.number(),
});

export const patternExtraSchema = z.object({
  sql: z.string(),
  executions: z.number(),
  failed: z.number(),
  elapsedMs: z.number(),
  /** HDR histogram of this pattern's executions (microseconds), compressed base64. */
  histogram: encodedHistogramSchema,
  latencyMs: latency,
  planParams: z.array(z.union([z.string(), z.number()])),
  plan: planSummarySchema,
  genericPlans: z.number().optional(),
  customPlans: z.number().optional(),
  /** EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output as Postgres returned it. */
  explain: z.unknown(),
  result: z.object({ rows: z.number(), checksum: z.string(), matchesBaseline: z.boolean() }),
});

export const indexExtraSchema = z.object({
  name: z.string(),
  definition: z.string(),
  origin: z.string(),
  buildMs: z.number(),
  sizeBytes: z.number(),
  idxScan: z.number(),
  idxTupRead: z.number(),
  idxTupFetch: z.number(),
});

export const updateKindExtraSchema = z.object({
  column: z.string(),
  updates: z.number(),
  hotUpdates: z.number(),
  elapsedMs: z.number(),
  failed: z.number(),
});

export const writesExtraSchema = z.object({
  insertedRows: z.number(),
  insertMs: z.number(),
  insertRowsPerSec: z.number(),
  walBytes: z.number(),
  walBytesPerRow: z.number(),
  updates: z.record(z.string(), updateKindExtraSchema),
  hotRatio: z.number(),
});

export const trialExtraSchema = z.object({
  indexSet: z.string(),
  dataset: z.object({ rows: z.number(), users: z.number(), checksum: z.string() }),
  indexes: z.array(indexExtraSchema),
  patterns: z.record(z.string(), patternExtraSchema),
  writes: writesExtraSchema.optional(),
  /** Wall time of each step of the trial (refresh, build, read, stats, write, cleanup). */
  phaseMs: z.record(z.string(), z.number()).optional(),
});

export type TrialExtra = z.infer<typeof trialExtraSchema>;
export type PatternExtra = z.infer<typeof patternExtraSchema>;
export type IndexExtra = z.infer<typeof indexExtraSchema>;
export type WritesExtra = z.infer<typeof writesExtraSchema>;

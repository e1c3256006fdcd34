// The contract between the engine and a scenario. A scenario is a folder under scenarios/ that exports
// one `Scenario`: its options, its variants (each a named way of doing the same work), how to verify a
// trial, and how to turn results into a recommendation. The engine knows nothing else about it.
import type pg from 'pg';
import type { z } from 'zod';
import type { OpenDriverOptions } from './drivers/open-driver.ts';
import type { ExecutorFactory } from './executors/choose-executor.ts';
import type { DriverKind, SqlDriver } from './drivers/sql-driver.ts';
import type { Histogram } from './histogram.ts';
import type { Target } from './targets/target.ts';

/** One command-line option of a scenario; the same spec drives parsing, validation and `bakeoff list`. */
export interface OptionSpec {
  /** Key in the options object (camelCase). */
  key: string;
  /** Commander flag syntax, e.g. `--rows <n>`; boolean flags have no `<value>`. */
  flag: string;
  description: string;
  /** Default value shown to users; the schema applies it. */
  defaultValue?: unknown;
  /** Validates and converts the raw string (or undefined when not given) into the value. */
  schema: z.ZodType;
  /** The value names a local file: a run elsewhere (on AWS) is sent the file's contents instead. */
  file?: boolean;
}

export interface ScenarioContext<O> {
  readonly options: O;
  readonly target: Target;
  /** The run's own schema; everything the scenario creates goes here. */
  readonly schema: string;
  /** `"schema"."name"`, quoted. */
  table(name: string): string;
  /** A connected client with search_path set to the run schema. The caller ends it. */
  connect(overrides?: Partial<pg.ClientConfig>): Promise<pg.Client>;
  /** Aborted on Ctrl-C / SIGTERM: long work should stop promptly and return what it has. */
  readonly signal: AbortSignal;
  log(message: string): void;
  /** The driver the run measures through (--driver); absent means pg. */
  readonly driver?: DriverKind;
  /**
   * A session on that driver, for the measured work; the caller closes it. Absent (older callers) means
   * pg: use core/drivers/open-driver.ts openScenarioDriver(ctx), which falls back to `connect()`.
   */
  openDriver?(options?: OpenDriverOptions): Promise<SqlDriver>;
  /**
   * Where slices of load run when the run decides (AWS: Lambda workers). Absent or returning undefined:
   * the scenario chooses locally (core/executors/choose-executor.ts).
   */
  readonly executorFor?: ExecutorFactory;
}

export interface TrialContext<O> extends ScenarioContext<O> {
  /** 0-based trial index; warmup rounds have warmup = true. */
  readonly trial: number;
  readonly warmup: boolean;
  /** Progress within the trial, in the scenario's units (rows, operations). */
  progress(done: number, total: number): void;
}

/** What one trial of one variant measured. */
export interface TrialMeasurement {
  /** Units of work completed (rows, operations, transactions), the numerator of throughput. */
  units: number;
  /** Wall time of the measured work only (setup and verification excluded). */
  elapsedMs: number;
  /** Latency of each operation (statement, batch, transaction) as the scenario defines it. */
  histogram: Histogram;
  /** Error counts by kind (see core/sqlstate.ts). */
  errors: Record<string, number>;
  /** Scenario-specific numeric results, summarized as medians across trials (e.g. walBytesPerRow). */
  metrics: Record<string, number>;
  /** Verification of the work done. A failed check fails the variant: a fast wrong answer is no answer. */
  check: { ok: boolean; detail: string };
  /** Scenario-specific data kept as-is in the report (plans, time series). */
  extra?: Record<string, unknown>;
}

export interface VariantDefinition<O> {
  name: string;
  description: string;
  params: Record<string, unknown>;
  /** A reason this variant cannot run on this target/driver, or undefined if it can. */
  unsupportedReason?(ctx: ScenarioContext<O>): string | undefined;
  run(ctx: TrialContext<O>): Promise<TrialMeasurement>;
}

/** A metric column the terminal table and reports show, taken from variant summary metrics. */
export interface MetricColumn {
  key: string;
  header: string;
  /** Digits after the decimal point. */
  digits: number;
}

export interface Recommendation {
  variant: string;
  reason: string;
  evidence: Record<string, unknown>;
}

export interface Claim {
  source: string;
  claim: string;
  measured: string;
  /** `supported`, `contradicted` or `not-comparable` with what was measured. */
  verdict: 'supported' | 'contradicted' | 'not-comparable';
}

/** The slice of a variant's result a scenario needs to recommend and to check claims. */
export interface VariantOutcome {
  name: string;
  status: 'ok' | 'failed' | 'unsupported';
  params: Record<string, unknown>;
  summary: { throughput: number; elapsedMs: number; latencyMs: { p50: number; p95: number; p99: number; max: number }; metrics: Record<string, number> };
  /**
   * Each measured trial's own metrics, for figures where the median across trials is the wrong summary
   * (an anomaly seen in one trial of three was still seen). Optional so hand-built outcomes stay valid.
   */
  trials?: Array<{ throughput: number; metrics: Record<string, number> }>;
}

/** What the variants on offer may depend on besides the options. */
export interface VariantEnvironment {
  driver: DriverKind;
}

export interface Scenario<O = Record<string, unknown>> {
  name: string;
  /** One line for `bakeoff list`. */
  description: string;
  /** The unit of throughput, e.g. `rows/s`. */
  throughputUnit: string;
  options: OptionSpec[];
  /** Option values that make a small, fast run (`--quick`); explicit options still win. */
  quick: Partial<O>;
  /** Checks across options that a single option's schema cannot see; returns problems. */
  validate?(options: O): string[];
  /** The drivers the scenario can run on (--driver); default pg only. */
  drivers?: readonly DriverKind[];
  /** The variants for these options; `environment` is given when running (absent: pg). */
  variants(options: O, environment?: VariantEnvironment): VariantDefinition<O>[];
  /** Creates what every variant shares (tables, data) in the run schema. */
  setup?(ctx: ScenarioContext<O>): Promise<void>;
  /**
   * Releases what setup or the variants keep open across trials (e.g. pooled connections). Called once at
   * the end of the run, also after a failure, before the run schema is dropped. Tables need no teardown.
   */
  teardown?(ctx: ScenarioContext<O>): Promise<void>;
  metricColumns: MetricColumn[];
  /** A variant the others are compared to: reports add `speedupVsBaseline` (throughput ratio). */
  baselineVariant?: string;
  recommend(outcomes: VariantOutcome[], options: O): Recommendation | undefined;
  claims?(outcomes: VariantOutcome[], options: O): Claim[];
}

/** Lets a scenario module be typed by its own options and still sit in the registry. */
export function defineScenario<O>(scenario: Scenario<O>): Scenario<O> {
  return scenario;
}

// The shape of one bench script (bench/<name>.ts): its flags, and a run that measures sides in turn and
// records each target as met or missed. bench/run.ts runs one, several or all of them and exits non-zero
// when a hard target was missed.
import type { Target } from '../../core/targets/target.ts';
import type { TargetBook } from './target-book.ts';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Shown in --help; defaults are applied by the bench itself (flags are shared across benches). */
  description: string;
}

export type FlagValues = Record<string, string | boolean | undefined>;

export interface BenchContext {
  flags: FlagValues;
  /** The embedded server shared by the benches of one invocation, started on first use. */
  server(): Promise<Target>;
  targets: TargetBook;
  log(line: string): void;
}

export interface BenchModule {
  name: string;
  description: string;
  flags: Record<string, FlagSpec>;
  run(ctx: BenchContext): Promise<void>;
}

/** A default for the full run and a smaller one for `--quick`. */
export interface Defaults {
  full: number;
  quick: number;
}

/** A numeric flag with a default, checked: a typo in a bench flag should stop the bench, not skew it. */
export function numberFlag(flags: FlagValues, name: string, fallback: number | Defaults, min = 0): number {
  const raw = flags[name];
  if (raw === undefined) return typeof fallback === 'number' ? fallback : flags.quick ? fallback.quick : fallback.full;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number >= ${min} (got ${String(raw)})`);
  return value;
}

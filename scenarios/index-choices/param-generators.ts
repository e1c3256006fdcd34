// Parameter generators for query patterns: a `-- param` line names how each $n is drawn per execution
// (uniform integers, Zipf-like integers, a choice of values, a timestamp or a timestamp window inside the
// data's time span). Bounds may name the dataset (`{rows}`, `{users}`), so one query file fits any --rows.
import { prng } from '../../core/prng.ts';
import { skewedKeys, type KeyPicker } from '../../core/load/skewed-keys.ts';

export type Bound = number | '{rows}' | '{users}';

export type GeneratorSpec =
  | { kind: 'int'; min: Bound; max: Bound }
  | { kind: 'zipf'; min: Bound; max: Bound }
  | { kind: 'choice'; values: string[] }
  | { kind: 'timestamp' }
  | { kind: 'timestamp-range'; widthMs: number };

/** One `-- param` line: the placeholders it fills (two for a range) and how. */
export interface ParamSpec {
  positions: number[];
  generator: GeneratorSpec;
  line: number;
}

/** What generators may refer to: the dataset a run loaded. */
export interface DatasetBounds {
  rows: number;
  users: number;
  skew: number;
  startMs: number;
  endMs: number;
}

export type ParamValue = number | string;

export const GENERATOR_HELP =
  'int LO..HI | zipf LO..HI | choice A,B,C | timestamp | timestamp-range width 1h (LO/HI: a whole number, {rows} or {users}; durations: ms, s, m, h, d)';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

function parseBound(text: string): Bound | undefined {
  if (text === '{rows}' || text === '{users}') return text;
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return ms > 0 ? ms : undefined;
}

/** Parses the part after `-- param $1:`; returns the spec or a problem. `arity` is how many $n it fills. */
export function parseGenerator(text: string, arity: number): { generator: GeneratorSpec } | { problem: string } {
  const [kind = '', ...restParts] = text.trim().split(/\s+/);
  const rest = restParts.join(' ');
  const wantArity = kind === 'timestamp-range' ? 2 : 1;
  if (['int', 'zipf', 'choice', 'timestamp', 'timestamp-range'].includes(kind) && arity !== wantArity) {
    return { problem: `${kind} fills ${wantArity === 2 ? 'two placeholders (e.g. "-- param $1,$2: timestamp-range width 1h")' : 'one placeholder'}, this line names ${arity}` };
  }
  switch (kind) {
    case 'int':
    case 'zipf': {
      const m = /^(\S+)\.\.(\S+)$/.exec(rest);
      const min = m ? parseBound(m[1]!) : undefined;
      const max = m ? parseBound(m[2]!) : undefined;
      if (min === undefined || max === undefined) return { problem: `${kind} needs a range like "${kind} 1..{users}" (got "${rest}")` };
      if (typeof min === 'number' && typeof max === 'number' && min > max) return { problem: `${kind} range ${min}..${max} is empty` };
      return { generator: { kind, min, max } };
    }
    case 'choice': {
      const values = rest.split(',').map((v) => v.trim());
      if (rest.trim() === '' || values.some((v) => v === '')) return { problem: `choice needs comma-separated values like "choice pending,paid" (got "${rest}")` };
      return { generator: { kind, values } };
    }
    case 'timestamp':
      if (rest !== '') return { problem: `timestamp takes no arguments (got "${rest}")` };
      return { generator: { kind } };
    case 'timestamp-range': {
      const m = /^width\s+(.+)$/.exec(rest);
      const widthMs = m ? parseDuration(m[1]!) : undefined;
      if (widthMs === undefined) return { problem: `timestamp-range needs a width like "timestamp-range width 1h" (got "${rest}")` };
      return { generator: { kind, widthMs } };
    }
    default:
      return { problem: `unknown parameter generator "${kind}" (expected ${GENERATOR_HELP})` };
  }
}

function resolveBound(bound: Bound, data: DatasetBounds): number {
  return bound === '{rows}' ? data.rows : bound === '{users}' ? data.users : bound;
}

/** A zipf generator keeps one weight per value: ranges beyond this would take too much memory. */
export const MAX_ZIPF_VALUES = 10_000_000;

/** Problems a generator has against a concrete dataset (e.g. an empty range once {users} is known). */
export function checkAgainstDataset(spec: ParamSpec, data: DatasetBounds): string | undefined {
  const g = spec.generator;
  if (g.kind === 'int' || g.kind === 'zipf') {
    const min = resolveBound(g.min, data);
    const max = resolveBound(g.max, data);
    if (min > max) return `${g.kind} range resolves to ${min}..${max}, which is empty`;
    if (g.kind === 'zipf' && max - min + 1 > MAX_ZIPF_VALUES) return `zipf range ${min}..${max} has more than ${MAX_ZIPF_VALUES.toLocaleString('en-US')} values`;
  }
  return undefined;
}

/**
 * A function that draws one set of values for all placeholders, in $1..$n order. Draws are seeded, so
 * the same seed gives every variant the same parameter sequence.
 */
export function parameterSource(specs: readonly ParamSpec[], paramCount: number, data: DatasetBounds, seed: number): () => ParamValue[] {
  const random = prng(seed);
  const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
  // Skewed pickers are built once per source; the first value of the range is the most frequent.
  const pickers = new Map<ParamSpec, KeyPicker>();
  for (const spec of specs) {
    const g = spec.generator;
    if (g.kind === 'zipf') pickers.set(spec, skewedKeys(resolveBound(g.max, data) - resolveBound(g.min, data) + 1, data.skew, random));
  }
  return () => {
    const values: ParamValue[] = new Array(paramCount);
    for (const spec of specs) {
      const g = spec.generator;
      const [first, second] = spec.positions as [number, number?];
      switch (g.kind) {
        case 'int': {
          const min = resolveBound(g.min, data);
          values[first - 1] = min + Math.floor(random() * (resolveBound(g.max, data) - min + 1));
          break;
        }
        case 'zipf':
          values[first - 1] = resolveBound(g.min, data) + pickers.get(spec)!.pick();
          break;
        case 'choice':
          values[first - 1] = g.values[Math.floor(random() * g.values.length)]!;
          break;
        case 'timestamp':
          values[first - 1] = iso(data.startMs + random() * (data.endMs - data.startMs));
          break;
        case 'timestamp-range': {
          const span = Math.max(0, data.endMs - data.startMs - g.widthMs);
          const start = data.startMs + random() * span;
          values[first - 1] = iso(start);
          values[second! - 1] = iso(start + g.widthMs);
          break;
        }
      }
    }
    return values;
  };
}

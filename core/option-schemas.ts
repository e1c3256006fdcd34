// Validators for command-line option values. Values arrive as strings from the CLI (or as numbers from
// code); each schema converts and names the problem in words a user can act on. Numbers must be written
// as decimal numbers ("10000", "10_000", "1e4"): no empty strings read as 0, no hex, no "10k".
// Each schema carries its kind and range as zod metadata (OptionMeta), so tests can generate bad values
// for every option of every scenario without a hand-kept list.
import { z } from 'zod';

/** What kind of value an option takes; read with `optionMeta(spec.schema)`. */
export type OptionMeta =
  | { kind: 'int' | 'number'; min: number; max: number }
  | { kind: 'int-list'; min: number; max: number }
  | { kind: 'list' }
  | { kind: 'flag' }
  | { kind: 'text' }
  | { kind: 'postgres-url' }
  /** A file the option reads and parses while options are validated (e.g. --queries). */
  | { kind: 'file' }
  | { kind: 'choice'; choices: readonly string[] }
  /** `name=weight,...` over these names. */
  | { kind: 'weights'; names: readonly string[] };

const DECIMAL = /^[+-]?(?:\d+(?:_\d+)*)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A decimal number written by a person, or NaN (which the number schemas reject with their message). */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!/\d/.test(text) || !DECIMAL.test(text)) return Number.NaN;
  return Number(text.replace(/_/g, ''));
}

export function intOption(min: number, max: number) {
  return z
    .preprocess(
      toNumber,
      z
        .number({ error: 'must be a whole number' })
        .refine((v) => Number.isFinite(v), 'must be a whole number')
        .refine((v) => Number.isInteger(v), 'must be a whole number')
        .refine((v) => v >= min, `must be at least ${min.toLocaleString('en-US')}`)
        .refine((v) => v <= max, `must be at most ${max.toLocaleString('en-US')}`),
    )
    .meta({ kind: 'int', min, max } satisfies OptionMeta);
}

export function numberOption(min: number, max: number) {
  return z
    .preprocess(
      toNumber,
      z
        .number({ error: 'must be a number' })
        .refine((v) => Number.isFinite(v), 'must be a number')
        .refine((v) => v >= min, `must be at least ${min}`)
        .refine((v) => v <= max, `must be at most ${max}`),
    )
    .meta({ kind: 'number', min, max } satisfies OptionMeta);
}

/** A comma-separated list, e.g. `--variants a,b`; empty items are rejected. */
export function listOption() {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
      z.array(z.string().min(1, 'has an empty item')).min(1, 'needs at least one item'),
    )
    .meta({ kind: 'list' } satisfies OptionMeta);
}

/** A comma-separated list of whole numbers, e.g. `--pool 4,8,16`. */
export function intListOption(min: number, max: number) {
  return z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : typeof v === 'number' ? [v] : v),
      z.array(intOption(min, max)).min(1, 'needs at least one value'),
    )
    .meta({ kind: 'int-list', min, max } satisfies OptionMeta);
}

/** One of a fixed set of words, e.g. `--arrival even|poisson`. */
export function choiceOption<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, { error: `must be one of ${choices.join(', ')}` }).meta({ kind: 'choice', choices } satisfies OptionMeta);
}

/**
 * Named non-negative weights, e.g. `--mix select=70,update=20,insert=10`. Names must be among `names`;
 * names left out weigh 0; at least one weight must be above 0.
 */
export function weightsOption<const K extends string>(names: readonly K[]) {
  return z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      const out: Record<string, unknown> = {};
      for (const part of v.split(',').map((p) => p.trim())) {
        const [name, weight, ...rest] = part.split('=').map((s) => s.trim());
        // The same number rules as every other option: no '' as 0, no hex, no '5.'.
        out[name ?? ''] = weight === undefined || weight === '' || rest.length > 0 ? `"${part}"` : toNumber(weight);
      }
      return out;
    },
    z.record(z.string(), z.unknown()).transform((weights, ctx) => {
      const out = {} as Record<K, number>;
      for (const name of names) out[name] = 0;
      for (const [name, weight] of Object.entries(weights)) {
        if (!(names as readonly string[]).includes(name)) {
          ctx.addIssue({ code: 'custom', message: `has an unknown name "${name}" (known: ${names.join(', ')}; write name=weight,...)` });
        } else if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
          ctx.addIssue({ code: 'custom', message: `needs a number >= 0 for ${name} (write ${name}=<weight>)` });
        } else out[name as K] = weight;
      }
      if (Object.values<number>(out).every((w) => w === 0)) ctx.addIssue({ code: 'custom', message: 'needs at least one weight above 0' });
      return out;
    }),
  ).meta({ kind: 'weights', names } satisfies OptionMeta);
}

/** Free text that must not be empty (a folder, a name). */
export function textOption() {
  return z
    .string({ error: 'needs a value' })
    .refine((v) => v.trim().length > 0, 'must not be empty')
    .meta({ kind: 'text' } satisfies OptionMeta);
}

/** A postgres:// URL. Its value is never echoed back in messages: it may hold a password. */
export function postgresUrlOption() {
  return z
    .string({ error: 'needs a value' })
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .meta({ kind: 'postgres-url' } satisfies OptionMeta);
}

export const flagOption = () => z.boolean().optional().default(false).meta({ kind: 'flag' } satisfies OptionMeta);

/** The metadata of an option schema, looking through .optional() and .default() wrappers. */
export function optionMeta(schema: z.ZodType): OptionMeta | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 8 && current; depth += 1) {
    const meta = (current as { meta?: () => unknown }).meta?.();
    if (meta && typeof meta === 'object' && 'kind' in meta) return meta as OptionMeta;
    const def = (current as { _zod?: { def?: { innerType?: unknown } } })._zod?.def;
    current = def?.innerType;
  }
  return undefined;
}

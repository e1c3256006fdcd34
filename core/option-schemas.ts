// Validators for command-line option values. Values arrive as strings from the CLI (or as numbers from
// code); each schema converts and names the problem in words a user can act on.
import { z } from 'zod';

export function intOption(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a whole number' })
    .refine((v) => Number.isFinite(v), 'must be a whole number')
    .refine((v) => Number.isInteger(v), 'must be a whole number')
    .refine((v) => v >= min, `must be at least ${min.toLocaleString('en-US')}`)
    .refine((v) => v <= max, `must be at most ${max.toLocaleString('en-US')}`);
}

export function numberOption(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .refine((v) => Number.isFinite(v), 'must be a number')
    .refine((v) => v >= min, `must be at least ${min}`)
    .refine((v) => v <= max, `must be at most ${max}`);
}

/** A comma-separated list, e.g. `--variants a,b`; empty items are rejected. */
export function listOption() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
    z.array(z.string().min(1, 'has an empty item')).min(1, 'needs at least one item'),
  );
}

/** A comma-separated list of whole numbers, e.g. `--pool 4,8,16`. */
export function intListOption(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : typeof v === 'number' ? [v] : v),
    z.array(intOption(min, max)).min(1, 'needs at least one value'),
  );
}

export const flagOption = () => z.boolean().optional().default(false);

/** One of a fixed set of words, e.g. `--arrival even|poisson`. */
export function choiceOption<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, { error: `must be one of ${choices.join(', ')}` });
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
        out[name ?? ''] = weight === undefined || weight === '' || rest.length > 0 ? `"${part}"` : Number(weight);
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
  );
}

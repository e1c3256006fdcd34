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

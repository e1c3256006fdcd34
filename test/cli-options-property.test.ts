// Property-based tests (fast-check) over every option of every registered scenario: every bad value
// gives exit 2 and a message that names the option, never a stack trace, never a started run. Bad
// values are generated from each option's declared kind and range (core/option-schemas.ts OptionMeta),
// so a scenario added later is covered without touching this file. In-process for speed (resolveOptions
// and bin/cli.ts main() with captured streams); a few child-process checks at the end. Options that
// read a file (kind `file`) get missing files, folders, /dev/zero, empty, binary and random files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../core/config.ts';
import { UsageError } from '../core/errors.ts';
import { optionMeta, type OptionMeta } from '../core/option-schemas.ts';
import { COMMON_OPTIONS } from '../core/run/common-options.ts';
import { flagName, resolveOptions } from '../core/run/resolve-options.ts';
import type { OptionSpec, Scenario } from '../core/scenario.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { hasStackTrace, runMain } from './helpers/capture-io.ts';
import { runCli } from './helpers/run-cli.ts';

// Files for options that read one (--queries, --indexes): made on demand, removed at the end.
const fileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakeoff-option-files-'));
const emptyFile = path.join(fileDir, 'empty.sql');
fs.writeFileSync(emptyFile, '');
let fileCount = 0;
function writeTemp(content: string | Buffer): string {
  const file = path.join(fileDir, `generated-${(fileCount += 1)}.sql`);
  fs.writeFileSync(file, content);
  return file;
}
afterAll(() => fs.rmSync(fileDir, { recursive: true, force: true }));

const DECIMAL = /^\s*[+-]?(?:\d+(?:_\d+)*)?(?:\.\d+)?(?:[eE][+-]?\d+)?\s*$/;
const looksNumeric = (s: string) => /\d/.test(s) && DECIMAL.test(s);

/** Text that is not a decimal number at all: junk, words, other notations, unicode digits. */
const notANumber = fc.oneof(
  fc.string({ maxLength: 30 }).filter((s) => !looksNumeric(s)),
  fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !looksNumeric(s)),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '0x10', '0b101', '0o17', '1,000', '10k', '5.', '--5', '5-', '١٢', '１２', 'true', 'null', '[]', '{}', '1 2', '1e', 'e5', '.'),
);

function outsideRange(min: number, max: number, integer: boolean): fc.Arbitrary<string> {
  const parts: fc.Arbitrary<string>[] = [fc.constantFrom('1e999', '-1e999')];
  if (min > -Number.MAX_SAFE_INTEGER) parts.push(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Math.ceil(min) - 1 }).map(String));
  if (max < Number.MAX_SAFE_INTEGER) parts.push(fc.integer({ min: Math.floor(max) + 1, max: Number.MAX_SAFE_INTEGER }).map(String));
  if (max < 1e300) parts.push(fc.double({ min: max * 2 + 1, max: 1e300, noNaN: true }).map((d) => d.toExponential()));
  if (integer) {
    // A fraction inside the range: right size, wrong kind.
    parts.push(fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) - 1 }).map((n) => `${n}.5`));
  }
  return fc.oneof(...parts);
}

/** Values the option must reject, by kind; undefined for kinds with no invalid string (flags). */
function badValues(meta: OptionMeta, spec: OptionSpec, scenario: Scenario): fc.Arbitrary<string> | undefined {
  switch (meta.kind) {
    case 'int':
    case 'number':
      return fc.oneof(notANumber, outsideRange(meta.min, meta.max, meta.kind === 'int'));
    case 'int-list': {
      const good = fc.integer({ min: meta.min, max: Math.min(meta.max, meta.min + 1000) }).map(String);
      const bad = fc.oneof(notANumber.filter((s) => !s.includes(',') && s.trim() !== ''), outsideRange(meta.min, meta.max, true));
      return fc.oneof(
        fc.tuple(fc.array(good, { maxLength: 3 }), bad, fc.array(good, { maxLength: 3 })).map(([a, b, c]) => [...a, b, ...c].join(',')),
        fc.constantFrom('', ',', '1,,2', '1,'),
      );
    }
    case 'list': {
      const emptyItem = fc.constantFrom('', ',', ' , ', 'a,,b', ',a', 'a,');
      if (spec.key !== 'variants') return emptyItem;
      // For --variants, any name the scenario does not have is bad too.
      const known = new Set(scenario.variants(resolveOptions(scenario, {}).scenario).map((v) => v.name));
      return fc.oneof(emptyItem, fc.stringMatching(/^[a-z0-9-]{1,20}$/).filter((n) => !known.has(n)));
    }
    case 'text':
      return fc.constantFrom('', ' ', '\t');
    case 'postgres-url':
      return fc.oneof(
        fc.string({ maxLength: 40 }).filter((s) => !/^postgres(ql)?:\/\//.test(s)),
        fc.constantFrom('mysql://u:p@h/db', 'http://x', 'postgres:/x', 'POSTGRES://x', 'postgresql:x', ''),
      );
    case 'file':
      return fc.oneof(
        fc.constantFrom(path.join(fileDir, 'does-not-exist.sql'), fileDir, emptyFile, '/dev/zero', ''),
        // Random bytes and random text: nothing a query or index file parser should accept.
        fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => writeTemp(Buffer.from(bytes))),
        fc.string({ maxLength: 300 }).map((text) => writeTemp(text)),
      );
    case 'choice':
      return fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', ' ', ...meta.choices.map((c) => c.toUpperCase()), ...meta.choices.map((c) => `${c},${c}`))).filter((v) => !meta.choices.includes(v));
    case 'weights': {
      const name = fc.constantFrom(...meta.names);
      return fc.oneof(
        fc.stringMatching(/^[a-z]{1,10}$/).filter((n) => !meta.names.includes(n)).map((n) => `${n}=1`),
        fc.tuple(name, fc.oneof(notANumber.filter((s) => !s.includes(',') && !s.includes('=')), fc.integer({ max: -1 }).map(String))).map(([n, w]) => `${n}=${w}`),
        fc.array(name, { minLength: 1, maxLength: 3 }).map((names) => names.map((n) => `${n}=0`).join(',')),
        fc.constantFrom('', '=', ',', 'x', `${meta.names[0]}`, `${meta.names[0]}=1=2`),
      );
    }
    case 'flag':
      return undefined;
  }
}

interface OptionCase {
  scenario: Scenario;
  spec: OptionSpec;
  meta: OptionMeta;
  bad: fc.Arbitrary<string>;
}

const cases: OptionCase[] = SCENARIOS.flatMap((scenario) =>
  [...scenario.options, ...COMMON_OPTIONS].flatMap((spec) => {
    const meta = optionMeta(spec.schema);
    const bad = meta && badValues(meta, spec, scenario as Scenario);
    return meta && bad ? [{ scenario: scenario as Scenario, spec, meta, bad }] : [];
  }),
);

describe('every option of every scenario has a known kind', () => {
  it.each(SCENARIOS.flatMap((s) => [...s.options, ...COMMON_OPTIONS].map((spec) => [s.name, flagName(spec), spec] as const)))(
    '%s %s',
    (_scenario, _flag, spec) => {
      // An option without OptionMeta gets no generated bad values: build it with core/option-schemas.ts.
      expect(optionMeta(spec.schema)).toBeDefined();
    },
  );
});

describe('bad option values, generated (resolveOptions, in-process)', () => {
  it.each(cases.map((c) => [c.scenario.name, flagName(c.spec), c] as const))('%s %s: every bad value is a UsageError naming the option', (_s, flag, c) => {
    fc.assert(
      fc.property(c.bad, (value) => {
        let error: unknown;
        try {
          resolveOptions(c.scenario, { [c.spec.key]: value });
        } catch (err) {
          error = err;
        }
        expect(error, `accepted ${JSON.stringify(value)}`).toBeInstanceOf(UsageError);
        const message = (error as UsageError).message;
        expect(message).toContain(flag);
        // A URL may hold a password: never echoed back.
        if (c.meta.kind === 'postgres-url' && value.length >= 8) expect(message).not.toContain(value);
      }),
      { numRuns: 150 },
    );
  });
});

describe('bad option values, generated (the CLI entry, in-process)', () => {
  it.each(cases.map((c) => [c.scenario.name, flagName(c.spec), c] as const))('%s %s: exit 2, the option named, no stack trace', async (_s, flag, c) => {
    await fc.assert(
      fc.asyncProperty(c.bad, async (value) => {
        // A second bad option makes sure that a value wrongly accepted can never start a run.
        const guard = c.spec.key === 'trials' ? '--warmup=-1' : '--trials=0';
        const result = await runMain(['run', c.scenario.name, `${flag}=${value}`, guard]);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain(flag);
        expect(hasStackTrace(result.stderr)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('unknown options and stray arguments: exit 2 naming them', async () => {
    const known = new Set([...SCENARIOS.flatMap((s) => s.options), ...COMMON_OPTIONS].map(flagName));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SCENARIOS.map((s) => s.name)),
        fc.oneof(
          fc.stringMatching(/^--[a-z][a-z-]{1,20}$/).filter((f) => !known.has(f) && f !== '--help'),
          fc.stringMatching(/^[a-z0-9][a-z0-9.=]{0,15}$/),
        ),
        async (scenario, token) => {
          const result = await runMain(['run', scenario, token, '--trials=0']);
          expect(result.code).toBe(2);
          expect(result.stderr).toContain(token.startsWith('--') ? token : JSON.stringify(token));
          expect(hasStackTrace(result.stderr)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random command lines never crash: help (0) or bad usage (2), never a stack trace', async () => {
    const flags = [...new Set([...SCENARIOS.flatMap((s) => s.options), ...COMMON_OPTIONS].map(flagName))];
    const token = fc.oneof(fc.constantFrom(...flags), fc.string({ maxLength: 12 }).filter((t) => t !== '--'), notANumber);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('run', 'list', 'report', 'cleanup', 'compare', 'nonsense'), fc.array(token, { maxLength: 6 }), async (command, tokens) => {
        // `--trials=0` last: whatever the tokens say, `run` can never start.
        const argv = command === 'run' ? ['run', SCENARIOS[0]!.name, ...tokens, '--trials=0'] : command === 'list' ? ['list'] : [command, ...tokens, '--older-than=-1'];
        const result = await runMain(argv);
        expect([0, 2]).toContain(result.code);
        expect(hasStackTrace(result.stderr)).toBe(false);
      }),
      { numRuns: 80 },
    );
  });
});

describe('DATABASE_URL from the environment', () => {
  it('a malformed value is bad usage naming DATABASE_URL, never echoed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 60 }).filter((s) => !/^postgres(ql)?:\/\//.test(s) && s.trim() !== ''), (value) => {
        let error: unknown;
        try {
          readEnvironment({ DATABASE_URL: value });
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).toContain('DATABASE_URL');
        expect((error as Error).message).not.toContain(value);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the real command, a few bad values (child processes)', () => {
  it.each([
    [['--rows=1e999'], '--rows'],
    [['--statement-timeout=-1', '--lock-timeout=1.5'], '--statement-timeout'],
    [['--variants=', '--out='], '--variants'],
  ])('%j: exit 2 naming %s, no stack trace', async (args, flag) => {
    const result = await runCli(['run', 'insert-strategies', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(flag);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});

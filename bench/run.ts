// `npm run bench [-- <name>... [--flags]]`: runs the named benches (all of them when none is named) against
// one embedded Postgres, prints each bench's rounds, medians and ratios, then every target as met or
// missed, and exits 1 when a hard target was missed (2 on bad usage). Benches are not tests: they measure
// speed side by side on this machine, and the machine's load is printed with the figures.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startEmbedded } from '../core/targets/embedded.ts';
import type { Target } from '../core/targets/target.ts';
import closedLoop from './closed-loop.ts';
import copy from './copy.ts';
import memory from './memory.ts';
import openLoop from './open-loop.ts';
import openLoopLayers from './open-loop-layers.ts';
import pgbench from './pgbench.ts';
import startup from './startup.ts';
import type { BenchContext, BenchModule, FlagSpec } from './lib/bench-module.ts';
import { TargetBook } from './lib/target-book.ts';

// open-loop-layers has no target: run it by name when the open-loop figure needs explaining.
const BENCHES: BenchModule[] = [startup, closedLoop, openLoop, pgbench, copy, memory];
const ON_REQUEST: BenchModule[] = [openLoopLayers];

const COMMON_FLAGS: Record<string, FlagSpec> = {
  quick: { type: 'boolean', description: 'shorter runs and fewer rounds, for a quick check (figures are noisier)' },
  only: { type: 'string', description: 'run only the sides whose name starts with this (e.g. under node --cpu-prof); no targets are checked' },
  help: { type: 'boolean', description: 'show the benches and their flags' },
};

function usage(): string {
  const lines = ['usage: npm run bench -- [name...] [--flag value ...]', '', 'benches:'];
  for (const b of [...BENCHES, ...ON_REQUEST]) {
    lines.push(`  ${b.name.padEnd(16)} ${b.description}${ON_REQUEST.includes(b) ? ' [only by name]' : ''}`);
    for (const [flag, spec] of Object.entries(b.flags)) lines.push(`      --${flag}${spec.type === 'string' ? ' <value>' : ''}  ${spec.description}`);
  }
  lines.push('', 'common flags:');
  for (const [flag, spec] of Object.entries(COMMON_FLAGS)) lines.push(`  --${flag}  ${spec.description}`);
  return lines.join('\n');
}

function loadLine(): string {
  const [one, five, fifteen] = os.loadavg().map((l) => l.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen} on ${os.cpus().length} cores`;
}

async function main(argv: string[]): Promise<number> {
  // Bench names come first, flags after them.
  const firstFlag = argv.findIndex((a) => a.startsWith('-'));
  const names = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const known = [...BENCHES, ...ON_REQUEST];
  const unknown = names.filter((name) => !known.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')} (known: ${known.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const selected = names.length > 0 ? known.filter((b) => names.includes(b.name)) : BENCHES;
  const flagSpecs: Record<string, FlagSpec> = { ...COMMON_FLAGS };
  for (const b of selected) Object.assign(flagSpecs, b.flags);
  let flags;
  try {
    flags = parseArgs({
      args: argv.slice(names.length),
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(Object.entries(flagSpecs).map(([name, spec]) => [name, { type: spec.type }])),
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage()}`);
    return 2;
  }
  if (flags.help) {
    console.log(usage());
    return 0;
  }

  const targets = new TargetBook(typeof flags.only === 'string');
  let server: Promise<Target> | undefined;
  const log = (line: string) => console.log(line);
  console.log(`pg-bakeoff benches: ${selected.map((b) => b.name).join(', ')}; ${loadLine()}`);
  try {
    for (const bench of selected) {
      console.log(`\n== ${bench.name}: ${bench.description}`);
      const ctx: BenchContext = { flags, targets, log, server: () => (server ??= startEmbedded()) };
      try {
        await bench.run(ctx);
      } catch (err) {
        console.error(`bench ${bench.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        targets.fail(bench.name, 'the bench failed (see above)');
      }
    }
  } finally {
    if (server) await (await server).stop();
  }
  console.log(`\ntargets (${loadLine()}):`);
  console.log(targets.summary());
  return targets.failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));

// Runs the sides of a comparison in turn, A B C, B C A, C A B, ..., after one unreported warm-up pass, so
// drift on a busy machine (other processes, CPU frequency, caches) hits every side alike. Each round starts
// one side later, so no side always follows the same one: a run pays for what its predecessor left behind
// (garbage to collect, a pool still closing). With a fixed order the open-loop bench put pg-bakeoff's
// trial after the same side every round and read ~1.10x its CPU; bench open-loop-layers, in another
// order, read 0.996x for the same trial. Each run is watched
// with core/load/self-watch.ts, so a line shows whether this Node process was busy or waiting.
import { median } from 'simple-statistics';
import { startSelfWatch } from '../../core/load/self-watch.ts';

export interface SideRun {
  /** The figure compared across sides (selects/s, rows/s, CPU ms per 1,000 operations, ...). */
  value: number;
  /** Other figures of the run, kept for the summary (e.g. `{ cpuMsPerKop: 41 }`). */
  figures?: Record<string, number>;
  /** Printed after the value on the round's line. */
  note?: string;
}

export interface Side {
  name: string;
  run(): Promise<SideRun>;
  /** Whether this process's ELU/CPU mean anything for the side (not for an external tool like pgbench). */
  inProcess?: boolean;
}

export interface Sample extends SideRun {
  elu: number;
  cpu: number;
}

export interface InterleaveOptions {
  rounds: number;
  unit: string;
  /** Run every side once before the measured rounds (default true). */
  warmup?: boolean;
  /** How many such unreported passes (default 1). */
  warmupRounds?: number;
  /** Run only the sides whose name starts with this (for profiling one side). */
  only?: string;
  log(line: string): void;
}

export function formatValue(x: number): string {
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(Math.abs(x) >= 10 ? 1 : 3);
}

export async function interleave(allSides: readonly Side[], options: InterleaveOptions): Promise<Map<string, Sample[]>> {
  const sides = options.only === undefined ? allSides : allSides.filter((s) => s.name.startsWith(options.only!));
  if (sides.length === 0) throw new Error(`--only ${options.only} matches no side (sides: ${allSides.map((s) => s.name).join(', ')})`);
  const width = Math.max(...sides.map((s) => s.name.length));
  const warmups = options.warmup === false ? 0 : (options.warmupRounds ?? 1);
  for (let w = 0; w < warmups; w += 1) {
    for (const side of sides) await side.run();
  }
  const samples = new Map<string, Sample[]>(sides.map((s) => [s.name, []]));
  for (let round = 1; round <= options.rounds; round += 1) {
    const shift = (round - 1) % sides.length;
    for (const side of [...sides.slice(shift), ...sides.slice(0, shift)]) {
      const watch = startSelfWatch();
      const run = await side.run();
      const self = watch.stop();
      samples.get(side.name)!.push({ ...run, elu: self.eventLoopUtilization, cpu: self.cpu });
      const own = side.inProcess === false || run.note ? '' : `  (node ELU ${self.eventLoopUtilization.toFixed(2)}, CPU ${self.cpu.toFixed(2)} core)`;
      options.log(`  round ${round}  ${side.name.padEnd(width)}  ${formatValue(run.value).padStart(9)} ${options.unit}${run.note ? `  ${run.note}` : ''}${own}`);
    }
  }
  return samples;
}

/** Median of each side's values, printed with the range; returned by side name. */
export function medians(samples: Map<string, Sample[]>, unit: string, log: (line: string) => void, pick: (s: Sample) => number = (s) => s.value): Map<string, number> {
  const out = new Map<string, number>();
  const width = Math.max(...[...samples.keys()].map((k) => k.length));
  log(`  median ${unit} (range)`);
  for (const [name, list] of samples) {
    const values = list.map(pick);
    const m = median(values);
    out.set(name, m);
    log(`    ${name.padEnd(width)}  ${formatValue(m).padStart(9)}  (${formatValue(Math.min(...values))}-${formatValue(Math.max(...values))})`);
  }
  return out;
}

/**
 * The median of the round-by-round ratios a/b: each round's two runs were next to each other in time, so
 * a drift in the machine's load between rounds cancels out of each ratio.
 */
export function pairedRatio(samples: Map<string, Sample[]>, a: string, b: string, pick: (s: Sample) => number = (s) => s.value): number {
  const as = samples.get(a);
  const bs = samples.get(b);
  if (!as || !bs) return NaN;
  return median(as.map((s, i) => pick(s) / pick(bs[i]!)));
}

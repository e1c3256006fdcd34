// Runs the sides of a comparison at the same time, one child process each, round after round. In turn
// (bench/lib/interleave.ts) each side meets the machine as it is at its own moment; on a shared machine
// one 5 s round's CPU per operation moves by up to 20% from one moment to the next, which hides a 5%
// difference. Run together, every side meets the same moment (the same neighbours, the same frequency),
// and what differs between them is what they do. Each side is its own process, so each process's CPU is
// that side's alone.
//
// The protocol, one JSON line each way: the child prints {"ready":true} once set up; the parent writes
// {"run":"<side name>"} and the child answers {"result":SideRun} or {"error":"..."}; end of stdin ends it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Sample, Side, SideRun } from './interleave.ts';
import { formatValue } from './interleave.ts';
import { REPO_ROOT } from './node-child.ts';

const PROFILE_DIR_ENV = 'BAKEOFF_BENCH_PROFILE_DIR';

type Answer = { ready: true } | { result: SideRun } | { error: string };

class SideProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: Array<(answer: Answer) => void> = [];
  private readonly early: Answer[] = [];
  private stderr = '';
  private exited: string | undefined;

  constructor(modulePath: string, args: readonly string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', modulePath, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, CI: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (d) => (this.stderr = (this.stderr + String(d)).slice(-4000)));
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const answer = JSON.parse(line) as Answer;
      const waiting = this.answers.shift();
      if (waiting) waiting(answer);
      else this.early.push(answer);
    });
    this.child.on('exit', (code) => {
      this.exited = `exited with ${code}: ${this.stderr.trim().slice(-1500)}`;
      for (const waiting of this.answers.splice(0)) waiting({ error: this.exited });
    });
  }

  private next(): Promise<Answer> {
    const early = this.early.shift();
    if (early) return Promise.resolve(early);
    if (this.exited) return Promise.resolve({ error: this.exited });
    return new Promise((resolve) => this.answers.push(resolve));
  }

  async ready(): Promise<void> {
    const answer = await this.next();
    if (!('ready' in answer)) throw new Error(`a side process did not start: ${'error' in answer ? answer.error : JSON.stringify(answer)}`);
  }

  async run(side: string, round: number): Promise<SideRun> {
    const answer = this.next();
    this.child.stdin.write(`${JSON.stringify({ run: side, round })}\n`);
    const got = await answer;
    if ('result' in got) return got.result;
    throw new Error(`side "${side}" failed: ${'error' in got ? got.error : JSON.stringify(got)}`);
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}

export interface TogetherOptions {
  /** The child module (it calls serveSides) and its arguments; one process is started per side. */
  module: string;
  args: readonly string[];
  env: Record<string, string>;
  /**
   * Write a CPU profile of every side's measured runs (not its setup) here, one file per side and round
   * (`<side>.<round>.cpuprofile`, for bench/profile-summary.ts).
   */
  profileDir?: string;
  sides: readonly string[];
  rounds: number;
  unit: string;
  /** Unreported rounds first (default 1): JIT warm-up, the server's caches. */
  warmupRounds?: number;
  log(line: string): void;
}

/** Runs every side at once, `rounds` times; the samples are shaped like interleave()'s (elu/cpu unused). */
export async function together(options: TogetherOptions): Promise<Map<string, Sample[]>> {
  const processes = options.sides.map(() => new SideProcess(options.module, options.args, options.profileDir ? { ...options.env, [PROFILE_DIR_ENV]: path.resolve(options.profileDir) } : options.env));
  try {
    await Promise.all(processes.map((p) => p.ready()));
    const width = Math.max(...options.sides.map((s) => s.length));
    const samples = new Map<string, Sample[]>(options.sides.map((s) => [s, []]));
    const roundOnce = (round: number) => Promise.all(processes.map((p, i) => p.run(options.sides[i]!, round)));
    for (let w = 0; w < (options.warmupRounds ?? 1); w += 1) await roundOnce(0);
    for (let round = 1; round <= options.rounds; round += 1) {
      const runs = await roundOnce(round);
      runs.forEach((run, i) => {
        const side = options.sides[i]!;
        samples.get(side)!.push({ ...run, elu: NaN, cpu: NaN });
        options.log(`  round ${round}  ${side.padEnd(width)}  ${formatValue(run.value).padStart(9)} ${options.unit}${run.note ? `  ${run.note}` : ''}`);
      });
    }
    return samples;
  } finally {
    await Promise.all(processes.map((p) => p.close()));
  }
}

/** The child's half: answers {"run": name} with that side's run, until stdin ends. */
export async function serveSides(sides: readonly Side[]): Promise<void> {
  const byName = new Map(sides.map((s) => [s.name, s]));
  const say = (answer: Answer) => process.stdout.write(`${JSON.stringify(answer)}\n`);
  const profileDir = process.env[PROFILE_DIR_ENV];
  const profiler = profileDir ? new Session() : undefined;
  if (profiler) {
    fs.mkdirSync(profileDir!, { recursive: true });
    profiler.connect();
    await profiler.post('Profiler.enable');
  }
  say({ ready: true });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const { run, round } = JSON.parse(line) as { run: string; round: number };
    // "<name> #2" is the same side again: an A/A run, to see what the method reads when nothing differs.
    const side = byName.get(run) ?? byName.get(run.replace(/ #\d+$/, ''));
    if (!side) {
      say({ error: `no side "${run}" (sides: ${[...byName.keys()].join(', ')})` });
      continue;
    }
    try {
      // Round 0 is the warm-up: not profiled.
      if (profiler && round > 0) await profiler.post('Profiler.start');
      const result = await side.run();
      if (profiler && round > 0) {
        const { profile } = await profiler.post('Profiler.stop');
        fs.writeFileSync(path.join(profileDir!, `${run.replace(/[^\w.-]+/g, '_')}.${round}.cpuprofile`), JSON.stringify(profile));
      }
      say({ result });
    } catch (err) {
      say({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }
}

// Bench `startup`: how long a user waits before anything is measured, and for a whole quick run.
//   - the embedded Postgres (core/targets/embedded.ts: initdb into a fresh directory, start, ready for
//     connections), started and stopped --starts times; target: median start < 2 s
//   - `bakeoff run insert-strategies --quick` as a user runs it (its own embedded server, every variant,
//     the three reports), --runs times; target: median wall time < 15 s
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from 'simple-statistics';
import { startEmbedded } from '../core/targets/embedded.ts';
import { numberFlag, type BenchModule } from './lib/bench-module.ts';
import { BAKEOFF_BIN, runNode } from './lib/node-child.ts';

export const EMBEDDED_START_TARGET_MS = 2000;
export const QUICK_RUN_TARGET_MS = 15_000;

const bench: BenchModule = {
  name: 'startup',
  description: 'embedded Postgres start (target < 2 s) and a whole `bakeoff run insert-strategies --quick` (target < 15 s)',
  flags: {
    starts: { type: 'string', description: 'embedded server starts (default 3)' },
    runs: { type: 'string', description: 'quick insert-strategies runs (default 1)' },
  },
  async run(ctx) {
    const starts = numberFlag(ctx.flags, 'starts', 3, 1);
    const runs = numberFlag(ctx.flags, 'runs', 1, 1);
    const startMs: number[] = [];
    for (let i = 1; i <= starts; i += 1) {
      const t0 = performance.now();
      const target = await startEmbedded();
      const started = performance.now() - t0;
      const t1 = performance.now();
      await target.stop();
      startMs.push(started);
      ctx.log(`  start ${i}  embedded Postgres ready in ${Math.round(started)} ms (stop and clean-up ${Math.round(performance.now() - t1)} ms)`);
    }
    ctx.targets.check({ bench: 'startup', what: 'embedded Postgres start (median ms)', measured: median(startMs), op: '<=', threshold: EMBEDDED_START_TARGET_MS, digits: 0, kind: 'hard' });

    const wallMs: number[] = [];
    for (let i = 1; i <= runs; i += 1) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
      try {
        const run = await runNode([BAKEOFF_BIN, 'run', 'insert-strategies', '--quick', '--out', out]);
        if (run.code !== 0) throw new Error(`bakeoff run insert-strategies --quick exited with ${run.code}: ${run.stderr.slice(-500)}`);
        const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as { status: string; durationMs: number };
        if (report.status !== 'completed') throw new Error(`the quick run's report says ${report.status}`);
        wallMs.push(run.wallMs);
        ctx.log(`  run ${i}  bakeoff run insert-strategies --quick: ${(run.wallMs / 1000).toFixed(1)} s wall (the run itself, server start to report: ${(report.durationMs / 1000).toFixed(1)} s)`);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
    ctx.targets.check({ bench: 'startup', what: '`bakeoff run insert-strategies --quick` (median s wall)', measured: median(wallMs) / 1000, op: '<=', threshold: QUICK_RUN_TARGET_MS / 1000, digits: 1, kind: 'hard' });
  },
};

export default bench;

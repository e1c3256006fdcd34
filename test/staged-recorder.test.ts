// The load loops stage latencies and record them into their histograms a block at a time: nothing may be
// lost or changed on the way, whether a block fills up or the loop flushes a part-filled one at the end.
import { describe, expect, it } from 'vitest';
import { createHistogram, recordMs, stagedRecorder, summarize } from '../core/histogram.ts';

describe('stagedRecorder', () => {
  it('records exactly what recordMs would, across full blocks and a part-filled last one', () => {
    const direct = createHistogram();
    const staged = createHistogram();
    const recorder = stagedRecorder(staged, 8);
    // 8 x 5 + 3 values: five full blocks and three left for flush(); fractions, sub-microsecond and huge values.
    const values = Array.from({ length: 43 }, (_, i) => (i % 7 === 0 ? 0.0004 : i % 11 === 0 ? 4e9 : (i * 37) % 1000) / 10);
    for (const v of values) {
      recordMs(direct, v);
      recorder.record(v);
    }
    // Full blocks went in as they filled; the last three wait for flush().
    expect(staged.totalCount).toBe(40);
    recorder.flush();
    expect(staged.totalCount).toBe(43);
    expect(summarize(staged)).toEqual(summarize(direct));
    expect(staged.getValueAtPercentile(99)).toBe(direct.getValueAtPercentile(99));
  });

  it('flushing twice records nothing twice', () => {
    const h = createHistogram();
    const recorder = stagedRecorder(h);
    recorder.record(1.5);
    recorder.flush();
    recorder.flush();
    expect(h.totalCount).toBe(1);
  });
});

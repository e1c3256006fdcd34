// The REPORT line Lambda writes after each invocation, as it appears in a LogType Tail log, parsed into
// the billing figures the cost estimate uses; "Duration" is not confused with "Billed" or "Init Duration".
import { describe, expect, it } from 'vitest';
import { parseLambdaReport } from '../core/aws/lambda-report.ts';

describe('parseLambdaReport', () => {
  it('reads duration, billed duration, memory and a cold start\'s init duration', () => {
    const tail =
      'START RequestId: 8f5e3c1a-0000-4000-8000-000000000001 Version: $LATEST\n' +
      '2026-01-01T00:00:00.000Z\t8f5e3c1a\tINFO\tslice done\n' +
      'END RequestId: 8f5e3c1a-0000-4000-8000-000000000001\n' +
      'REPORT RequestId: 8f5e3c1a-0000-4000-8000-000000000001\tDuration: 10234.56 ms\tBilled Duration: 10235 ms\tMemory Size: 1769 MB\tMax Memory Used: 187 MB\tInit Duration: 412.07 ms\t\n';
    expect(parseLambdaReport(tail)).toEqual({ durationMs: 10234.56, billedMs: 10235, memoryMb: 1769, maxMemoryUsedMb: 187, initDurationMs: 412.07 });
  });

  it('returns undefined when the tail was cut before the REPORT line', () => {
    expect(parseLambdaReport('START RequestId: x Version: $LATEST\nEND RequestId: x\n')).toBeUndefined();
  });
});

// Slice runners by scenario name: what a worker (a local worker process, later a Lambda worker) runs for a
// SliceRequest. Only scenarios that spread their load over workers need an entry.
import type { SliceRunner } from '../core/executors/executor.ts';
import { runPoolSizeSlice } from './pool-size/slice.ts';

const RUNNERS: Record<string, SliceRunner> = {
  'pool-size': runPoolSizeSlice,
};

export function findSliceRunner(scenario: string): SliceRunner | undefined {
  return RUNNERS[scenario];
}

// The isolation workloads by name.
import type { WorkloadName } from '../model.ts';
import type { Workload } from '../workload.ts';
import { counterWorkload } from './counter.ts';
import { transferWorkload } from './transfer.ts';
import { writeSkewWorkload } from './write-skew.ts';

export const WORKLOAD_BY_NAME: Record<WorkloadName, Workload> = {
  transfer: transferWorkload,
  counter: counterWorkload,
  'write-skew': writeSkewWorkload,
};

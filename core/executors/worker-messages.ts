// The IPC messages between the coordinator and a local worker process (plain JSON).
import type { SliceRequest, SliceResult } from './executor.ts';
import type { WorkerConnection } from './worker-target.ts';

export type ToWorker =
  | { type: 'run'; request: SliceRequest; connection: WorkerConnection }
  | { type: 'go' }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; done: number }
  | { type: 'result'; result: SliceResult }
  | { type: 'error'; message: string };

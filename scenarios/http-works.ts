// The unit of work an HTTP service runs per request, by scenario name: what the local --http service
// process and the HTTP endpoint Lambda (lambdas/http.ts) serve at GET /op. Only scenarios with an HTTP
// mode need an entry.
import type pg from 'pg';
import { createHistogram, histogramSink } from '../core/histogram.ts';
import type { PoolSizeOptions } from './pool-size/options.ts';
import { workloadTables } from './pool-size/tables.ts';
import { createWorkload } from './pool-size/workload.ts';

export interface HttpWork {
  /** One unit of work on a borrowed connection; returns a short label of what it did. */
  work(client: pg.ClientBase): Promise<string>;
  counters?(): Record<string, number>;
}

/** Builds a service's work for the run schema, the scenario's resolved options and a seed. */
export type HttpWorkFactory = (schema: string, options: unknown, seed: number) => HttpWork;

const WORKS: Record<string, HttpWorkFactory> = {
  'pool-size': (schema, options, seed) => {
    const workload = createWorkload(workloadTables(schema), options as PoolSizeOptions, seed, histogramSink(createHistogram()));
    return { work: (client) => workload.runOne(client), counters: () => ({ ambiguousWrites: workload.ambiguousWrites }) };
  },
};

export function findHttpWork(scenario: string): HttpWorkFactory | undefined {
  return WORKS[scenario];
}

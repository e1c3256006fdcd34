// The load generator watches itself: event-loop utilization (how much of the time the loop was busy) and
// process CPU over a measured window. When either is near its ceiling, the generator rather than the
// database may have set the pace, and the result is flagged `clientBound` instead of being reported as
// the database's limit.
import { performance } from 'node:perf_hooks';

export interface SelfWatchReading {
  /** Event-loop utilization over the window, 0..1. */
  eventLoopUtilization: number;
  /** Process CPU time (user + system) over wall time, as a fraction of one core (can exceed 1 with GC threads). */
  cpu: number;
  wallMs: number;
  clientBound: boolean;
}

/** Above these the generator is presumed to be the bottleneck. */
export const CLIENT_BOUND_ELU = 0.9;
export const CLIENT_BOUND_CPU = 0.95;

export function isClientBound(reading: { eventLoopUtilization: number; cpu: number }): boolean {
  return reading.eventLoopUtilization >= CLIENT_BOUND_ELU || reading.cpu >= CLIENT_BOUND_CPU;
}

export interface SelfWatch {
  stop(): SelfWatchReading;
}

export function startSelfWatch(): SelfWatch {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const elu = performance.eventLoopUtilization(elu0);
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const cpuFraction = wallMs > 0 ? (cpu.user + cpu.system) / 1000 / wallMs : 0;
      const reading = { eventLoopUtilization: elu.utilization, cpu: cpuFraction, wallMs };
      return { ...reading, clientBound: isClientBound(reading) };
    },
  };
}

/** Trial metric keys for the generator's own load (reports look for these in every scenario). */
export const CLIENT_LOAD_METRICS = { elu: 'clientElu', cpu: 'clientCpu', bound: 'clientBound' } as const;

/** A reading as trial metrics: ELU, CPU in cores, and 1/0 for client-bound (its median says "most trials"). */
export function clientLoadMetrics(reading: { eventLoopUtilization: number; cpu: number; clientBound: boolean }): Record<string, number> {
  return {
    [CLIENT_LOAD_METRICS.elu]: reading.eventLoopUtilization,
    [CLIENT_LOAD_METRICS.cpu]: reading.cpu,
    [CLIENT_LOAD_METRICS.bound]: reading.clientBound ? 1 : 0,
  };
}

/**
 * Adds the generator's load to a trial's metrics unless the scenario measured it itself (over its own
 * load window, or across worker processes): the scenario's figures are the more precise ones.
 */
export function withClientLoad(metrics: Record<string, number>, reading: SelfWatchReading): Record<string, number> {
  if (CLIENT_LOAD_METRICS.elu in metrics || CLIENT_LOAD_METRICS.bound in metrics) return metrics;
  return { ...metrics, ...clientLoadMetrics(reading) };
}

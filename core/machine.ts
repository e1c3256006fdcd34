// What machine made a measurement: recorded in every report so comparisons can warn when it differs.
import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memory: number;
  node: string;
  platform: string;
  arch: string;
  hostname: string;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memory: os.totalmem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    hostname: os.hostname(),
  };
}

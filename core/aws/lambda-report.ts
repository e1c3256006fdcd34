// Reads the REPORT line Lambda appends to every invocation's log (returned, base64, with LogType Tail):
//   REPORT RequestId: 6f...\tDuration: 1012.33 ms\tBilled Duration: 1013 ms\tMemory Size: 1024 MB\tMax Memory Used: 91 MB
// Billed duration and memory size are what Lambda charges for (GB-seconds).

export interface LambdaReport {
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryUsedMb?: number;
  /** Present on a cold start. */
  initDurationMs?: number;
}

const number = (text: string, label: string): number | undefined => {
  // "Duration" alone must not match inside "Billed Duration" or "Init Duration".
  const match = new RegExp(`(?<!Billed |Init )${label}:\\s*([\\d.]+)`).exec(text);
  return match ? Number(match[1]) : undefined;
};

/** The last REPORT line in a log tail, or undefined when there is none. */
export function parseLambdaReport(logTail: string): LambdaReport | undefined {
  const line = logTail
    .split('\n')
    .filter((l) => l.startsWith('REPORT '))
    .pop();
  if (!line) return undefined;
  const billedMs = number(line, 'Billed Duration');
  const memoryMb = number(line, 'Memory Size');
  const durationMs = number(line, 'Duration');
  if (billedMs === undefined || memoryMb === undefined) return undefined;
  const maxMemoryUsedMb = number(line, 'Max Memory Used');
  const initDurationMs = number(line, 'Init Duration');
  return {
    durationMs: durationMs ?? billedMs,
    billedMs,
    memoryMb,
    ...(maxMemoryUsedMb !== undefined ? { maxMemoryUsedMb } : {}),
    ...(initDurationMs !== undefined ? { initDurationMs } : {}),
  };
}

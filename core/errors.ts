// Errors that carry their own exit code and a message written for the user, so the CLI can print one
// clear sentence (and the stack only with --verbose). Exit codes are part of the CLI contract:
// 0 ok, 1 run failed or regression found, 2 bad usage or input.

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_USAGE = 2;

export class BakeoffError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command line, bad option value, unknown scenario, unreadable input file: exit 2. */
export class UsageError extends BakeoffError {
  readonly problems: string[];
  constructor(problems: string | string[], options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.length === 1 ? list[0]! : `${list.length} problems:\n${list.map((p) => `  - ${p}`).join('\n')}`, EXIT_USAGE, options);
    this.problems = list;
  }
}

/** The target database cannot be reached or used: exit 2 (it is the user's input that is wrong). */
export class TargetError extends BakeoffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT_USAGE, options);
  }
}

/** The run itself failed after it started: exit 1. */
export class RunFailedError extends BakeoffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT_RUN_FAILED, options);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

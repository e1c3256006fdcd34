// Forks a Node child process that runs one of our TypeScript modules (through core/process/ts-bootstrap.mjs)
// with an IPC channel. Stdout is ignored so a child can never corrupt `--json` output; the tail of stderr
// is kept so a crashing child can be explained.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BOOTSTRAP = fileURLToPath(new URL('./ts-bootstrap.mjs', import.meta.url));

export interface ForkedChild {
  child: ChildProcess;
  /** The last lines the child wrote to stderr (for error messages). */
  stderrTail(): string;
}

/** `modulePath` is an absolute file path of a .ts module; `args` follow it in the child's argv. */
export function forkTs(modulePath: string, args: string[] = []): ForkedChild {
  const child = fork(BOOTSTRAP, [pathToFileURL(modulePath).href, ...args], {
    // Our own execArgv only: a parent started under a test runner or a debugger must not pass its flags on.
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-2000);
  });
  return { child, stderrTail: () => tail.trim().split('\n').slice(-5).join(' | ') };
}

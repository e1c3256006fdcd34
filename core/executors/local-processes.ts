// Runs each slice in its own local worker process (child_process.fork), for when one Node process cannot
// make enough load: every worker has its own event loop, pool and connections. Workers are forked per
// trial, prepare, wait at the ready barrier until all are prepared, run, ship their results as JSON over
// IPC, and exit. A worker that fails or dies fails the trial with its reason; the others are told to stop.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { forkTs } from '../process/fork-ts.ts';
import type { Target } from '../targets/target.ts';
import type { Executor, ExecutorRunOptions, SliceRequest, SliceResult } from './executor.ts';
import type { FromWorker, ToWorker } from './worker-messages.ts';
import { connectionOf } from './worker-target.ts';

const WORKER_MODULE = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
// The runner registry lives with the scenarios; core only names the file, it does not import it.
const DEFAULT_REGISTRY = fileURLToPath(new URL('../../scenarios/slice-runners.ts', import.meta.url));

export interface LocalProcessesOptions {
  target: Target;
  /** Absolute path of a module exporting `findSliceRunner(name)`; default scenarios/slice-runners.ts. */
  registryModule?: string;
}

export function createLocalProcessesExecutor(options: LocalProcessesOptions): Executor {
  const registry = options.registryModule ?? DEFAULT_REGISTRY;
  return {
    kind: 'local-processes',
    run(requests: readonly SliceRequest[], run: ExecutorRunOptions): Promise<SliceResult[]> {
      const connection = connectionOf(options.target);
      return new Promise((resolve, reject) => {
        const results: Array<SliceResult | undefined> = requests.map(() => undefined);
        const failures: string[] = [];
        const done = requests.map(() => 0);
        let ready = 0;
        let finished = 0;
        let released = false;
        const workers = requests.map((request, i) => {
          const worker = forkTs(WORKER_MODULE, [pathToFileURL(registry).href]);
          const send = (message: ToWorker) => {
            if (worker.child.connected) worker.child.send(message);
          };
          worker.child.on('message', (message: FromWorker) => {
            switch (message.type) {
              case 'ready':
                ready += 1;
                maybeRelease();
                break;
              case 'progress':
                done[i] = message.done;
                run.onProgress?.(done.reduce((a, b) => a + b, 0));
                break;
              case 'result':
                results[i] = message.result;
                break;
              case 'error':
                fail(`worker ${i + 1}: ${message.message}`);
                break;
            }
          });
          worker.child.on('exit', (code, signal) => {
            if (!results[i] && !failures.some((f) => f.startsWith(`worker ${i + 1}:`))) {
              const tail = worker.stderrTail();
              fail(`worker ${i + 1} exited (${signal ?? `code ${code}`}) before sending a result${tail ? `: ${tail}` : ''}`);
            }
            finished += 1;
            if (finished === requests.length) settle();
          });
          worker.child.on('error', (err) => fail(`worker ${i + 1}: ${err.message}`));
          send({ type: 'run', request, connection });
          return { send };
        });

        function maybeRelease() {
          if (released || ready < requests.length) return;
          released = true;
          for (const w of workers) w.send({ type: 'go' });
        }
        function fail(reason: string) {
          failures.push(reason);
          // One slice failing fails the trial: the others stop rather than run on alone.
          for (const w of workers) w.send({ type: 'abort' });
        }
        const onAbort = () => {
          for (const w of workers) w.send({ type: 'abort' });
        };
        run.signal.addEventListener('abort', onAbort, { once: true });
        function settle() {
          run.signal.removeEventListener('abort', onAbort);
          if (failures.length > 0) reject(new Error(failures.join('; ')));
          else resolve(results as SliceResult[]);
        }
      });
    },
  };
}

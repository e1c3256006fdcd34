// A local load worker (a child process forked by local-processes.ts): receives one SliceRequest and the
// connection, runs the scenario's slice runner with the coordinator's ready barrier, sends the result back
// and exits. argv[2] is the file URL of the runner registry module (exports `findSliceRunner(name)`).
import { errorMessage } from '../errors.ts';
import type { SliceRunner } from './executor.ts';
import type { FromWorker, ToWorker } from './worker-messages.ts';
import { targetFromConnection } from './worker-target.ts';

const registryUrl = process.argv[2];
if (!registryUrl || !process.send) {
  process.stderr.write('worker-process must be forked with an IPC channel and a runner registry module\n');
  process.exit(2);
}

const send = (message: FromWorker) =>
  new Promise<void>((resolve) => {
    process.send!(message, undefined, undefined, () => resolve());
  });

const controller = new AbortController();
let go!: () => void;
const started = new Promise<void>((resolve) => (go = resolve));

// The coordinator going away (a crash, Ctrl-C twice) must not leave a worker loading the database.
process.on('disconnect', () => process.exit(1));
let exitCode = 0;

process.on('message', (raw: ToWorker) => {
  if (raw.type === 'go') go();
  else if (raw.type === 'abort') {
    controller.abort();
    go();
  } else if (raw.type === 'run') void runSlice(raw);
});

async function runSlice(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  try {
    const registry = (await import(registryUrl!)) as { findSliceRunner(name: string): SliceRunner | undefined };
    const runner = registry.findSliceRunner(message.request.scenario);
    if (!runner) throw new Error(`No slice runner for scenario "${message.request.scenario}"`);
    let lastProgress = 0;
    const result = await runner(message.request, {
      target: targetFromConnection(message.connection),
      signal: controller.signal,
      ready: async () => {
        await send({ type: 'ready' });
        await started;
      },
      progress: (done) => {
        const now = performance.now();
        if (now - lastProgress < 250) return;
        lastProgress = now;
        void send({ type: 'progress', done });
      },
    });
    await send({ type: 'result', result });
  } catch (err) {
    exitCode = 1;
    await send({ type: 'error', message: errorMessage(err) });
  }
  // Exit now, whatever a runner left open (timers, sockets): the result has been handed over.
  process.exit(exitCode);
}

// Starts and stops the pool-size HTTP service in its own process (http-child.ts) for one --http trial.
import { fileURLToPath } from 'node:url';
import { forkTs } from '../../core/process/fork-ts.ts';
import type { ServiceStats } from '../../core/http-service/service.ts';
import type { FromService, ServiceStartMessage } from './http-child.ts';

const CHILD = fileURLToPath(new URL('./http-child.ts', import.meta.url));

export interface ServiceProcess {
  url: string;
  /** Stops the service after its work in flight; resolves with its final stats (undefined if it died). */
  stop(): Promise<ServiceStats | undefined>;
}

export function startServiceProcess(start: Omit<ServiceStartMessage, 'type'>): Promise<ServiceProcess> {
  const forked = forkTs(CHILD);
  const { child } = forked;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      reject(new Error(`the HTTP service process exited (${signal ?? `code ${code}`}) before listening${forked.stderrTail() ? `: ${forked.stderrTail()}` : ''}`));
    };
    child.on('exit', onExit);
    child.on('message', (message: FromService) => {
      if (message.type === 'error') reject(new Error(`the HTTP service could not start: ${message.message}`));
      if (message.type !== 'listening') return;
      child.off('exit', onExit);
      resolve({
        url: message.url,
        stop: () =>
          new Promise<ServiceStats | undefined>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(undefined);
            let stats: ServiceStats | undefined;
            child.on('message', (m: FromService) => {
              if (m.type === 'stopped') stats = m.stats;
            });
            child.once('exit', () => done(stats));
            if (child.connected) child.send({ type: 'stop' });
            // A service that does not stop in time is killed: a trial must end.
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
    child.send({ type: 'start', ...start } satisfies ServiceStartMessage);
  });
}

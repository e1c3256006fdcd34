// The HTTP service process of a pool-size --http trial (forked by http-service-process.ts): one pool of
// the variant's size (or a connection per request) and GET /op running the pool-size operation mix, in
// its own process so the service and autocannon do not share an event loop.
import pg from 'pg';
import { errorMessage } from '../../core/errors.ts';
import { targetFromConnection, type WorkerConnection } from '../../core/executors/worker-target.ts';
import { startHttpService, type RunningService, type ServiceStats } from '../../core/http-service/service.ts';
import { createRunPool, runConnectionConfig } from '../../core/pg-connect.ts';
import type { PoolSizeOptions } from './options.ts';
import { findHttpWork } from '../http-works.ts';

export interface ServiceStartMessage {
  type: 'start';
  connection: WorkerConnection;
  schema: string;
  applicationName: string;
  poolSize: number | null;
  options: PoolSizeOptions;
  seed: number;
  sampleEveryMs: number;
}
export type ToService = ServiceStartMessage | { type: 'stop' };
/** `stopped` carries the final stats, taken after the work in flight has finished. */
export type FromService = { type: 'listening'; url: string } | { type: 'error'; message: string } | { type: 'stopped'; stats?: ServiceStats };

if (process.send) {
  let service: RunningService | undefined;
  let pool: pg.Pool | undefined;
  const send = (m: FromService) => new Promise<void>((resolve) => process.send!(m, undefined, undefined, () => resolve()));
  process.on('disconnect', () => process.exit(1));
  process.on('message', (message: ToService) => {
    if (message.type === 'start') {
      void (async () => {
        try {
          const target = targetFromConnection(message.connection);
          const config = runConnectionConfig(target, message.schema, { application_name: message.applicationName });
          const { work, counters } = findHttpWork('pool-size')!(message.schema, message.options, message.seed);
          if (message.poolSize !== null) {
            Object.assign(config, { max: message.poolSize, connectionTimeoutMillis: message.options.acquireTimeoutMs, idleTimeoutMillis: 0 });
            pool = createRunPool(config);
            // Warm the pool as a running service would be; a refused connection surfaces in the first requests.
            const warm = await Promise.allSettled(Array.from({ length: message.poolSize }, () => pool!.connect()));
            for (const w of warm) if (w.status === 'fulfilled') w.value.release();
          }
          service = await startHttpService({
            source: pool ? { kind: 'pool', pool } : { kind: 'per-request', config },
            work,
            ...(counters ? { counters } : {}),
            sampleEveryMs: message.sampleEveryMs,
          });
          await send({ type: 'listening', url: service.url });
        } catch (err) {
          await send({ type: 'error', message: errorMessage(err) });
          process.exit(1);
        }
      })();
    } else if (message.type === 'stop') {
      void (async () => {
        await service?.close().catch(() => undefined);
        const stats = service?.stats();
        await pool?.end().catch(() => undefined);
        await send({ type: 'stopped', ...(stats ? { stats } : {}) });
        process.exit(0);
      })();
    }
  });
}

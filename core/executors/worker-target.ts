// The database connection a worker needs, carried apart from the (secret-free) SliceRequest. The
// password is copied out of the target's non-enumerable field only to hand it to a worker, and put back
// into a non-enumerable field on the other side, so neither side can print it by accident.
import type { ClientConfig } from 'pg';
import { hiddenPasswordConfig, type Target, type TargetKind } from '../targets/target.ts';

/** A plain, serializable connection (host, port, user, database, ssl) plus the password. Never log it. */
export interface WorkerConnection {
  kind: TargetKind;
  displayName: string;
  config: Omit<ClientConfig, 'password'>;
  password?: string;
}

export function connectionOf(target: Target): WorkerConnection {
  const config = target.connectionConfig();
  const password = typeof config.password === 'string' ? config.password : undefined;
  // The spread copies enumerable fields only (the password is not one); a custom stream cannot cross a process.
  const { stream: _stream, ...plain } = { ...config } as ClientConfig & { stream?: unknown };
  delete plain.password;
  return { kind: target.kind, displayName: target.displayName, config: plain, ...(password !== undefined ? { password } : {}) };
}

export function targetFromConnection(connection: WorkerConnection): Target {
  const { password } = connection;
  return {
    kind: connection.kind,
    displayName: connection.displayName,
    secrets: password ? [password, encodeURIComponent(password)] : [],
    connectionConfig: (overrides = {}) => hiddenPasswordConfig({ ...connection.config, ...overrides }, password),
    async stop() {
      // The worker borrows the coordinator's target; stopping it is the coordinator's job.
    },
  };
}

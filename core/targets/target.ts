// A target is a Postgres that a run measures: one pg-bakeoff started itself (embedded), one named by
// URL, or (later) one deployed on AWS. Scenarios only ever see this interface.
import type { ClientConfig } from 'pg';
import type { DataApiConnection } from '../drivers/data-api/data-api-connection.ts';

export type TargetKind = 'embedded' | 'url' | 'aws';

export interface Target {
  readonly kind: TargetKind;
  /** Safe to print: host, port, database and user, never the password. */
  readonly displayName: string;
  /**
   * A fresh pg connection config for this target. The password is a non-enumerable property, so
   * logging or JSON-serializing the config never shows it.
   */
  connectionConfig(overrides?: Partial<ClientConfig>): ClientConfig;
  /** Where the RDS Data API reaches this database, when it can (AWS targets); needed by `--driver data-api`. */
  readonly dataApi?: DataApiConnection;
  /** Known secrets (the password), so error text can be scrubbed of them before it is shown. */
  readonly secrets: readonly string[];
  /** Releases what the target holds (stops an embedded server, removes its data). Idempotent. */
  stop(): Promise<void>;
}

/** Builds a connection config whose password cannot be printed by accident. */
export function hiddenPasswordConfig(base: ClientConfig, password: string | undefined): ClientConfig {
  const config: ClientConfig = { ...base };
  if (password !== undefined) {
    Object.defineProperty(config, 'password', { value: password, enumerable: false, writable: true, configurable: true });
  }
  return config;
}

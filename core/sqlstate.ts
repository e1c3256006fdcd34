// Classifies what went wrong with an operation into a stable error kind, keyed by SQLSTATE where the
// server gave one, so reports count "40001 serialization_failure" rather than free-text messages.

const SQLSTATE_NAMES: Record<string, string> = {
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23502': 'not_null_violation',
  '23514': 'check_violation',
  '22001': 'string_data_right_truncation',
  '22P02': 'invalid_text_representation',
  '53300': 'too_many_connections',
  '53400': 'configuration_limit_exceeded',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  '08000': 'connection_exception',
  '08003': 'connection_does_not_exist',
  '08006': 'connection_failure',
  '25P02': 'in_failed_sql_transaction',
  '42P01': 'undefined_table',
  '42601': 'syntax_error',
  '54000': 'program_limit_exceeded',
  '08P01': 'protocol_violation',
};

/** SQLSTATEs after which retrying the whole transaction is the right thing to do. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

export function sqlstateOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The connection or the server went away (terminated backend, server shutting down or unreachable,
 * socket closed, connect timeout). After one of these the run checks whether the target comes back.
 */
export function isConnectionFault(err: unknown): boolean {
  const code = sqlstateOf(err);
  if (code) return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
  const sysCode = (err as { code?: unknown } | null)?.code;
  if (typeof sysCode === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(sysCode)) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /Connection terminated|not queryable|connection error|Query read timeout|timeout expired|ECONNREFUSED|ECONNRESET/i.test(message);
}

/**
 * An error that says something about the moment, not about the variant: a lost connection, a lock or
 * statement timeout, a serialization failure, too many connections. A fixed-work trial that hits one is
 * a failed trial (its error counted), and the variant goes on; any other error fails the variant.
 */
export function isTransientFault(err: unknown): boolean {
  if (isConnectionFault(err)) return true;
  const code = sqlstateOf(err);
  return code !== undefined && TRANSIENT_SQLSTATES.has(code);
}

const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03', '57014', '53300', '53400']);

export function isRetryable(err: unknown): boolean {
  const code = sqlstateOf(err);
  return code !== undefined && RETRYABLE_SQLSTATES.has(code);
}

/**
 * A short stable key for an error: "40001 serialization_failure", "pool_acquire_timeout",
 * "connection_error", "connect_timeout", "client_timeout" or "other: <first words of the message>".
 */
export function classifyError(err: unknown): string {
  const code = sqlstateOf(err);
  if (code) return `${code} ${SQLSTATE_NAMES[code] ?? 'sqlstate'}`;
  // Drivers other than pg (the RDS Data API) classify their own transport errors into these kinds.
  const ownKind = (err as { errorKind?: unknown } | null)?.errorKind;
  if (typeof ownKind === 'string' && ownKind.length > 0) return ownKind;
  const message = err instanceof Error ? err.message : String(err);
  const sysCode = (err as { code?: unknown } | null)?.code;
  if (/timeout exceeded when trying to connect/i.test(message)) return 'pool_acquire_timeout';
  if (typeof sysCode === 'string' && /^E[A-Z]+$/.test(sysCode)) return `connection_error ${sysCode}`;
  if (/Connection terminated|not queryable|connection error|ECONNRESET|ECONNREFUSED/i.test(message)) return 'connection_error';
  // pg's own words for its connectionTimeoutMillis expiring while opening a connection.
  if (/^timeout expired$|Connection terminated due to connection timeout/i.test(message)) return 'connect_timeout';
  if (/Query read timeout|timeout/i.test(message)) return 'client_timeout';
  return `other: ${message.slice(0, 60)}`;
}

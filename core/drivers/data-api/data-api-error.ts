// Maps RDS Data API errors onto the error kinds pg errors get (core/sqlstate.ts), so a report counts
// "40001 serialization_failure" whichever driver ran. The Data API reports a database error as
// DatabaseErrorException (older clusters: BadRequestException) whose message ends with
// `; SQLState: 40001`; that code becomes `code`, exactly where pg puts it. Errors of the service itself
// (the 45 s call limit, an unavailable or resuming cluster) get the kinds pg's transport errors get.
import { errorMessage } from '../../errors.ts';

const SQLSTATE_IN_MESSAGE = /SQLState:\s*([0-9A-Z]{5})\b/i;

/** Service errors that mean "could not reach or use the database", as pg's connection errors do. */
const CONNECTION_ERRORS = new Set([
  'DatabaseUnavailableException',
  'DatabaseResumingException',
  'ServiceUnavailableError',
  'InternalServerErrorException',
  'HttpEndpointNotEnabledException',
  'DatabaseNotFoundException',
]);

export class DataApiError extends Error {
  /** SQLSTATE, when the database reported one (read by core/sqlstate.ts like a pg error's code). */
  readonly code?: string;
  /** The kind core/sqlstate.ts reports for errors without a SQLSTATE. */
  readonly errorKind?: string;
  /** The Data API's exception name, e.g. DatabaseErrorException. */
  readonly awsErrorName: string;

  constructor(message: string, fields: { code?: string; errorKind?: string; awsErrorName: string; cause?: unknown }) {
    super(message, { cause: fields.cause });
    this.name = 'DataApiError';
    if (fields.code) this.code = fields.code;
    if (fields.errorKind) this.errorKind = fields.errorKind;
    this.awsErrorName = fields.awsErrorName;
  }
}

/** The SQLSTATE inside a Data API error message, if any. */
export function sqlstateFromMessage(message: string): string | undefined {
  return SQLSTATE_IN_MESSAGE.exec(message)?.[1]?.toUpperCase();
}

/** Wraps an error thrown by RDSDataClient; network errors (ECONNREFUSED, ...) pass through untouched. */
export function toDataApiError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const awsErrorName = err.name;
  const fault = (err as { $fault?: unknown }).$fault;
  // Not a service response (socket errors keep their Node `code`, which sqlstate.ts already knows).
  if (fault !== 'client' && fault !== 'server') return err;
  const message = errorMessage(err);
  const code = sqlstateFromMessage(message);
  let errorKind: string | undefined;
  if (!code) {
    if (awsErrorName === 'StatementTimeoutException') errorKind = 'client_timeout';
    else if (CONNECTION_ERRORS.has(awsErrorName)) errorKind = `connection_error ${awsErrorName}`;
    else if (awsErrorName === 'TransactionNotFoundException') errorKind = 'transaction_not_found';
    else if (/response size limit/i.test(message)) errorKind = 'response_too_large';
  }
  // The service's own words first: reports keep the start of a message as the error kind.
  const text = message === awsErrorName || message === 'UnknownError' ? `${awsErrorName} from the RDS Data API` : `${message} (${awsErrorName})`;
  return new DataApiError(text, { code, errorKind, awsErrorName, cause: err });
}

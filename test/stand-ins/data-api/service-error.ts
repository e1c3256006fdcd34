// Errors the Data API stand-in answers with, in the restJson1 shape the AWS SDK parses: an HTTP status,
// the exception name in `x-amzn-ErrorType`, and `{"message": ...}` in the body. Names and statuses are
// the ones in the RDS Data API's service model (client-rds-data's error schemas).

export class ServiceError extends Error {
  readonly status: number;
  readonly errorType: string;
  readonly extra: Record<string, unknown>;

  constructor(errorType: string, status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = errorType;
    this.errorType = errorType;
    this.status = status;
    this.extra = extra;
  }

  static badRequest(message: string): ServiceError {
    return new ServiceError('BadRequestException', 400, message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, ...this.extra };
  }
}

/** A Postgres error as the Data API reports it: DatabaseErrorException, message ending in `; SQLState: XXXXX`. */
export function databaseError(err: { message: string; code?: string; detail?: string; position?: string }): ServiceError {
  let text = `ERROR: ${err.message}`;
  if (err.detail) text += `\n  Detail: ${err.detail}`;
  if (err.position) text += `\n  Position: ${err.position}`;
  return new ServiceError('DatabaseErrorException', 400, err.code ? `${text}; SQLState: ${err.code}` : text);
}

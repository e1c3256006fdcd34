// The parts of the Lambda context object our handlers use (the runtime passes more). Declared here so
// core/ needs no @types/aws-lambda, and tests can pass a plain object.
export interface LambdaContext {
  functionName: string;
  awsRequestId: string;
  /** As a string, e.g. "1024". */
  memoryLimitInMB: string;
  getRemainingTimeInMillis(): number;
}

/** A handler as the Node.js Lambda runtime calls it (async form). */
export type LambdaHandler<E, R> = (event: E, context?: LambdaContext) => Promise<R>;

/** Lazily creates a value on first use and keeps it for the container's life; a failure is retried next time. */
export function perContainer<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create().catch((err: unknown) => {
      value = undefined;
      throw err;
    });
    return value;
  };
}

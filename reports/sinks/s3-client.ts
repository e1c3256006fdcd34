// The S3 client for report sinks. Region and credentials come from the AWS SDK's usual chain
// (AWS_REGION, AWS_PROFILE, instance roles ...); an endpoint override (AWS_ENDPOINT_URL_S3, read by
// core/config.ts) points it at an S3-compatible server, which needs path-style addressing and no
// default request checksums (s3rver, MinIO).
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { readEnvironment } from '../../core/config.ts';
import { errorMessage } from '../../core/errors.ts';

export interface S3ClientSettings {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(settings: S3ClientSettings = { endpoint: readEnvironment().s3Endpoint }): S3Client {
  return new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Fail in seconds on an unreachable endpoint rather than hang a finished run.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

/** One sentence for an S3 failure, with what to check. */
export function describeS3Error(err: unknown): string {
  const message = errorMessage(err);
  const name = err instanceof Error ? err.name : '';
  if (name === 'NoSuchBucket') return 'the bucket does not exist';
  if (name === 'NoSuchKey' || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return 'no such object';
  if (name === 'AccessDenied' || name === 'Forbidden' || name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
    return `access denied (${name}); check the AWS credentials and the bucket policy`;
  }
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) return `no usable AWS credentials (${message}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`;
  if (/region is missing/i.test(message)) return 'no AWS region configured; set AWS_REGION';
  const code = (err as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || /timed? ?out/i.test(message)) {
    return `cannot reach the S3 endpoint (${code ?? message})`;
  }
  return `${name && name !== 'Error' ? `${name}: ` : ''}${message}`;
}

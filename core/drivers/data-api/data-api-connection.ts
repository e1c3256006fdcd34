// Where the RDS Data API driver sends its calls: an Aurora cluster ARN, the Secrets Manager secret that
// holds the database credentials, and the database name. No password ever passes through pg-bakeoff:
// the Data API reads the secret itself, with the caller's IAM permissions.

export interface DataApiConnection {
  /** The Aurora DB cluster ARN (arn:aws:rds:<region>:<account>:cluster:<id>). */
  resourceArn: string;
  /** The Secrets Manager secret ARN with the database user's credentials. */
  secretArn: string;
  database: string;
  /** AWS region; taken from the cluster ARN when not given. */
  region?: string;
  /** Endpoint override (a VPC endpoint, or a local protocol-level stand-in in tests). */
  endpoint?: string;
  /** Explicit credentials; the AWS SDK's default chain when not given. */
  credentials?: StaticCredentials;
}

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The region part of an ARN, e.g. `eu-west-1` from `arn:aws:rds:eu-west-1:...`. */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

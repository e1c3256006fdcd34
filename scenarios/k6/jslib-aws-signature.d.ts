// Types for the one remote jslib module the k6 scripts import: SigV4 signing for the IAM-authenticated
// Lambda Function URL. Only the parts used here, after k6's jslib documentation for aws 0.14.0
// (SignatureV4 constructor and sign, Endpoint). A script file (no imports/exports), so this declaration
// is ambient and matches the URL specifier.

declare module 'https://jslib.k6.io/aws/0.14.0/signature.js' {
  /** `{scheme}://{hostname}[:{port}]` of the service. */
  export class Endpoint {
    constructor(url: string);
  }

  export interface AwsCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }

  export interface SignatureV4Options {
    service: string;
    region: string;
    credentials: AwsCredentials;
    uriEscapePath?: boolean;
    applyChecksum?: boolean;
  }

  export interface UnsignedRequest {
    method: string;
    endpoint: Endpoint;
    path: string;
    headers: Record<string, string>;
    body?: string | ArrayBuffer | null;
    query?: Record<string, string | string[]>;
  }

  export interface SignedRequest {
    url: string;
    headers: Record<string, string>;
  }

  export class SignatureV4 {
    constructor(options: SignatureV4Options);
    sign(request: UnsignedRequest, options?: { signingDate?: Date; signingService?: string; signingRegion?: string }): SignedRequest;
  }
}

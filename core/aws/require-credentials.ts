// Before `bakeoff deploy|destroy` starts the CDK CLI: make sure the AWS SDK's default chain (environment,
// SSO, web identity, ~/.aws files, container or instance metadata) yields credentials, and say how to get
// some when it does not, instead of letting the CDK fail later with a longer message. Nothing about the
// credentials is printed or kept.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { UsageError, errorMessage } from '../errors.ts';

export async function requireAwsCredentials(options: { profile?: string } = {}): Promise<void> {
  try {
    const identity = await defaultProvider(options.profile ? { profile: options.profile } : {})();
    if (!identity.accessKeyId) throw new Error('the credential chain returned no access key');
  } catch (err) {
    throw new UsageError(
      [
        `No AWS credentials found${options.profile ? ` for profile "${options.profile}"` : ''} (${firstLine(errorMessage(err))}).`,
        'The AWS stacks need an AWS account: run `aws configure` (or `aws sso login --profile <name>`), or set AWS_ACCESS_KEY_ID and',
        'AWS_SECRET_ACCESS_KEY (and AWS_REGION), or pass --profile <name>; then run `npx cdk bootstrap` once per account and region.',
      ].join('\n'),
      { cause: err },
    );
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

// `bakeoff deploy` and `bakeoff destroy`: `cdk deploy --all` / `cdk destroy --all` with the pinned CDK
// CLI, after checking that AWS credentials exist. Any other arguments go to the CDK unchanged
// (`--profile x`, `-c bakeoff:maxAcu=8`, `--require-approval never`, `--force`, `--help`).
import { runCdk } from '../../core/aws/cdk-cli.ts';
import { requireAwsCredentials } from '../../core/aws/require-credentials.ts';
import { EXIT_OK, EXIT_RUN_FAILED } from '../../core/errors.ts';

export type StackCommand = 'deploy' | 'destroy';

export function cdkArgs(command: StackCommand, passThrough: string[]): string[] {
  return [command, '--all', ...passThrough];
}

/** `--profile x` or `--profile=x` among the pass-through arguments, so the check uses the same profile as the CDK. */
export function profileOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--profile') return args[i + 1];
    if (arg.startsWith('--profile=')) return arg.slice('--profile='.length);
  }
  return undefined;
}

export async function stackCommand(command: StackCommand, passThrough: string[]): Promise<number> {
  const profile = profileOf(passThrough);
  await requireAwsCredentials(profile ? { profile } : {});
  const code = await runCdk(cdkArgs(command, passThrough));
  return code === 0 ? EXIT_OK : EXIT_RUN_FAILED;
}

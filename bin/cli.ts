// The CLI entry: parses the command line, wires the commands, and turns errors into exit codes
// (0 ok, 1 run failed or regression found, 2 bad usage or input). Stack traces only with --verbose.
import { Command, CommanderError } from 'commander';
import { BakeoffError, EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE, UsageError, errorMessage } from '../core/errors.ts';
import { maskText } from '../core/redact.ts';
import { toolVersion } from '../core/tool-version.ts';
import { cleanupCommand, DEFAULT_OLDER_THAN_HOURS, type CleanupFlags } from './commands/cleanup.ts';
import { compareCommand, type CompareFlags } from './commands/compare.ts';

import { stackCommand } from './commands/deploy.ts';
import { listCommand } from './commands/list.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';

export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

// Every command that can print "run with --verbose" accepts it (run takes it with its scenario options).
const VERBOSE_FLAG = '--verbose';
const VERBOSE_HELP = 'stack traces on errors';

export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const verbose = argv.includes('--verbose');
  let exitCode = EXIT_OK;
  const program = new Command('bakeoff')
    .description('Settle Postgres choices with measurements on your own database.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined })
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it: `bakeoff deploy --version` asks the CDK, not bakeoff.
    .enablePositionalOptions();

  program
    .command('list')
    .description('list the scenarios with their options')
    .action(() => {
      io.stdout.write(listCommand());
    });

  program
    .command('run')
    .description('run a scenario: bakeoff run <scenario> [options] (see bakeoff list)')
    .argument('<scenario>', 'scenario name')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption(false)
    .action(async (name: string, _options: unknown, command: Command) => {
      exitCode = await runCommand(name, command.args.slice(1), io);
    });

  program
    .command('report')
    .description('re-render report.md and report.html of a run (in place, also on S3) and print its table')
    .argument('<run>', 'run folder, report.json or s3://bucket/prefix')
    .option(VERBOSE_FLAG, VERBOSE_HELP)
    .action(async (location: string) => {
      io.stdout.write(await reportCommand(location));
    });

  program
    .command('cleanup')
    .description('list run schemas (bakeoff_*) left behind in a database; --drop drops the abandoned ones')
    .option('--database-url <url>', 'the database to look in (or set DATABASE_URL)')
    .option('--older-than <hours>', `only schemas of runs that started this long ago (default ${DEFAULT_OLDER_THAN_HOURS})`)
    .option('--drop', 'drop them (only schemas pg-bakeoff marked as its own that no session is using)')
    .option(VERBOSE_FLAG, VERBOSE_HELP)
    .action(async (flags: CleanupFlags) => {
      io.stdout.write(await cleanupCommand(flags));
    });

  program
    .command('compare')
    .description('compare two runs of one scenario: per variant the change, its confidence interval and a verdict')
    .argument('<runA>', 'the baseline: run folder, report.json or s3://bucket/prefix')
    .argument('<runB>', 'the run to judge against it')
    .option('--json', 'print the comparison as JSON')
    .option('--markdown', 'print the comparison as Markdown (for a pull request or a wiki)')
    .option('--fail-on-regression <pct>', 'exit 1 when a variant got significantly worse by more than pct (e.g. 5%)')
    .option(VERBOSE_FLAG, VERBOSE_HELP)
    .action(async (a: string, b: string, flags: CompareFlags) => {
      exitCode = await compareCommand(a, b, flags, io);
    });

  for (const [name, description] of [
    ['deploy', 'deploy the AWS stacks (cdk deploy --all); other arguments go to the CDK, e.g. --profile, -c bakeoff:maxAcu=8'],
    ['destroy', 'remove the AWS stacks (cdk destroy --all); the reports bucket is kept'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .allowUnknownOption(true)
      .allowExcessArguments(true)
      .helpOption(false)
      .passThroughOptions()
      .action(async (_options: unknown, command: Command) => {
        exitCode = await stackCommand(name, command.args);
      });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return handleError(err, verbose, io);
  }
}

function handleError(err: unknown, verbose: boolean, io: CliIO): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
    io.stderr.write(`bakeoff: ${err.message.replace(/^error: /, '')}\nRun \`bakeoff --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const code = err instanceof BakeoffError ? err.exitCode : EXIT_RUN_FAILED;
  const message = maskText(errorMessage(err));
  io.stderr.write(`bakeoff: ${message}\n`);
  // A usage error is about the input, not the code: its stack would only hide the message.
  if (verbose && !(err instanceof UsageError) && err instanceof Error && err.stack) io.stderr.write(`${maskText(err.stack)}\n`);
  else if (!(err instanceof UsageError) && !(err instanceof BakeoffError)) io.stderr.write('(run with --verbose for the stack trace)\n');
  return code;
}

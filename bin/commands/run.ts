// `bakeoff run <scenario> [options]`: validates options, runs the scenario with a progress display,
// writes report.json/.md/.html, prints the table, and handles Ctrl-C (first: stop and keep a partial
// report; second: exit at once).
import path from 'node:path';
import { Command } from 'commander';
import { readEnvironment } from '../../core/config.ts';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../../core/errors.ts';
import { claimFreshOutDir, prepareOutDir } from '../../core/run/claim-out-dir.ts';
import { COMMON_OPTIONS, type CommonOptions } from '../../core/run/common-options.ts';
import { createProgressDisplay } from '../../core/run/progress-display.ts';
import { maskText } from '../../core/redact.ts';
import { resolveOptions } from '../../core/run/resolve-options.ts';
import { runScenario } from '../../core/run/run-scenario.ts';
import { buildReport } from '../../reports/build-report.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { describeLocation, runFolderName, runOutputLocation, type RunLocation } from '../../reports/report-location.ts';
import { deliverReport } from '../../reports/write-reports.ts';
import { SCENARIOS, findScenario } from '../../scenarios/index.ts';
import type { CliIO } from '../cli.ts';
import { runAwsCommand } from './run-aws.ts';

export function defaultOutDir(scenario: string, now = new Date()): string {
  return path.join('results', runFolderName(scenario, now));
}

/** Parses the scenario's flags into raw strings; validation happens after, all problems at once. */
function parseFlags(scenarioName: string, specs: typeof COMMON_OPTIONS, args: string[], io: CliIO): Record<string, unknown> | undefined {
  const command = new Command(`bakeoff run ${scenarioName}`)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined })
    .allowExcessArguments(true);
  for (const spec of specs) command.option(spec.flag, spec.description);
  let help = false;
  command.on('option:help', () => (help = true));
  command.parse(args, { from: 'user' });
  if (help) return undefined;
  if (command.args.length > 0) {
    // Commander would only say "too many arguments"; name them, since a stray word usually means a
    // value went to the wrong option (e.g. `--rows --trials 3`).
    const shown = command.args.map((a) => JSON.stringify(maskText(a.length > 40 ? `${a.slice(0, 40)}...` : a))).join(', ');
    throw new UsageError(`unexpected argument ${shown}: options take the form --name value (see \`bakeoff list\`)`);
  }
  return command.opts();
}

/** What a local run cannot do, said before an embedded server is started for nothing. */
function checkLocalTarget(common: CommonOptions): void {
  const problems: string[] = [];
  if (common.driver === 'data-api') problems.push('--driver data-api needs --target aws (the RDS Data API reaches an Aurora cluster); use --driver pg here');
  if (common.target === 'url' && !common.databaseUrl) problems.push('--target url needs --database-url (or DATABASE_URL)');
  if (common.target === 'embedded' && common.databaseUrl) problems.push('--target embedded and --database-url exclude each other');
  if (problems.length > 0) throw new UsageError(problems);
}

function deliveryFailedMessage(requested: RunLocation, kept: RunLocation, reason: string): string {
  const keptAt = describeLocation(kept);
  const retry = requested.kind === 's3' ? ` Upload it later with: aws s3 cp --recursive ${keptAt} ${describeLocation(requested)}` : '';
  return `bakeoff: could not write the report to ${describeLocation(requested)}: ${reason}\nThe run is kept locally in ${keptAt}.${retry}\n`;
}

export async function runCommand(name: string, args: string[], io: CliIO): Promise<number> {
  const scenario = findScenario(name);
  if (!scenario) {
    throw new UsageError(`Unknown scenario "${name}". Known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')} (see \`bakeoff list\`)`);
  }
  const raw = parseFlags(name, [...scenario.options, ...COMMON_OPTIONS], args, io);
  if (!raw) return EXIT_OK;
  if (raw.target === 'aws') return runAwsCommand(scenario, raw, io);
  const env = readEnvironment();
  if (raw.databaseUrl === undefined && env.databaseUrl && raw.target !== 'embedded') raw.databaseUrl = env.databaseUrl;
  const options = resolveOptions(scenario, raw);
  const { common } = options;
  checkLocalTarget(common);
  const started = new Date();
  let outLocation = runOutputLocation(common.out, scenario.name, started);
  // A local folder is claimed before the run: one that cannot be written is bad input found now, not
  // after the run; two runs started in the same second each get their own default folder.
  if (outLocation.kind === 'local') outLocation = { kind: 'local', dir: common.out ? prepareOutDir(outLocation.dir) : claimFreshOutDir(outLocation.dir) };

  const interactive = Boolean(io.stderr.isTTY) && !env.ci && !common.json;
  const progress = createProgressDisplay(io.stderr, scenario.throughputUnit, interactive);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts === 1) {
      progress.message(`\n${signal}: stopping the run and writing a partial report (press Ctrl-C again to exit at once)`);
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const outcome = await runScenario({
      scenario,
      options,
      signal: controller.signal,
      onEvent: (e) => progress.onEvent(e),
      onTarget: (t) => progress.message(`${scenario.name}: running on ${t.displayName}`),
      onRunStarted: (run) => (common.verbose ? progress.message(`run ${run.runId}: working in schema ${run.schema}`) : undefined),
      log: (m) => (common.verbose ? progress.message(m) : undefined),
      ...(env.embeddedDir ? { embeddedDir: env.embeddedDir } : {}),
    });
    progress.stop();
    const report = buildReport({
      outcome,
      common,
      scenarioOptions: options.scenario as Record<string, unknown>,
      metricColumns: scenario.metricColumns,
      baselineVariant: scenario.baselineVariant,
    });
    // Whatever happens to --out, a finished measurement is kept: locally under results/ as a fallback
    // (a local folder was claimed up front and is its own fallback).
    const fallback: RunLocation = outLocation.kind === 'local' ? outLocation : { kind: 'local', dir: defaultOutDir(scenario.name, started) };
    const delivery = await deliverReport(report, outLocation, { fallback });
    if (common.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.stdout.write(`\n${renderTerminal(report)}\n\nReports: ${delivery.files.join(', ')}\n`);
    }
    if (delivery.failed) {
      io.stderr.write(deliveryFailedMessage(delivery.failed.requested, delivery.location, delivery.failed.reason));
      return EXIT_RUN_FAILED;
    }
    return report.status === 'completed' ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

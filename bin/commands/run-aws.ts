// `bakeoff run <scenario> --target aws`: validates the options here (all problems at once), then hands
// the run to the coordinator Lambda of the deployed stack (core/aws/run-on-aws.ts), and shows and saves
// the report it wrote to S3 like a local run's. Ctrl-C stops waiting; the run itself finishes in AWS.
import { readAwsEnvironment } from '../../core/config.ts';
import { runOnAws } from '../../core/aws/run-on-aws.ts';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../../core/errors.ts';
import { resolveOptions } from '../../core/run/resolve-options.ts';
import type { Scenario } from '../../core/scenario.ts';
import { parseReportText } from '../../reports/read-report.ts';
import { renderTerminal } from '../../reports/terminal.ts';
import { writeReportDir } from '../../reports/write-reports.ts';
import type { CliIO } from '../cli.ts';
import { defaultOutDir } from './run.ts';

export async function runAwsCommand(scenario: Scenario<any>, raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const options = resolveOptions(scenario, raw);
  const { common } = options;
  if (common.databaseUrl) throw new UsageError('--database-url and --target aws exclude each other: on AWS the database is the stack\'s Aurora cluster');
  const s3Out = common.out?.startsWith('s3://') ? common.out : undefined;

  const controller = new AbortController();
  let reportUrl = '';
  const onSignal = () => {
    io.stderr.write(`\nStopped waiting. The run goes on in AWS until it ends; its report will be at ${reportUrl || 'the reports bucket'}\n`);
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { result, reportText } = await runOnAws({
      scenario: scenario.name,
      specs: scenario.options,
      raw,
      out: s3Out,
      stackName: common.stack,
      env: readAwsEnvironment(),
      signal: controller.signal,
      onStart: (info) => {
        reportUrl = info.reportUrl;
        io.stderr.write(`${scenario.name}: running on AWS (coordinator ${info.coordinator}, region ${info.outputs.region}); report: ${info.reportUrl}\n`);
      },
    });
    const report = parseReportText(reportText, result.reportUrl);
    const files = s3Out ? result.files : await writeReportDir(common.out ?? defaultOutDir(scenario.name), report);
    if (common.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(`\n${renderTerminal(report)}\n\nReports: ${files.join(', ')}${s3Out ? '' : ` (also in ${result.reportUrl.replace(/report\.json$/, '')})`}\n`);
    return report.status === 'completed' ? EXIT_OK : EXIT_RUN_FAILED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

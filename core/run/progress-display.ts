// Shows a run's progress on stderr: a live bar (cli-progress) on a TTY, plain lines otherwise (CI, pipes),
// so stdout stays clean for the results table or --json.
import cliProgress from 'cli-progress';
import type { EngineEvent } from '../engine/run-variants.ts';
import type { RunIncident, TrialResult } from '../engine/result-model.ts';

export interface ProgressDisplay {
  onEvent(event: EngineEvent): void;
  message(text: string): void;
  stop(): void;
}

function trialLabel(event: { trial: number; warmup: boolean }, trials: number): string {
  return event.warmup ? 'warmup' : `trial ${event.trial + 1}/${trials}`;
}

function trialSummary(result: TrialResult, unit: string): string {
  if (result.failure !== undefined) return `did not complete (${result.failure}); error counted, the run goes on`;
  const rate = Math.round(result.throughput).toLocaleString('en-US');
  const check = result.check.ok ? 'ok' : `CHECK FAILED: ${result.check.detail}`;
  return `${result.units.toLocaleString('en-US')} ${unit.replace('/s', '')} in ${(result.elapsedMs / 1000).toFixed(2)} s (${rate} ${unit}), ${check}`;
}

function incidentLine(incident: RunIncident): string {
  if (incident.kind === 'connection-lost') return `lost the database connection${incident.variant ? ` in ${incident.variant}` : ''}: ${incident.detail}`;
  if (incident.kind === 'reconnected') return `reconnected: ${incident.detail}`;
  return `the database did not come back: ${incident.detail}`;
}

export function createProgressDisplay(stream: NodeJS.WriteStream, unit: string, interactive: boolean): ProgressDisplay {
  let trials = 1;
  if (!interactive) {
    return {
      onEvent(event) {
        if (event.type === 'phase') {
          trials = event.trials;
          stream.write(`${event.phase === 'warmup' ? 'Warming up' : `Running ${event.trials} trial(s) of`} ${event.variants} variant(s)\n`);
        } else if (event.type === 'trial-end' && !event.warmup) {
          const what = event.result ? trialSummary(event.result, unit) : `error: ${event.error}`;
          stream.write(`  [${trialLabel(event, trials)}] ${event.variant}: ${what}\n`);
        } else if (event.type === 'variant-failed') {
          stream.write(`  variant ${event.variant} failed: ${event.reason}\n`);
        } else if (event.type === 'incident') {
          stream.write(`  ${incidentLine(event.incident)}\n`);
        }
      },
      message: (text) => stream.write(`${text}\n`),
      stop: () => undefined,
    };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {phase} {variant} [{bar}] {value}/{total} {unit}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let active = false;
  let current = { phase: '', variant: '' };
  const above = (text: string) => {
    // Print above the bar: clear the line, write, let the bar redraw.
    if (active) stream.write('\r\x1b[2K');
    stream.write(`${text}\n`);
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case 'phase':
          trials = event.trials;
          above(`${event.phase === 'warmup' ? 'Warming up' : `Running ${event.trials} trial(s) of`} ${event.variants} variant(s)`);
          break;
        case 'trial-start':
          current = { phase: trialLabel(event, trials), variant: event.variant };
          if (!active) {
            bar.start(1, 0, { ...current, unit: unit.replace('/s', '') });
            active = true;
          } else {
            bar.setTotal(1);
            bar.update(0, current);
          }
          break;
        case 'trial-progress':
          bar.setTotal(Math.max(event.total, 1));
          bar.update(event.done, current);
          break;
        case 'trial-end':
          if (!event.warmup) above(`  [${trialLabel(event, trials)}] ${event.variant}: ${event.result ? trialSummary(event.result, unit) : `error: ${event.error}`}`);
          break;
        case 'variant-failed':
          above(`  variant ${event.variant} failed: ${event.reason}`);
          break;
        case 'incident':
          above(`  ${incidentLine(event.incident)}`);
          break;
      }
    },
    message: above,
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}

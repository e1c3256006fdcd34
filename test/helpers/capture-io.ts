// Runs bin/cli.ts main() in-process with captured stdout/stderr: the same code path as the `bakeoff`
// command, without a child process per call (property tests make hundreds of calls).
import { main, type CliIO } from '../../bin/cli.ts';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

function captureStream(sink: { text: string }): NodeJS.WriteStream {
  return {
    isTTY: false,
    write(chunk: string | Uint8Array) {
      sink.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  } as unknown as NodeJS.WriteStream;
}

export async function runMain(argv: string[]): Promise<CapturedRun> {
  const out = { text: '' };
  const err = { text: '' };
  const io: CliIO = { stdout: captureStream(out), stderr: captureStream(err) };
  const code = await main(argv, io);
  return { code, stdout: out.text, stderr: err.text };
}

/** True if the text contains what looks like a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+(:\d+:\d+|\(native\)|<anonymous>)/.test(text);
}

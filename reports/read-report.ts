// Reads and validates a report.json from a run folder, a report.json path or an S3 prefix, turning every
// way it can be wrong (missing, empty, truncated, not JSON, another tool's file, a newer or older schema,
// a field of the wrong type, an undecodable histogram, too large) into one clear UsageError.
import fs from 'node:fs';
import { UsageError } from '../core/errors.ts';
import { describeFile, reportSource, type ReportSource } from './report-location.ts';
import { REPORT_SCHEMA_VERSION, TOOL_NAME, reportSchema, type Report } from './report-schema.ts';
import { readLocalText } from './sinks/local-dir.ts';
import { readRunText, runsUnder, type StoreOptions } from './sinks/run-store.ts';

/** Refuse anything larger: a report of a normal run is well under this. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;
const SHOWN_ISSUES = 5;

function describeJsonError(text: string, err: Error): string {
  if (text.trim() === '') return 'is empty';
  // A cut-off file fails at its very end: "Unexpected end of JSON input", "Unterminated string", or an
  // error "at position N" where N is the end of the text.
  const position = /at position (\d+)/.exec(err.message);
  const atEnd = position ? Number(position[1]) >= text.trimEnd().length : /end of (JSON )?input|Unterminated/i.test(err.message);
  if (atEnd) return `is truncated (the JSON ends early after ${text.length.toLocaleString('en-US')} characters)`;
  return `is not valid JSON (${err.message})`;
}

export function parseReportText(text: string, where: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new UsageError(`${where} ${describeJsonError(text, err as Error)}; it is not a readable pg-bakeoff report`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${where} is not a pg-bakeoff report (expected a JSON object, found ${Array.isArray(data) ? 'an array' : typeof data})`);
  }
  const record = data as Record<string, unknown>;
  const toolName = (record.tool as { name?: unknown } | undefined)?.name;
  if (toolName !== TOOL_NAME) {
    const written = typeof toolName === 'string' ? `written by "${toolName}"` : `no "tool": {"name": "${TOOL_NAME}"}`;
    throw new UsageError(`${where} is not a pg-bakeoff report (${written}); pass a run folder or the report.json that \`bakeoff run\` wrote`);
  }
  const version = record.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UsageError(`${where} has no valid schemaVersion (found ${JSON.stringify(version)}); it is damaged or not a pg-bakeoff report`);
  }
  if (version > REPORT_SCHEMA_VERSION) {
    throw new UsageError(
      `${where} has schemaVersion ${version}, newer than this pg-bakeoff reads (${REPORT_SCHEMA_VERSION}); upgrade pg-bakeoff to read it`,
    );
  }
  if (version < REPORT_SCHEMA_VERSION) {
    throw new UsageError(`${where} has schemaVersion ${version}, older than this pg-bakeoff reads (${REPORT_SCHEMA_VERSION}); re-run the scenario`);
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    // "path: message", or "path is not ..." for messages written as the end of a sentence about the path.
    const all = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}${i.message.startsWith('is ') ? ' ' : ': '}${i.message}`);
    const more = all.length > SHOWN_ISSUES ? `; and ${all.length - SHOWN_ISSUES} more` : '';
    throw new UsageError(`${where} does not match the report schema (damaged or edited?): ${all.slice(0, SHOWN_ISSUES).join('; ')}${more}`);
  }
  return parsed.data;
}

function isLocalFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface ReadReport {
  report: Report;
  source: ReportSource;
}

/** Reads a run from a local folder, a report.json path, or s3://bucket/prefix (or .../report.json). */
export async function readReport(text: string, options: StoreOptions = {}): Promise<ReadReport> {
  const source = reportSource(text, isLocalFile);
  const where = describeFile(source.location, source.file);
  let content: string;
  try {
    content = await readRunText(source.location, source.file, MAX_REPORT_BYTES, options);
  } catch (err) {
    if (err instanceof UsageError && err.message.startsWith('No report at')) {
      const runs = await runsUnder(source.location, options);
      if (runs.length > 0) throw new UsageError(`No report at ${where}; runs inside it: ${runs.join(', ')}`, { cause: err });
    }
    throw err;
  }
  return { report: parseReportText(content, where), source };
}

/** Synchronous local read (a run folder or a report.json path), for code that has no S3 to reach. */
export function readReportFile(location: string): Report {
  const source = reportSource(location, isLocalFile);
  if (source.location.kind !== 'local') throw new UsageError(`${location} is an S3 location: read it with readReport()`);
  const file = describeFile(source.location, source.file);
  return parseReportText(readLocalText(file, MAX_REPORT_BYTES), file);
}

// Reads and validates a report.json, turning every way it can be wrong into one clear UsageError.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { REPORT_SCHEMA_VERSION, TOOL_NAME, reportSchema, type Report } from './report-schema.ts';

/** Refuse anything larger: a report of a normal run is well under this. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export function parseReportText(text: string, where: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${where} is not valid JSON (truncated or corrupted?): ${(err as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${where} is not a pg-bakeoff report (expected a JSON object)`);
  }
  const record = data as Record<string, unknown>;
  const tool = record.tool as { name?: unknown } | undefined;
  if (tool?.name !== TOOL_NAME || typeof record.schemaVersion !== 'number') {
    throw new UsageError(`${where} is not a pg-bakeoff report (no "tool": {"name": "${TOOL_NAME}"} and "schemaVersion")`);
  }
  if (record.schemaVersion > REPORT_SCHEMA_VERSION) {
    throw new UsageError(
      `${where} has schemaVersion ${record.schemaVersion}, newer than this pg-bakeoff reads (${REPORT_SCHEMA_VERSION}); upgrade pg-bakeoff`,
    );
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UsageError(`${where} does not match the report schema: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Accepts a run folder or a report.json path. */
export function readReportFile(location: string): Report {
  const file = fs.existsSync(location) && fs.statSync(location).isDirectory() ? path.join(location, 'report.json') : location;
  if (!fs.existsSync(file)) throw new UsageError(`No report at ${file}`);
  const size = fs.statSync(file).size;
  if (size > MAX_REPORT_BYTES) throw new UsageError(`${file} is ${Math.round(size / 1048576)} MiB, too large to be a pg-bakeoff report`);
  return parseReportText(fs.readFileSync(file, 'utf8'), file);
}

// `bakeoff cleanup`: lists the run schemas (`bakeoff_*`) in a database named by URL, and with --drop
// drops those older than --older-than hours that pg-bakeoff marked as its own and nobody is using.
// Never automatic: two runs may share a database, and only the user knows which runs are over.
import Table from 'cli-table3';
import { readEnvironment } from '../../core/config.ts';
import { UsageError } from '../../core/errors.ts';
import { numberOption } from '../../core/option-schemas.ts';
import { DEFAULT_CONNECTION_LIMITS, connectClient, endWithin, withConnectionLimits } from '../../core/pg-connect.ts';
import { cleanupRunSchemas } from '../../core/stale-schemas.ts';
import { openUrlTarget } from '../../core/targets/url.ts';

export interface CleanupFlags {
  databaseUrl?: string;
  olderThan?: string;
  drop?: boolean;
}

export const DEFAULT_OLDER_THAN_HOURS = 24;

export async function cleanupCommand(flags: CleanupFlags): Promise<string> {
  const url = flags.databaseUrl ?? readEnvironment().databaseUrl;
  const problems: string[] = [];
  if (!url) problems.push('--database-url (or DATABASE_URL) is needed: cleanup works on a database you name');
  else if (!/^postgres(ql)?:\/\//.test(url)) problems.push('--database-url must start with postgres:// or postgresql://');
  const olderThan = numberOption(0, 1_000_000).default(DEFAULT_OLDER_THAN_HOURS).safeParse(flags.olderThan);
  if (!olderThan.success) problems.push(`--older-than ${olderThan.error.issues.map((i) => i.message).join('; ')} (got ${JSON.stringify(flags.olderThan)})`);
  if (problems.length > 0 || !url || !olderThan.success) throw new UsageError(problems);

  const target = withConnectionLimits(await openUrlTarget(url), DEFAULT_CONNECTION_LIMITS);
  const client = await connectClient(target, undefined);
  try {
    const drop = flags.drop === true;
    const rows = await cleanupRunSchemas(client, { olderThanHours: olderThan.data, drop });
    if (rows.length === 0) return `No pg-bakeoff run schemas in ${target.displayName}.\n`;
    const table = new Table({ head: ['schema', 'age', 'relations', drop ? 'action' : 'status'], style: { head: [], border: [] } });
    for (const row of rows) {
      const age = row.ageHours === undefined ? '?' : row.ageHours >= 48 ? `${(row.ageHours / 24).toFixed(1)} d` : `${row.ageHours.toFixed(1)} h`;
      table.push([row.schema, age, String(row.relations), row.action === 'listed' ? `abandoned? older than ${olderThan.data} h` : row.action]);
    }
    const dropped = rows.filter((r) => r.action === 'dropped').length;
    const candidates = rows.filter((r) => r.action === 'listed').length;
    const footer = drop
      ? `Dropped ${dropped} schema(s).`
      : candidates > 0
        ? `${candidates} schema(s) older than ${olderThan.data} h: add --drop to drop them.`
        : `None older than ${olderThan.data} h.`;
    return `${table.toString()}\n${footer}\n`;
  } finally {
    await endWithin(client, 1_000);
  }
}

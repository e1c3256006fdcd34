// Workload `transfer`: move money between two random accounts. Each committed transfer also writes a
// ledger row in the same transaction, so afterwards every account's balance can be reconciled with the
// transfers that committed. Each write also bumps the account's `version` the same way the balance is
// written (read-modify-write copies a stale read; atomic adds in the database), so the number of
// committed writes that were overwritten (lost updates) is exact: ledger writes minus version.
import type pg from 'pg';
import type { ApproachName } from '../model.ts';
import type { InvariantCheck, PrepareOptions, Workload, WorkloadTables, WorkloadTrial } from '../workload.ts';

export const INITIAL_BALANCE = 10_000;
const MAX_AMOUNT = 100;

interface AccountRow {
  id: number;
  balance: string;
  version: string;
}

/** Both accounts' rows, locked (in id order, so two transfers never deadlock) for `for-update`. */
async function readAccounts(client: pg.ClientBase, accounts: string, ids: [number, number], lock: boolean): Promise<Map<number, { balance: number; version: number }>> {
  const result = await client.query<AccountRow>(
    `SELECT id, balance, version FROM ${accounts} WHERE id = ANY($1::int[]) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
    [ids],
  );
  if (result.rows.length !== 2) throw new Error(`transfer: expected accounts ${ids.join(' and ')}, found ${result.rows.length} rows`);
  return new Map(result.rows.map((r) => [r.id, { balance: Number(r.balance), version: Number(r.version) }]));
}

function transferBody(approach: ApproachName, tables: WorkloadTables, from: number, to: number, amount: number) {
  const accounts = tables.table('accounts');
  const ledger = tables.table('transfers');
  // Rows are always written in id order: a consistent lock order keeps deadlocks (and the one-second
  // deadlock_timeout stall before they are detected) out of what is being measured.
  const ordered: [number, number] = from < to ? [from, to] : [to, from];
  const delta = (id: number) => (id === from ? -amount : amount);
  return async (client: pg.ClientBase) => {
    if (approach === 'atomic') {
      for (const id of ordered) {
        await client.query(`UPDATE ${accounts} SET balance = balance + $2, version = version + 1 WHERE id = $1`, [id, delta(id)]);
      }
    } else {
      const seen = await readAccounts(client, accounts, ordered, approach === 'for-update');
      for (const id of ordered) {
        const row = seen.get(id)!;
        await client.query(`UPDATE ${accounts} SET balance = $2, version = $3 WHERE id = $1`, [id, row.balance + delta(id), row.version + 1]);
      }
    }
    await client.query(`INSERT INTO ${ledger} (from_id, to_id, amount) VALUES ($1, $2, $3)`, [from, to, amount]);
  };
}

export const transferWorkload: Workload = {
  name: 'transfer',
  description: 'move a random amount between two random accounts; every committed transfer is also written to a ledger',
  approaches: ['read-modify-write', 'for-update', 'atomic'],
  invariant: 'the total balance is unchanged and every account equals its starting balance plus its committed transfers (no lost update)',
  minKeys: 2,

  async create(client, tables) {
    await client.query(`CREATE TABLE ${tables.table('accounts')} (id int PRIMARY KEY, balance bigint NOT NULL, version bigint NOT NULL)`);
    await client.query(
      `CREATE TABLE ${tables.table('transfers')} (id bigserial PRIMARY KEY, from_id int NOT NULL, to_id int NOT NULL, amount int NOT NULL CHECK (amount > 0))`,
    );
  },

  async prepare(client, options: PrepareOptions): Promise<WorkloadTrial> {
    const accounts = options.table('accounts');
    await client.query(`TRUNCATE ${accounts}, ${options.table('transfers')}`);
    await client.query(`INSERT INTO ${accounts} (id, balance, version) SELECT g, $2, 0 FROM generate_series(0, $1 - 1) AS g`, [options.keys.keys, INITIAL_BALANCE]);
    let written = 0;
    return {
      get ledgerRowsWritten() {
        return written;
      },
      async operation(client, transact) {
        // Inputs are chosen once: a retry repeats the same transfer, as an application would.
        const from = options.keys.pick();
        const to = options.keys.pickOther(from);
        const amount = 1 + Math.floor(Math.random() * MAX_AMOUNT);
        await transact(transferBody(options.approach, options, from, to, amount));
        written += 1;
      },
    };
  },

  async check(client, tables): Promise<InvariantCheck> {
    const accounts = tables.table('accounts');
    const ledger = tables.table('transfers');
    const result = await client.query<{ accounts: string; off: string; lost: string; drift: string; ledger_rows: string }>(
      `WITH flows AS (
         SELECT from_id AS id, -amount::bigint AS delta FROM ${ledger}
         UNION ALL
         SELECT to_id, amount FROM ${ledger}
       ), expected AS (
         SELECT a.id, $1::bigint + coalesce(sum(f.delta), 0) AS balance, count(f.delta) AS writes
         FROM ${accounts} a LEFT JOIN flows f ON f.id = a.id
         GROUP BY a.id
       )
       SELECT count(*) AS accounts,
              count(*) FILTER (WHERE a.balance <> e.balance) AS off,
              coalesce(sum(e.writes - a.version), 0) AS lost,
              coalesce(sum(a.balance), 0) - count(*) * $1::bigint AS drift,
              (SELECT count(*) FROM ${ledger}) AS ledger_rows
       FROM ${accounts} a JOIN expected e ON e.id = a.id`,
      [INITIAL_BALANCE],
    );
    const row = result.rows[0]!;
    const off = Number(row.off);
    const lost = Number(row.lost);
    const drift = Number(row.drift);
    const ledgerRows = Number(row.ledger_rows);
    const harnessProblems: string[] = [];
    // Both sides of every transfer reference an account, so transfers to unknown ids would be a harness bug.
    const orphans = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${ledger} t WHERE NOT EXISTS (SELECT 1 FROM ${accounts} a WHERE a.id = t.from_id)
          OR NOT EXISTS (SELECT 1 FROM ${accounts} a WHERE a.id = t.to_id)`,
    );
    if (Number(orphans.rows[0]!.n) > 0) harnessProblems.push(`${orphans.rows[0]!.n} ledger rows name accounts that do not exist`);
    if (lost < 0) harnessProblems.push(`accounts show ${-lost} more writes than the ledger holds`);
    const detail =
      off === 0
        ? `${row.accounts} accounts match ${ledgerRows} committed transfers; total unchanged`
        : `${off} of ${row.accounts} accounts disagree with the ${ledgerRows} committed transfers: ${lost} lost updates, total drifted by ${drift}`;
    return { violations: off, metrics: { lostUpdates: lost, totalDrift: drift }, ledgerRows, harnessProblems, detail };
  },
};

// Workload `counter`: increment one of a few hot counters by one. Each committed increment also writes a
// ledger row in the same transaction, so a counter's final value must equal its ledger rows; every
// increment short of that is a lost update.
import type pg from 'pg';
import type { ApproachName } from '../model.ts';
import type { InvariantCheck, PrepareOptions, Workload, WorkloadTables, WorkloadTrial } from '../workload.ts';

function incrementBody(approach: ApproachName, tables: WorkloadTables, id: number) {
  const counters = tables.table('counters');
  const ledger = tables.table('increments');
  return async (client: pg.ClientBase) => {
    if (approach === 'atomic') {
      await client.query(`UPDATE ${counters} SET value = value + 1 WHERE id = $1`, [id]);
    } else {
      const read = await client.query<{ value: string }>(`SELECT value FROM ${counters} WHERE id = $1${approach === 'for-update' ? ' FOR UPDATE' : ''}`, [id]);
      if (read.rows.length !== 1) throw new Error(`counter: counter ${id} does not exist`);
      await client.query(`UPDATE ${counters} SET value = $2 WHERE id = $1`, [id, Number(read.rows[0]!.value) + 1]);
    }
    await client.query(`INSERT INTO ${ledger} (counter_id) VALUES ($1)`, [id]);
  };
}

export const counterWorkload: Workload = {
  name: 'counter',
  description: 'add one to a random hot counter; every committed increment is also written to a ledger',
  approaches: ['read-modify-write', 'for-update', 'atomic'],
  invariant: 'every counter equals the number of committed increments (no lost update)',
  minKeys: 1,

  async create(client, tables) {
    await client.query(`CREATE TABLE ${tables.table('counters')} (id int PRIMARY KEY, value bigint NOT NULL)`);
    await client.query(`CREATE TABLE ${tables.table('increments')} (id bigserial PRIMARY KEY, counter_id int NOT NULL)`);
  },

  async prepare(client, options: PrepareOptions): Promise<WorkloadTrial> {
    const counters = options.table('counters');
    await client.query(`TRUNCATE ${counters}, ${options.table('increments')}`);
    await client.query(`INSERT INTO ${counters} (id, value) SELECT g, 0 FROM generate_series(0, $1 - 1) AS g`, [options.keys.keys]);
    let written = 0;
    return {
      get ledgerRowsWritten() {
        return written;
      },
      async operation(client, transact) {
        const id = options.keys.pick();
        await transact(incrementBody(options.approach, options, id));
        written += 1;
      },
    };
  },

  async check(client, tables): Promise<InvariantCheck> {
    const counters = tables.table('counters');
    const ledger = tables.table('increments');
    const result = await client.query<{ counters: string; off: string; lost: string; ledger_rows: string; orphans: string }>(
      `SELECT count(*) AS counters,
              count(*) FILTER (WHERE c.value <> coalesce(l.n, 0)) AS off,
              coalesce(sum(coalesce(l.n, 0) - c.value), 0) AS lost,
              (SELECT count(*) FROM ${ledger}) AS ledger_rows,
              (SELECT count(*) FROM ${ledger} i WHERE NOT EXISTS (SELECT 1 FROM ${counters} x WHERE x.id = i.counter_id)) AS orphans
       FROM ${counters} c LEFT JOIN (SELECT counter_id, count(*) AS n FROM ${ledger} GROUP BY counter_id) l ON l.counter_id = c.id`,
    );
    const row = result.rows[0]!;
    const off = Number(row.off);
    const lost = Number(row.lost);
    const ledgerRows = Number(row.ledger_rows);
    const harnessProblems: string[] = [];
    if (Number(row.orphans) > 0) harnessProblems.push(`${row.orphans} ledger rows name counters that do not exist`);
    const detail =
      off === 0
        ? `${row.counters} counters add up to ${ledgerRows} committed increments`
        : `${off} of ${row.counters} counters disagree with the ${ledgerRows} committed increments: ${lost} increments lost`;
    return { violations: off, metrics: { lostUpdates: lost }, ledgerRows, harnessProblems, detail };
  },
};

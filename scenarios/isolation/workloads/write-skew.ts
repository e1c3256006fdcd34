// Workload `write-skew`: the on-call rule. Each group has two doctors on call per shift; a doctor may go
// off call only if the other one stays on call. A transaction reads the group's current shift, and if
// both are on call, takes the requesting doctor off call (one row) and writes a ledger row. Two such
// transactions on the same shift that each read "two on call" and each update a different row leave
// nobody on call: write skew, which no row lock taken by the UPDATEs prevents.
//
// So that the rule is exercised for the whole trial (not only until every group has used its one
// allowed leave), a drained shift is followed by a fresh one: the client that finds a shift with fewer
// than two on call opens the group's next shift (outside the measured transaction). Nobody ever goes back
// on call within a shift, so a shift left with zero on call stays that way and the check at the end
// sees every violation, however short-lived the trial.
import type pg from 'pg';
import type { ApproachName } from '../model.ts';
import type { InvariantCheck, PrepareOptions, Workload, WorkloadTables, WorkloadTrial } from '../workload.ts';

export const DOCTORS_PER_GROUP = 2;

type Outcome = 'granted' | 'denied';

function requestLeaveBody(approach: ApproachName, tables: WorkloadTables, group: number, shift: number, doctor: number) {
  const oncall = tables.table('on_call');
  const ledger = tables.table('leaves');
  return async (client: pg.ClientBase): Promise<Outcome> => {
    // for-update locks both doctors' rows of the shift, so a second request waits and then sees the first.
    const read = await client.query<{ doctor: number; on_call: boolean }>(
      `SELECT doctor, on_call FROM ${oncall} WHERE group_id = $1 AND shift = $2 ORDER BY doctor${approach === 'for-update' ? ' FOR UPDATE' : ''}`,
      [group, shift],
    );
    if (read.rows.length !== DOCTORS_PER_GROUP) throw new Error(`write-skew: group ${group} shift ${shift} has ${read.rows.length} doctors, expected ${DOCTORS_PER_GROUP}`);
    const onCall = read.rows.filter((r) => r.on_call).length;
    const me = read.rows.find((r) => r.doctor === doctor);
    if (!me?.on_call || onCall < 2) return 'denied';
    await client.query(`UPDATE ${oncall} SET on_call = false WHERE group_id = $1 AND shift = $2 AND doctor = $3`, [group, shift, doctor]);
    await client.query(`INSERT INTO ${ledger} (group_id, shift, doctor) VALUES ($1, $2, $3)`, [group, shift, doctor]);
    return 'granted';
  };
}

export const writeSkewWorkload: Workload = {
  name: 'write-skew',
  description: `the on-call rule: ${DOCTORS_PER_GROUP} doctors per group and shift, a doctor may go off call only if the other stays on call`,
  approaches: ['read-modify-write', 'for-update'],
  invariant: 'every group keeps at least one doctor on call in every shift',
  minKeys: 1,

  async create(client, tables) {
    await client.query(
      `CREATE TABLE ${tables.table('on_call')} (group_id int NOT NULL, shift int NOT NULL, doctor int NOT NULL, on_call boolean NOT NULL, PRIMARY KEY (group_id, shift, doctor))`,
    );
    await client.query(`CREATE TABLE ${tables.table('leaves')} (id bigserial PRIMARY KEY, group_id int NOT NULL, shift int NOT NULL, doctor int NOT NULL)`);
  },

  async prepare(client, options: PrepareOptions): Promise<WorkloadTrial> {
    const oncall = options.table('on_call');
    await client.query(`TRUNCATE ${oncall}, ${options.table('leaves')}`);
    const openShiftSql =
      `INSERT INTO ${oncall} (group_id, shift, doctor, on_call) ` +
      `SELECT g, $2, d, true FROM unnest($1::int[]) AS g, generate_series(0, ${DOCTORS_PER_GROUP - 1}) AS d ON CONFLICT DO NOTHING`;
    const groups = Array.from({ length: options.keys.keys }, (_, g) => g);
    await client.query(openShiftSql, [groups, 0]);
    // The shift each group is on; only the harness reads it, the transactions see only the table.
    const currentShift = new Int32Array(options.keys.keys);
    let granted = 0;
    return {
      get ledgerRowsWritten() {
        return granted;
      },
      async operation(client, transact) {
        const group = options.keys.pick();
        const shift = currentShift[group]!;
        const doctor = Math.floor(Math.random() * DOCTORS_PER_GROUP);
        const outcome = await transact(requestLeaveBody(options.approach, options, group, shift, doctor));
        if (outcome === 'granted') {
          granted += 1;
        } else if (currentShift[group] === shift) {
          // The shift has used its leave (or lost everyone): the group moves on to a fresh shift.
          await client.query(openShiftSql, [[group], shift + 1]);
          currentShift[group] = Math.max(currentShift[group]!, shift + 1);
        }
      },
    };
  },

  async check(client, tables): Promise<InvariantCheck> {
    const oncall = tables.table('on_call');
    const ledger = tables.table('leaves');
    const result = await client.query<{ shifts: string; broken: string; incomplete: string; off_rows: string; leave_doctors: string; ledger_rows: string }>(
      `WITH s AS (
         SELECT group_id, shift, count(*) AS doctors, count(*) FILTER (WHERE on_call) AS on_call
         FROM ${oncall} GROUP BY group_id, shift
       )
       SELECT (SELECT count(*) FROM s) AS shifts,
              (SELECT count(*) FROM s WHERE on_call = 0) AS broken,
              (SELECT count(*) FROM s WHERE doctors <> $1) AS incomplete,
              (SELECT count(*) FROM ${oncall} WHERE NOT on_call) AS off_rows,
              (SELECT count(*) FROM (SELECT DISTINCT group_id, shift, doctor FROM ${ledger}) d) AS leave_doctors,
              (SELECT count(*) FROM ${ledger}) AS ledger_rows`,
      [DOCTORS_PER_GROUP],
    );
    const row = result.rows[0]!;
    const shifts = Number(row.shifts);
    const broken = Number(row.broken);
    const ledgerRows = Number(row.ledger_rows);
    const harnessProblems: string[] = [];
    if (Number(row.incomplete) > 0) harnessProblems.push(`${row.incomplete} shifts do not have exactly ${DOCTORS_PER_GROUP} doctors`);
    // Only a committed, ledgered leave takes a doctor off call: anything else means the harness wrote behind the ledger's back.
    if (row.off_rows !== row.leave_doctors) harnessProblems.push(`${row.off_rows} doctors are off call but the ledger grants leave to ${row.leave_doctors}`);
    const detail =
      broken === 0
        ? `all ${shifts} shifts kept a doctor on call (${ledgerRows} leaves granted)`
        : `${broken} of ${shifts} shifts were left with nobody on call (${ledgerRows} leaves granted)`;
    return { violations: broken, metrics: { shifts, leavesGranted: ledgerRows }, ledgerRows, harnessProblems, detail };
  },
};

// Open loop: arrivals keep coming on schedule whatever the operations do, latency counts from the
// intended start, and work that could not start on time is counted as late or dropped. The bounds below
// follow from the setup (an operation that takes at least X ms, a lock held for at least Y ms), so they
// hold on any machine however loaded: they test what is measured, not how fast anything is.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { arrivalSchedule } from '../core/load/arrivals.ts';
import { runOpenLoop } from '../core/load/open-loop.ts';
import { quoteIdent } from '../core/quote.ts';
import { sharedClient, sharedDatabaseUrl, withTestSchema } from './helpers/shared-target.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('runOpenLoop', () => {
  it('counts late and dropped operations and measures latency from the intended start', async () => {
    // 100 arrivals/s for 1 s, one client, every operation takes >= 20 ms: at most half can run.
    const live = { done: 0, failed: 0 };
    const result = await runOpenLoop(() => sleep(20), { ratePerSecond: 100, durationMs: 1000, concurrency: 1, lateAfterMs: 10, live });
    expect(result.scheduled).toBe(100);
    expect(live).toEqual({ done: result.succeeded, failed: 0 });
    expect(result.started + result.dropped).toBe(result.scheduled);
    expect(result.succeeded).toBe(result.started);
    // (Timers may fire up to a millisecond early, hence 19 ms rather than 20 in the bounds.)
    expect(result.started).toBeLessThanOrEqual(55);
    expect(result.dropped).toBeGreaterThanOrEqual(45);
    // Operation n cannot start before 19n ms but was due at 10n ms: from the third on, all are late.
    expect(result.late).toBeGreaterThanOrEqual(result.started - 2);
    // ...and its latency from the intended start is at least 9n + 19 ms.
    const n = result.started - 1;
    expect(result.histogram.maxValue).toBeGreaterThanOrEqual((9 * n + 19) * 1000 * 0.999);
    expect(result.histogram.getValueAtPercentile(99)).toBeGreaterThanOrEqual(5 * result.started * 1000 * 0.999);
    // The service time alone would hide all of that: every operation took about 20 ms once started.
    expect(result.histogram.getValueAtPercentile(99)).toBeGreaterThan(result.serviceHistogram.getValueAtPercentile(99));
  });

  it('shows a database stall in p99 of every operation due during it', async () => {
    const admin = await sharedClient();
    const { schema, drop } = await withTestSchema(admin);
    const table = `${quoteIdent(schema)}.${quoteIdent('counter')}`;
    await admin.query(`CREATE TABLE ${table} (id int PRIMARY KEY, n bigint NOT NULL)`);
    await admin.query(`INSERT INTO ${table} VALUES (1, 0)`);
    const pool = new pg.Pool({ connectionString: sharedDatabaseUrl(), max: 4 });
    const locker = new pg.Client({ connectionString: sharedDatabaseUrl() });
    await locker.connect();
    try {
      const stallMs = 500;
      const rate = 200;
      let stallStartedAt = 0;
      // Locks the table 300 ms into the run for >= 500 ms: every update due meanwhile must wait.
      const stall = (async () => {
        await sleep(300);
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
        stallStartedAt = performance.now();
        await sleep(stallMs);
        await locker.query('COMMIT');
      })();
      const result = await runOpenLoop(() => pool.query(`UPDATE ${table} SET n = n + 1 WHERE id = 1`).then(() => undefined), {
        ratePerSecond: rate,
        durationMs: 1500,
        concurrency: 4,
      });
      await stall;
      expect(stallStartedAt).toBeGreaterThan(0);
      expect(result.failed).toBe(0);
      // Every update that started did its work.
      const { rows } = await admin.query<{ n: string }>(`SELECT n FROM ${table}`);
      expect(Number(rows[0]!.n)).toBe(result.succeeded);
      // At most 4 updates can wait on the lock at once; the rest of those due during the stall queue up.
      expect(result.late).toBeGreaterThanOrEqual(Math.floor((stallMs / 1000) * rate * 0.5) - 4);
      // An update due in the first half of the stall finishes >= 250 ms after it was due; those are
      // >= 50 of <= 300 arrivals (over 1 %), so p99 carries the stall.
      expect(result.histogram.getValueAtPercentile(99)).toBeGreaterThanOrEqual(250_000);
    } finally {
      await locker.end();
      await pool.end();
      await drop();
      await admin.end();
    }
  });
});

describe('arrivalSchedule', () => {
  it('spaces even arrivals exactly and gives Poisson arrivals the requested mean rate', () => {
    const even = arrivalSchedule('even', 250);
    expect([even(), even(), even(), even()]).toEqual([0, 4, 8, 12]);
    const poisson = arrivalSchedule('poisson', 1000, 42);
    let last = 0;
    let gaps = 0;
    const gapList: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const at = poisson();
      gapList.push(at - last);
      gaps += at - last;
      last = at;
    }
    // Mean gap 1 ms; the exponential distribution's standard deviation equals its mean.
    expect(gaps / 20_000).toBeCloseTo(1, 1);
    const variance = gapList.reduce((s, g) => s + (g - 1) ** 2, 0) / gapList.length;
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
    // Same seed, same schedule.
    const again = arrivalSchedule('poisson', 1000, 42);
    const first = arrivalSchedule('poisson', 1000, 42);
    expect([again(), again(), again()]).toEqual([first(), first(), first()]);
  });
});

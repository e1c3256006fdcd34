// A run touches only its own schema. Every registered scenario runs (quick-sized) against the test's own
// server, which also holds a user's table, sequence, function, view, role and settings; the catalog
// outside `bakeoff_*` schemas (relations, columns, functions, types, constraints, indexes, triggers,
// rules, policies, extensions, comments, roles, databases, settings, prepared transactions, replication
// slots) is snapshotted before and after each run and must be identical, and so must the user's data.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_NAME } from '../core/pg-connect.ts';
import { resolveOptions } from '../core/run/resolve-options.ts';
import { runScenario } from '../core/run/run-scenario.ts';
import type { EmbeddedTarget } from '../core/targets/embedded.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { startOwnServer, testClient } from './helpers/own-server.ts';

let server: EmbeddedTarget;
let admin: pg.Client;

/** Outside the run schemas; `n` is the pg_namespace alias. */
const NOT_OURS = "n.nspname NOT LIKE 'bakeoff\\_%'";

// Stable columns only: no statistics (reltuples, relpages) that autovacuum may change on its own.
const CATALOG_QUERIES: Record<string, string> = {
  namespaces: `SELECT n.nspname, n.nspowner::regrole::text, n.nspacl::text FROM pg_namespace n WHERE ${NOT_OURS}`,
  relations: `SELECT n.nspname, c.relname, c.relkind, c.relowner::regrole::text, c.relacl::text, c.reloptions::text, c.relpersistence,
                     c.relfilenode, c.relnatts, c.relchecks, c.relhastriggers, c.relrowsecurity
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NOT_OURS}`,
  columns: `SELECT n.nspname, c.relname, a.attnum, a.attname, a.atttypid::regtype::text, a.attnotnull, a.attisdropped, a.atthasdef
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NOT_OURS}`,
  functions: `SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), md5(p.prosrc), p.proowner::regrole::text, p.proacl::text
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${NOT_OURS}`,
  types: `SELECT n.nspname, t.typname, t.typowner::regrole::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${NOT_OURS}`,
  constraints: `SELECT n.nspname, co.conname, co.contype, pg_get_constraintdef(co.oid) FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace WHERE ${NOT_OURS}`,
  indexes: `SELECT n.nspname, c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NOT_OURS}`,
  triggers: `SELECT n.nspname, c.relname, t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NOT_OURS}`,
  rules: `SELECT n.nspname, c.relname, r.rulename, md5(pg_get_ruledef(r.oid)) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NOT_OURS}`,
  policies: `SELECT n.nspname, c.relname, p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${NOT_OURS}`,
  extensions: 'SELECT extname, extversion FROM pg_extension',
  eventTriggers: 'SELECT evtname, evtevent, evtenabled FROM pg_event_trigger',
  comments: `SELECT d.classoid::regclass::text, d.objoid, d.objsubid, d.description FROM pg_description d
              WHERE NOT (d.classoid = 'pg_namespace'::regclass AND d.objoid IN (SELECT oid FROM pg_namespace n WHERE NOT (${NOT_OURS})))`,
  roles: 'SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil::text, md5(coalesce(rolpassword, \'\')) FROM pg_authid',
  roleMembers: 'SELECT roleid::regrole::text, member::regrole::text FROM pg_auth_members',
  databases: 'SELECT datname, datdba::regrole::text, datacl::text, datallowconn, datconnlimit FROM pg_database',
  roleSettings: 'SELECT setdatabase, setrole, setconfig::text FROM pg_db_role_setting',
  serverSettings: "SELECT name, setting, source FROM pg_settings WHERE source NOT IN ('client', 'session')",
  configFile: 'SELECT sourcefile, name, setting, applied FROM pg_file_settings',
  preparedTransactions: 'SELECT gid, owner FROM pg_prepared_xacts',
  replicationSlots: 'SELECT slot_name, plugin, slot_type FROM pg_replication_slots',
  largeObjects: 'SELECT count(*) FROM pg_largeobject_metadata',
  userData: "SELECT count(*), md5(string_agg(t::text, ',' ORDER BY id)) FROM app.customer t",
  userSequence: 'SELECT last_value, is_called FROM app.customer_id_seq',
};

async function snapshot(): Promise<Record<string, string[]>> {
  // A fresh connection each time, so the settings read are the defaults a new session gets.
  const client = await testClient(server, 'catalog-snapshot');
  try {
    const out: Record<string, string[]> = {};
    for (const [name, sql] of Object.entries(CATALOG_QUERIES)) {
      const result = await client.query({ text: sql, rowMode: 'array' });
      out[name] = result.rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    await client.end();
  }
}

let before: Record<string, string[]>;

beforeAll(async () => {
  server = await startOwnServer({ fsync: 'off' });
  admin = await testClient(server);
  // What a user's database holds, for the run to leave alone.
  await admin.query(`
    CREATE SCHEMA app;
    CREATE TABLE app.customer (id serial PRIMARY KEY, name text NOT NULL CHECK (name <> ''), created timestamptz DEFAULT now());
    CREATE INDEX customer_name ON app.customer (name);
    INSERT INTO app.customer (name) SELECT 'customer ' || g FROM generate_series(1, 500) g;
    CREATE VIEW app.recent AS SELECT * FROM app.customer WHERE id > 400;
    CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created := now(); RETURN NEW; END $$;
    CREATE TRIGGER customer_touch BEFORE UPDATE ON app.customer FOR EACH ROW EXECUTE FUNCTION app.touch();
    COMMENT ON TABLE app.customer IS 'the user''s data';
    CREATE ROLE app_reader NOLOGIN;
    GRANT USAGE ON SCHEMA app TO app_reader;
    GRANT SELECT ON app.customer TO app_reader;
    CREATE TABLE public.orders (id bigint PRIMARY KEY, note text);
    INSERT INTO public.orders VALUES (1, 'a table named like a scenario table, in the user''s schema');
  `);
  await admin.query('VACUUM ANALYZE');
  before = await snapshot();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

describe('a run leaves the rest of the catalog untouched', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s (quick)', async (_name, scenario) => {
    const options = resolveOptions(scenario, { quick: true, trials: '1', warmup: '0' });
    const outcome = await runScenario({ scenario, options, signal: new AbortController().signal, target: server });
    expect(outcome.status, outcome.reason).toBe('completed');
    const after = await snapshot();
    for (const name of Object.keys(CATALOG_QUERIES)) expect(after[name], name).toEqual(before[name]);
    // And nothing of the run is left: no schema, no session.
    const left = await admin.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bakeoff\\_%'");
    expect(left.rows).toEqual([]);
    const sessions = await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APPLICATION_NAME]);
    expect(sessions.rows).toEqual([]);
  });

  it('the snapshot does see a change outside the run schemas (the check can fail)', async () => {
    await admin.query('ALTER TABLE public.orders ADD COLUMN extra int');
    try {
      const after = await snapshot();
      expect(after.columns).not.toEqual(before.columns);
    } finally {
      await admin.query('ALTER TABLE public.orders DROP COLUMN extra');
    }
  });
});

// A worker's embedded test database kept between test files and put back as the template left it.
//
// Starting a PGlite database from the template (an untar of ~970 files into its in-memory file
// system, a WebAssembly instance, a cold backend) cost 0.6-0.8 CPU-seconds inside the suite, about
// 260 times a run: the largest single part of the workers' own CPU after the queries
// (docs/performance-journal.md 1d.2 and 1d.7). A file's database, once closed, is reset here
// instead, 22-24% less of the suite's CPU (docs/performance-journal.md 1f.3): its session
// discarded, every table it wrote truncated, its sequences and statistics put back. It is kept for
// the next file only if it is then provably the template's again: the same catalog (every object,
// privilege, role and setting, hashed), the seeded rows the same, every other table empty, every
// sequence unused, every relation's statistics the template's. Anything else (a file that created a
// role, altered a table, changed the seeded rows or closed the instance itself) closes it, and the
// next file starts a fresh one. BATON_TEST_DB_REUSE=0 turns reuse off.
import type { PGlite } from "@electric-sql/pglite";

/** What a database started from the template holds, read on the first one a worker starts. */
export interface Baseline {
  catalog: string;
  /** the tables the template holds rows in (the migrations' record, the owner's settings), hashed */
  seeded: Map<string, string>;
  stats: string;
  /** each user relation's statistics: its pages, rows and all-visible pages, its columns' statistics */
  relations: RelationStats[];
  /** BATON_TEST_DB_REUSE_LOG=2: the catalog's rows, to print what a refused database changed */
  catalogRows?: string[];
}

interface RelationStats {
  oid: string;
  relpages: number;
  reltuples: number;
  relallvisible: number;
  columns: number;
}

/** user relations are those the migrations created (OIDs from FirstNormalObjectId) */
const USER = "16384";

// Everything a file could change outside its rows, hashed: relations and their columns, functions,
// triggers (enabled or not), constraints, indexes, policies, rules, types, schemas, roles and their
// memberships and settings, databases, extensions, default privileges, event triggers, and the
// session's settings once discarded.
const CATALOG_ROWS = `
select x from (
  select concat_ws(' ', 'class', oid, relname, relnamespace, relkind, relacl, reloptions, relrowsecurity,
                   relforcerowsecurity, relhastriggers, relhasrules, relnatts, relpersistence, relreplident) as x
    from pg_class where oid >= ${USER}
  union all select concat_ws(' ', 'att', attrelid, attnum, attname, atttypid, attnotnull, atthasdef,
                   attisdropped, attgenerated, attidentity, attacl)
    from pg_attribute where attrelid >= ${USER} and attnum > 0
  union all select concat_ws(' ', 'def', adrelid, adnum, md5(pg_get_expr(adbin, adrelid))) from pg_attrdef
  union all select concat_ws(' ', 'proc', oid, proname, md5(prosrc), proconfig, proacl, prosecdef, provolatile)
    from pg_proc where oid >= ${USER}
  union all select concat_ws(' ', 'proc-acl', oid, proacl) from pg_proc where oid < ${USER} and proacl is not null
  union all select concat_ws(' ', 'trigger', oid, tgrelid, tgname, tgenabled) from pg_trigger
  union all select concat_ws(' ', 'constraint', oid, conname, convalidated) from pg_constraint where oid >= ${USER}
  union all select concat_ws(' ', 'index', indexrelid, indisvalid, indisready, indislive) from pg_index
    where indexrelid >= ${USER}
  union all select concat_ws(' ', 'policy', oid, polname, polrelid, polcmd, polroles, md5(coalesce(pg_get_expr(polqual, polrelid), '')),
                   md5(coalesce(pg_get_expr(polwithcheck, polrelid), '')))
    from pg_policy
  union all select concat_ws(' ', 'rule', oid, rulename, ev_enabled) from pg_rewrite where oid >= ${USER}
  union all select concat_ws(' ', 'type', oid, typname) from pg_type where oid >= ${USER}
  union all select concat_ws(' ', 'namespace', oid, nspname, nspacl) from pg_namespace
    where nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%'
  union all select concat_ws(' ', 'role', oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,
                   rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolconfig, rolvaliduntil)
    from pg_roles
  union all select concat_ws(' ', 'member', roleid, member, admin_option) from pg_auth_members
  union all select concat_ws(' ', 'role-setting', setdatabase, setrole, setconfig) from pg_db_role_setting
  union all select concat_ws(' ', 'database', oid, datname, datacl, datallowconn, datconnlimit) from pg_database
  union all select concat_ws(' ', 'extension', extname, extversion) from pg_extension
  union all select concat_ws(' ', 'default-acl', oid, defaclrole, defaclnamespace, defaclobjtype, defaclacl)
    from pg_default_acl
  union all select concat_ws(' ', 'event-trigger', oid, evtname, evtenabled) from pg_event_trigger
  union all select concat_ws(' ', 'large-object', oid) from pg_largeobject_metadata
  union all select concat_ws(' ', 'setting', name, setting) from pg_settings
) catalog`;
// a sum of each row's hash (60 bits of its md5), not one hash of the rows sorted: the same
// strength against a change, in half the time (sorting 6,400 rows by text took 20-30 ms)
const CATALOG_HASH = `select count(*) || ':' || sum(('x' || left(md5(x), 15))::bit(60)::bigint) as hash from (${CATALOG_ROWS}) c`;

/** every user relation's statistics (the template's tables are analyzed empty) */
const RELATIONS = `
select c.oid::text as oid, c.relpages, c.reltuples, c.relallvisible,
       (select count(*)::int from pg_statistic s where s.starelid = c.oid) as columns
  from pg_class c where c.oid >= ${USER} and c.relkind in ('r', 'i', 't', 'm', 'p')`;
const STATS_HASH = `
select md5(string_agg(concat_ws(' ', oid, relpages, reltuples, relallvisible, columns), E'\\n' order by oid)) as hash
  from (${RELATIONS}) r`;

/** the user tables the file wrote in: any row written extends the table's file */
const WRITTEN = `
select format('%I.%I', n.nspname, c.relname) as name, pg_relation_size(c.oid) > 0 as written
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.oid >= ${USER} and c.relkind = 'r' and n.nspname not like 'pg\\_%'`;

async function one<T>(pglite: PGlite, query: string): Promise<T> {
  return (await pglite.query<T>(query)).rows[0] as T;
}

const hashOf = async (pglite: PGlite, query: string) => (await one<{ hash: string }>(pglite, query)).hash;

async function seededHashes(pglite: PGlite, tables: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of tables)
    out.set(
      t,
      await hashOf(
        pglite,
        `select md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as hash from ${t} r`,
      ),
    );
  return out;
}

async function writtenTables(pglite: PGlite, baseline: { seeded: Map<string, string> }): Promise<string[]> {
  return (await pglite.query<{ name: string; written: boolean }>(WRITTEN)).rows
    .filter((t) => t.written && !baseline.seeded.has(t.name))
    .map((t) => t.name);
}

/** Read off a database just started from the template, before anything ran in it. */
export async function readBaseline(pglite: PGlite): Promise<Baseline> {
  // PL/pgSQL's settings exist once it is loaded, as it is in every file (and by the reset)
  await pglite.exec("do $$ begin end $$");
  const seeded = await seededHashes(pglite, await writtenTables(pglite, { seeded: new Map() }));
  return {
    catalog: await hashOf(pglite, CATALOG_HASH),
    seeded,
    stats: await hashOf(pglite, STATS_HASH),
    relations: (await pglite.query<RelationStats>(RELATIONS)).rows,
    catalogRows: LOG === "2" ? await catalogRows(pglite) : undefined,
  };
}

/**
 * Put a closed file's database back as the template left it. True when it provably is; false when
 * it must be closed (why, with BATON_TEST_DB_REUSE_LOG=1; what differs, with 2).
 */
export async function resetToBaseline(pglite: PGlite, baseline: Baseline): Promise<boolean> {
  if (pglite.closed) return false;
  try {
    // a transaction a failing test left open ends here; then the session as it started: settings,
    // role, prepared statements, cursors, listeners, advisory locks, temporary tables
    await pglite.exec("rollback");
    await pglite.exec("discard all");
    const written = await writtenTables(pglite, baseline);
    if (written.length > 0)
      // the rules' triggers (append-only logs refuse a truncate) do not fire for a replica's session
      await pglite.exec(
        `set session_replication_role = replica; truncate ${written.join(", ")} restart identity cascade; reset session_replication_role`,
      );
    // the sequences no truncated table owns
    await pglite.exec(`
      do $$ declare s record; begin
        for s in select format('%I.%I', schemaname, sequencename) as name from pg_sequences where last_value is not null loop
          execute 'alter sequence ' || s.name || ' restart';
        end loop;
      end $$`);
    // the counters the file's statements left pending (a backend flushes them at most once a
    // second, and a rolled-back transaction's too) are flushed first, then reset: flushed after the
    // reset they reached the next file (31 inserts once, in a rehearsal)
    await pglite.query("select pg_stat_force_next_flush()");
    await pglite.query("select pg_stat_reset()");
    if ((await hashOf(pglite, STATS_HASH)) !== baseline.stats)
      await restoreStatistics(pglite, baseline.relations);
    // the truncated tables' old files go at a checkpoint, and the WAL written since
    await pglite.exec("checkpoint");
    return await isBaseline(pglite, baseline);
  } catch (e) {
    return refuse(`error: ${(e as Error).message}`);
  }
}

/** The proof: the same catalog, statistics and seeded rows, every other table and every sequence unused. */
async function isBaseline(pglite: PGlite, baseline: Baseline): Promise<boolean> {
  if ((await hashOf(pglite, STATS_HASH)) !== baseline.stats) {
    const was = baseline.relations.map((r) => JSON.stringify(r));
    return refuse(
      "statistics",
      was,
      (await pglite.query<RelationStats>(RELATIONS)).rows.map((r) => JSON.stringify(r)),
    );
  }
  if ((await hashOf(pglite, CATALOG_HASH)) !== baseline.catalog)
    return refuse("catalog", baseline.catalogRows, LOG === "2" ? await catalogRows(pglite) : undefined);
  const now = await seededHashes(pglite, [...baseline.seeded.keys()]);
  for (const [t, hash] of baseline.seeded) if (now.get(t) !== hash) return refuse(`the rows of ${t}`);
  const left = await writtenTables(pglite, baseline);
  if (left.length > 0) return refuse(`rows left in ${left.join(", ")}`);
  const used = await one<{ n: number }>(
    pglite,
    "select count(*)::int as n from pg_sequences where last_value is not null",
  );
  if (used.n > 0) return refuse("a sequence used");
  return true;
}

/**
 * Each relation's statistics put back: a truncated table and its indexes count no pages and an
 * unknown number of rows, and an analyze in the file left its columns' statistics.
 */
async function restoreStatistics(pglite: PGlite, relations: RelationStats[]): Promise<void> {
  await pglite.query("delete from pg_statistic where starelid = any($1::oid[])", [
    relations.filter((r) => r.columns === 0).map((r) => r.oid),
  ]);
  await pglite.query(
    `update pg_class c set relpages = b.relpages, reltuples = b.reltuples, relallvisible = b.relallvisible
       from jsonb_to_recordset($1::jsonb) as b(oid oid, relpages integer, reltuples real, relallvisible integer)
      where c.oid = b.oid and (c.relpages, c.reltuples, c.relallvisible) is distinct from (b.relpages, b.reltuples, b.relallvisible)`,
    [JSON.stringify(relations)],
  );
}

const LOG = process.env.BATON_TEST_DB_REUSE_LOG;

async function catalogRows(pglite: PGlite): Promise<string[]> {
  return (await pglite.query<{ x: string }>(CATALOG_ROWS)).rows.map((r) => r.x);
}

/** false, saying why with BATON_TEST_DB_REUSE_LOG=1, and what differs with 2 */
function refuse(why: string, was?: string[], now?: string[]): false {
  if (!LOG) return false;
  process.stderr.write(`test database not reused: ${why}\n`);
  if (LOG === "2" && was && now) {
    const before = new Set(was);
    const after = new Set(now);
    for (const x of now) if (!before.has(x)) process.stderr.write(`  + ${x}\n`);
    for (const x of was) if (!after.has(x)) process.stderr.write(`  - ${x}\n`);
  }
  return false;
}

// Lock waits seen by the race tests, on one server or on a Citus cluster (issue 40). On one server a
// waiting backend is in pg_stat_activity; on Citus a lock on a distributed table is taken on the
// worker that holds the tenant's shard, so the coordinator's pg_stat_activity shows nothing, and
// citus_lock_waits (every node's waits, by the coordinator's statement and global pid) does.
// A table of the coordinator alone still waits there: both are looked at.
import { type Kysely, sql } from "kysely";

const citusOf = new WeakMap<object, Promise<boolean>>();

/** Whether `db` is a Citus database (the extension is installed in it). */
export function isCitus(db: Kysely<any>): Promise<boolean> {
  let known = citusOf.get(db);
  if (!known) {
    known = sql<{ on: boolean }>`select exists (select 1 from pg_extension where extname = 'citus') as on`
      .execute(db)
      .then((r) => r.rows[0].on);
    citusOf.set(db, known);
  }
  return known;
}

/** This session's id for someoneWaitsOn: its backend pid, or on Citus its global pid. */
export async function backendId(conn: Kysely<any>): Promise<number> {
  const r = (await isCitus(conn))
    ? await sql<{ id: string }>`select citus_backend_gpid()::text as id`.execute(conn)
    : await sql<{ id: string }>`select pg_backend_pid()::text as id`.execute(conn);
  return Number(r.rows[0].id);
}

/** Whether some backend waits on a lock that the session `id` (backendId) holds. */
export async function someoneWaitsOn(db: Kysely<any>, id: number): Promise<boolean> {
  const r = (await isCitus(db))
    ? await sql<{ n: number }>`
        select (select count(*) from citus_lock_waits where blocking_gpid = ${String(id)}::bigint)::int as n`.execute(
        db,
      )
    : await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where ${id}::int = any (pg_blocking_pids(pid))`.execute(
        db,
      );
  return r.rows[0].n > 0;
}

/** How many backends of this database wait on a lock while running a statement `like` the pattern. */
export async function lockWaiters(db: Kysely<any>, like: string): Promise<number> {
  const local = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock' and query like ${like}`.execute(db);
  if (!(await isCitus(db))) return local.rows[0].n;
  const cluster = await sql<{ n: number }>`
    select count(*)::int as n from citus_lock_waits where blocked_statement like ${like}`.execute(db);
  return local.rows[0].n + cluster.rows[0].n;
}

/**
 * The engine workers whose step transactions are open now (`baton worker <name>`, the application
 * name a step's claim sets), named `like`: on Citus the claim runs on the worker node holding the
 * tenant's shard, so citus_stat_activity (every node's) shows them.
 */
export async function stepWorkers(db: Kysely<any>, like: string): Promise<string[]> {
  const r = (await isCitus(db))
    ? await sql<{ by: string }>`
        select distinct substr(application_name, 14) as by from citus_stat_activity
         where datname = current_database() and application_name like ${`baton worker ${like}`}`.execute(db)
    : await sql<{ by: string }>`
        select distinct substr(application_name, 14) as by from pg_stat_activity
         where datname = current_database() and application_name like ${`baton worker ${like}`}`.execute(db);
  return r.rows.map((x) => x.by);
}

/**
 * Runs `lock` (a statement taking row locks) in a transaction of `db` and holds the locks until
 * `release()`; resolves once they are taken. `done` settles when the transaction has ended.
 */
export async function holdRowLocks(
  db: Kysely<any>,
  lock: (tx: Kysely<any>) => Promise<unknown>,
): Promise<{ release: () => void; done: Promise<void> }> {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((r) => {
    locked = r;
  });
  const done = db.transaction().execute(async (tx) => {
    await lock(tx);
    locked();
    await held;
  });
  await Promise.race([isLocked, done]);
  return { release, done };
}

// The simulation's throw-away database keeps no write-ahead log for its rows (simulation-database.ts):
// its tables are made unlogged, and a database loaded from the template gets back BRIN indexes a
// planner can cost.
import type { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

/**
 * Every table of the throw-away database unlogged, embedded and on a server (not on Citus): no
 * write-ahead log for its rows, which nothing will ever replay (the database is removed when the run
 * ends, and a crash ends the run). What a query returns is the same: the pinned report did not move,
 * and the quarter of 10,000 took 107 and 103 s with --server against 116 and 124 s logged
 * (docs/performance-journal.md 1d.12, "The quarter's file sizes and its WAL"). How it is planned was
 * the same only once the BRIN indexes were rebuilt after a load (rebuildBrinIndexes). PostgreSQL lets
 * a logged table reference only logged ones, so the tables go referencing first: each round takes
 * those no logged table (but themselves) references.
 */
export async function unlogTables(db: Kysely<DB>): Promise<void> {
  await sql`
    do $$
    declare
      r record;
      progressed boolean := true;
    begin
      while progressed loop
        progressed := false;
        for r in
          select c.oid::regclass as t
            from pg_class c
           where c.relkind = 'r' and c.relpersistence = 'p'
             and c.relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
             and c.relnamespace::regnamespace::text not like 'pg\_%'
             and not exists (
                   select 1 from pg_constraint k join pg_class ch on ch.oid = k.conrelid
                    where k.contype = 'f' and k.confrelid = c.oid and ch.oid <> c.oid
                      and ch.relpersistence = 'p')
        loop
          execute format('alter table %s set unlogged', r.t);
          progressed := true;
        end loop;
      end loop;
    end $$`.execute(db);
}

/**
 * The BRIN indexes of the loaded template rebuilt. Started from a dump, PostgreSQL resets each
 * unlogged relation to its init fork, and a BRIN index's init fork is its metapage alone (no revmap
 * page: `lastRevmapPage` 0). The planner then reads the revmap's size as 2^32 - 1 pages and costs a
 * scan of the index at about -1.3e10 (brincostestimate), so every plan that can use it is "cheapest"
 * through it until a VACUUM summarizes a whole range. Worse, a named statement's plan cache averages
 * the costs of its custom plans: five such plans in its first calls left the batches' touch read
 * custom-planned at every call for the whole quarter (docs/performance-journal.md 1j.1). Rebuilt on
 * the empty table, the index has its revmap and range pages as on a logged table.
 */
export async function rebuildBrinIndexes(pglite: PGlite): Promise<void> {
  await pglite.exec(`
    do $$
    declare
      r record;
    begin
      for r in
        select i.indexrelid::regclass as ix
          from pg_index i
          join pg_class c on c.oid = i.indexrelid
          join pg_am a on a.oid = c.relam
         where a.amname = 'brin' and c.relpersistence = 'u'
      loop
        execute format('reindex index %s', r.ix);
      end loop;
    end $$`);
}

// Before a VACUUM FULL that must drop the row versions an erasure replaced (issue 58, Deliver 3).
// VACUUM FULL copies every tuple some running transaction might still see: a snapshot older than
// the erasure's commit (an autovacuum ANALYZE of another table, a long report, a worker's open
// transaction in the same database) makes it copy the person's old row versions into the new file.
// The PostgreSQL erasure-on-disk test found one such file in seven runs. So the compaction first
// waits, a bounded time, until no other session of this database holds a snapshot or a transaction
// begun before now; it reports how many still did when it gave up (then compact again later).
import { type Kysely, sql } from "kysely";
import type { DB } from "./database.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to waitMs for older snapshots to end; returns how many sessions still hold one. */
export async function waitForOlderSnapshots(db: Kysely<DB>, waitMs = 30_000, pollMs = 100): Promise<number> {
  // a transaction id of our own, committed: every snapshot taken before this point is older
  const mark = await sql<{ x: string }>`select pg_current_xact_id()::xid::text as x`.execute(db);
  const xid = mark.rows[0].x;
  for (let waited = 0; ; waited += pollMs) {
    const r = await sql<{ n: number }>`
      select count(*)::int as n
        from pg_catalog.pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid()
         and (age(backend_xmin) >= age(${xid}::xid) or age(backend_xid) >= age(${xid}::xid))`.execute(db);
    const older = r.rows[0]?.n ?? 0;
    if (older === 0 || waited >= waitMs) return older;
    await sleep(pollMs);
  }
}

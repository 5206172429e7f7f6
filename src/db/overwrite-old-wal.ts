// The write-ahead log after an erasure, on a running server (issue 58, Deliver 3). The WAL holds the
// rows as written and full-page images of the pages the erasure changed. At a checkpoint PostgreSQL
// deletes the segments it no longer needs, or (wal_recycle = on, the default) renames them to future
// segment names with their old pages inside, to be written over only when the log reaches them: the
// review found an erased email in 13 such segments. So: switch to a new segment and checkpoint (every
// segment before it is deleted or recycled), then switch once for every segment file ahead of the
// current one: a switch fills the rest of its segment with zeroed pages (CopyXLogRecordToWAL), so
// each recycled file is written over, whole. A last checkpoint lets the segments written since go.
//
// Rights: CHECKPOINT needs a superuser or pg_checkpoint (PostgreSQL 15+); pg_switch_wal() and
// pg_ls_waldir() are a superuser's unless EXECUTE is granted. Without them nothing is done and the
// result says so (docs/prospect-data.md gives the grants). Not reached: WAL already archived or
// streamed elsewhere (pgBackRest, WAL-G, replicas), segments a replication slot or wal_keep_size
// holds, the other nodes of a Citus cluster, and the disk blocks of deleted files.
import { type Kysely, sql } from "kysely";
import type { DB } from "./database.ts";

const SEGMENT_NAME = /^[0-9A-F]{24}$/;

export interface WalResult {
  /** segment files ahead of the log's position, written over by switches */
  overwritten: number;
  /** why nothing was done (the role's rights); null when done */
  skipped: string | null;
}

export const WAL_RIGHTS =
  "a superuser, or a member of pg_checkpoint with EXECUTE on pg_switch_wal() and pg_ls_waldir()";

async function mayRecycle(db: Kysely<DB>): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`
    select coalesce((select rolsuper from pg_catalog.pg_roles where rolname = current_user), false)
        or (case when to_regrole('pg_checkpoint') is null then false
                 else pg_has_role(current_user, 'pg_checkpoint', 'USAGE') end
            and has_function_privilege('pg_catalog.pg_switch_wal()', 'EXECUTE')
            and has_function_privilege('pg_catalog.pg_ls_waldir()', 'EXECUTE')) as ok`.execute(db);
  return r.rows[0]?.ok === true;
}

async function segmentsAhead(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ name: string; current: string }>`
    select w.name, pg_walfile_name(pg_current_wal_insert_lsn()) as current from pg_ls_waldir() w`.execute(db);
  return r.rows.filter((w) => SEGMENT_NAME.test(w.name) && w.name > w.current).length;
}

/** Switches, checkpoints and writes over every recycled segment; outside any transaction. */
export async function overwriteOldWal(db: Kysely<DB>): Promise<WalResult> {
  if (!(await mayRecycle(db))) return { overwritten: 0, skipped: `needs ${WAL_RIGHTS}` };
  await sql`select pg_switch_wal()`.execute(db);
  await sql`checkpoint`.execute(db);
  const ahead = await segmentsAhead(db);
  // one more than the files ahead: the last switch writes over the last of them to its end. A switch
  // with nothing written since the last does nothing, so each follows a commit record of its own.
  for (let i = 0; i <= ahead; i++) {
    await sql`select pg_current_xact_id()`.execute(db);
    await sql`select pg_switch_wal()`.execute(db);
  }
  await sql`checkpoint`.execute(db);
  return { overwritten: ahead, skipped: null };
}

// After an erasure (issue 36 item 17, issue 58 Deliver 3): the erased words are gone from the live
// rows, but copies stay on disk in three places, each reached here, outside the erasure's
// transaction (VACUUM cannot run inside one):
//   1. the tables' files keep the row versions the erasure replaced until the space is reused (a
//      plain VACUUM only marks it free; the review found the person in 9 files, 5 after VACUUM).
//      VACUUM FULL writes each touched table (its TOAST table and indexes) into new files holding
//      only the live rows; the old files are emptied at once. It holds the table's ACCESS EXCLUSIVE
//      lock while it runs, one table at a time;
//   2. the planner's statistics (pg_statistic) keep sample values from before: each compacted table
//      is analyzed again (its statistics now come from the erased rows), the rows of the personal
//      columns kept out of statistics (personal-columns.ts, 0358) are cleared, and pg_statistic
//      itself is rewritten so its dead row versions go too;
//   3. the WAL: src/db/overwrite-old-wal.ts.
// Only a table's owner may VACUUM or ANALYZE it, only the database's owner pg_statistic, and the WAL
// needs more (WAL_RIGHTS): on PostgreSQL the runtime role has none of it, and what it could not do is
// reported (docs/prospect-data.md: run `baton erasures compact` as the owner).
import { type Kysely, sql } from "kysely";
import { ownedTables } from "../db/analyze-owned.ts";
import type { DB } from "../db/database.ts";
import { overwriteOldWal, type WalResult } from "../db/overwrite-old-wal.ts";
import { waitForOlderSnapshots } from "../db/wait-for-older-snapshots.ts";

/** The tables an erasure writes to besides those its sweep reports (erase-contact.ts). */
export const ERASURE_TABLES = [
  "contacts",
  "cadence_event_log",
  "suppressions",
  "crm_outbox",
  "crm_links",
  "crm_contacts",
  "crm_activities",
  "crm_deals",
  "staged_drafts",
  "sales_send_queue",
  "channel_deliveries",
  "dev_email_outbox",
  "campaign_replies",
  "engine_rep_tasks",
  "engine_drafting_tasks",
  "campaign_contacts",
  "signals",
] as const;

export interface StatisticsResult {
  /** the compacted tables, analyzed again */
  analyzed: string[];
  /** personal columns whose earlier statistics could not be cleared (PostgreSQL 15-17 without a superuser) */
  not_cleared: string[];
  /** pg_statistic rewritten (VACUUM FULL): false when the role does not own the database */
  catalog_compacted: boolean;
}

export interface CompactResult {
  compacted: string[];
  /** sessions whose snapshot, older than the erasure, was still open when the tables were rewritten:
   * their row versions may have been kept (compact again later); 0 when none */
  older_snapshots: number;
  /** tables the connection's role does not own (PostgreSQL's runtime role) */
  not_compacted: string[];
  statistics: StatisticsResult;
  wal: WalResult;
}

/** What compacting leaves undone when the erasure runs inside a caller's transaction, or without rights. */
export const NOT_COMPACTED: Omit<CompactResult, "compacted" | "not_compacted"> = {
  older_snapshots: 0,
  statistics: { analyzed: [], not_cleared: [], catalog_compacted: false },
  wal: { overwritten: 0, skipped: "not run" },
};

export async function compactAfterErasure(db: Kysely<DB>, tables: Iterable<string>): Promise<CompactResult> {
  const owned = [...(await ownedTables(db, tables))];
  const out: CompactResult = { compacted: [], not_compacted: [], ...structuredClone(NOT_COMPACTED) };
  // VACUUM FULL keeps the row versions an older snapshot may still see (wait-for-older-snapshots.ts)
  if (owned.some(([, mine]) => mine)) out.older_snapshots = await waitForOlderSnapshots(db);
  for (const [name, mine] of owned) {
    if (!mine) {
      out.not_compacted.push(name);
      continue;
    }
    await sql`vacuum full ${sql.table(name)}`.execute(db);
    await sql`analyze ${sql.table(name)}`.execute(db);
    out.compacted.push(name);
  }
  // the runtime role owns nothing: it may neither clear statistics nor touch the WAL
  if (out.compacted.length === 0) return out;
  const statistics = await rebuildStatistics(db, out.compacted);
  out.statistics = statistics.result;
  out.older_snapshots = Math.max(out.older_snapshots, statistics.olderSnapshots);
  out.wal = await overwriteOldWal(db);
  return out;
}

async function rebuildStatistics(
  db: Kysely<DB>,
  analyzed: string[],
): Promise<{ result: StatisticsResult; olderSnapshots: number }> {
  const kept = await sql<{ kept: string[] }>`select baton_clear_kept_out_statistics() as kept`.execute(db);
  // the rows just cleared (and those the ANALYZEs replaced) are kept by VACUUM FULL while a snapshot
  // older than their deletion is open: an autovacuum begun since the tables' wait (the PostgreSQL
  // disk test found pg_statistic's new file holding the person once so)
  const olderSnapshots = await waitForOlderSnapshots(db);
  // VACUUM skips (with a warning, no error) a catalog the role may not vacuum: ask first
  const owner = await sql<{ ok: boolean }>`
    select coalesce(r.rolsuper or pg_has_role(current_user, d.datdba, 'USAGE'), false) as ok
      from pg_catalog.pg_database d, pg_catalog.pg_roles r
     where d.datname = current_database() and r.rolname = current_user`.execute(db);
  const mayCompact = owner.rows[0]?.ok === true;
  if (mayCompact) await sql`vacuum full pg_catalog.pg_statistic`.execute(db);
  return {
    result: { analyzed, not_cleared: kept.rows[0]?.kept ?? [], catalog_compacted: mayCompact },
    olderSnapshots,
  };
}

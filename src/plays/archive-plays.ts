// spec 000 retention: `baton archive` moves cold plays (retired more than 18 months ago) to
// plays_archive; audit reads (plays_audit: read one, by proposal, per-brain history) still reach them.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { coldCutoff } from "./play-states.ts";
import { playTx } from "./play-tx.ts";

export interface ArchiveResult {
  cutoff: string;
  archived: number;
  /** cold plays still referenced (campaign, event log, a copy) stay live so lineage keeps resolving */
  kept_referenced: number;
}

export async function archiveColdPlays(db: Kysely<DB>, p: Principal, now: Date): Promise<ArchiveResult> {
  requireRole(p, "archive cold plays", "revops", "admin");
  const cutoff = coldCutoff(now);
  const r = await playTx(db, p, now, async (tx) => {
    const res = await sql<{ archived: number; kept_referenced: number }>`
      select * from baton_archive_cold_plays(${p.clientId}, ${cutoff}, ${now})`.execute(tx);
    return res.rows[0];
  });
  return {
    cutoff: cutoff.toISOString(),
    archived: Number(r.archived),
    kept_referenced: Number(r.kept_referenced),
  };
}

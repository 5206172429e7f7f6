// After an erasure (issue 36 item 17): the erased words are gone from the live rows, but the row
// versions they replaced stay in the tables' files until the space is reused, and a plain VACUUM
// only marks that space free (the review found the person in 9 files, 5 after VACUUM). VACUUM FULL
// writes each touched table (with its TOAST table and indexes) into new files holding only the live
// rows, and the old files are emptied at once. It holds the table's ACCESS EXCLUSIVE lock while it
// runs, one table at a time, outside the erasure's transaction (VACUUM cannot run inside one).
// Only the table's owner may VACUUM it: on PostgreSQL the runtime role is not, and the tables it
// could not compact are reported (docs/prospect-data.md: run `baton erasures compact` as the owner).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

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
] as const;

export interface CompactResult {
  compacted: string[];
  /** tables the connection's role does not own (PostgreSQL's runtime role) */
  not_compacted: string[];
}

export async function compactAfterErasure(db: Kysely<DB>, tables: Iterable<string>): Promise<CompactResult> {
  const names = [...new Set(tables)].sort();
  const owned = await sql<{ name: string; mine: boolean }>`
    select t.name, coalesce(r.rolsuper or pg_has_role(current_user, c.relowner, 'USAGE'), false) as mine
      from unnest(${names}::text[]) as t(name)
      left join pg_catalog.pg_class c on c.oid = to_regclass(t.name)
      left join pg_catalog.pg_roles r on r.rolname = current_user
     where c.oid is not null`.execute(db);
  const out: CompactResult = { compacted: [], not_compacted: [] };
  for (const t of owned.rows) {
    if (!t.mine) {
      out.not_compacted.push(t.name);
      continue;
    }
    await sql`vacuum full ${sql.table(t.name)}`.execute(db);
    out.compacted.push(t.name);
  }
  return out;
}

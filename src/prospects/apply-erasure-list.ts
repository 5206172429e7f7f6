// `baton restore` and `baton erasures apply` (issue 36 item 17): the erasure list (erasure-list.ts)
// applied to a database restored from a backup older than some erasures, so no one erased comes back.
import { type Kysely, sql } from "kysely";
import { erasedEmailHash, erasureKey } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { erasePerson } from "./erase-contact.ts";
import type { ErasureListEntry } from "./erasure-list.ts";

export interface ApplyResult {
  entries: number;
  /** contacts erased again (they were in the database, not erased) */
  erased: number;
  /** hashes put back on the suppression list, so the address is refused at import again */
  hashes_restored: number;
}

/**
 * Erases again every contact of the list the database holds unerased (by id, or by the keyed hash
 * of its address), and puts the hashes back on the tenants' suppression lists. Idempotent.
 */
export async function applyErasureList(
  db: Kysely<DB>,
  entries: ErasureListEntry[],
  deps: { secret: string; crm: "attio" | "builtin" },
  now: Date,
): Promise<ApplyResult> {
  const out: ApplyResult = { entries: entries.length, erased: 0, hashes_restored: 0 };
  const key = erasureKey(deps.secret);
  const tenants = [...new Set(entries.map((e) => e.client_id))];
  for (const clientId of tenants) {
    const known = await sql`select 1 from clients where client_id = ${clientId}`.execute(db);
    if (known.rows.length === 0) continue;
    const ids = new Set(
      entries
        .filter((e) => e.kind === "contact" && e.client_id === clientId)
        .map((e) => (e as { id: string }).id),
    );
    const hashes = new Set(
      entries
        .filter((e) => e.kind === "email_hash" && e.client_id === clientId)
        .map((e) => (e as { hash: string }).hash),
    );
    for (const hash of hashes) {
      const r = await sql`
        insert into suppressions (client_id, kind, value, reason, source, created_at)
        values (${clientId}, 'email_hash', ${hash}, 'erased (GDPR Art. 17)', 'erasure', ${now})
        on conflict (client_id, kind, value) do nothing`.execute(db);
      out.hashes_restored += Number(r.numAffectedRows ?? 0);
    }
    const live = await sql<{ contact_id: string; email: string | null }>`
      select contact_id::text, email from contacts where client_id = ${clientId} and erased_at is null`.execute(
      db,
    );
    const targets = live.rows.filter(
      (c) => ids.has(c.contact_id) || (c.email !== null && hashes.has(erasedEmailHash(key, c.email) ?? "")),
    );
    for (const c of targets) {
      const still =
        await sql`select 1 from contacts where client_id = ${clientId} and contact_id = ${c.contact_id}::uuid
                                 and erased_at is null`.execute(db);
      if (still.rows.length === 0) continue; // erased with an earlier one (same address)
      await erasePerson(
        db,
        { clientId, personId: null, principalId: null, agentId: null },
        { contactId: c.contact_id, requestReference: "erasure list re-applied after a restore" },
        deps,
        now,
      );
      out.erased++;
    }
  }
  return out;
}

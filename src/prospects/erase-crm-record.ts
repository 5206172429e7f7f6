// Erasure's stage 6 (erase-contact.ts): the CRM. Its own stage because the record of truth may be
// another system: Baton's built-in CRM record goes now, Attio's through an erase_contact write in
// the CRM outbox, and the outbox's pending payloads about the person are emptied either way.
import { type Kysely, sql } from "kysely";
import { enqueueCrmWrite } from "../crm/enqueue-crm-write.ts";
import type { DB } from "../db/database.ts";

/** Counts what an erasure removed, by table (erase-contact.ts's `removed`). */
export type Tally = (k: string, n: number | bigint | undefined) => void;

/** Stage 6: the CRM record of truth; true when an erase_contact write was queued for Attio. */
export async function eraseCrmRecords(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  crm: "attio" | "builtin",
  now: Date,
  add: Tally,
): Promise<boolean> {
  // (capture its id before the link rows go)
  let crmQueued = false;
  const links = await sql<{ adapter: string; baton_id: string; external_id: string }>`
      select adapter, baton_id, external_id from crm_links
       where client_id = ${clientId} and kind = 'contact' and baton_id = any(${ids}::uuid[])`.execute(tx);
  // the outbox: payloads emptied; writes not in flight will never be applied
  const ob = await sql`
      update crm_outbox set payload = '{"erased": true}'::jsonb, last_error = null,
             status = case when status = 'pending' and (locked_until is null or locked_until <= ${now}) then 'dead' else status end
       where client_id = ${clientId} and contact_id = any(${ids}::uuid[])`.execute(tx);
  add("crm_outbox", ob.numAffectedRows);
  if (crm === "attio") {
    for (const id of ids) {
      const ext = links.rows.find((l) => l.baton_id === id && l.adapter === "attio")?.external_id ?? null;
      await enqueueCrmWrite(tx, clientId, { op: "erase_contact", contactId: id, externalId: ext }, now);
      crmQueued = true;
    }
  }
  // the built-in CRM is Baton's own: its record goes now
  const builtin = links.rows.filter((l) => l.adapter === "builtin").map((l) => l.external_id);
  const crmContacts = await sql<{ crm_contact_id: string }>`
      select crm_contact_id from crm_contacts where client_id = ${clientId}
         and (contact_id = any(${ids}::uuid[]) or crm_contact_id::text = any(${builtin}::text[]))`.execute(
    tx,
  );
  const crmIds = crmContacts.rows.map((r) => r.crm_contact_id);
  if (crmIds.length) {
    add(
      "crm_activities",
      (
        await sql`delete from crm_activities
               where client_id = ${clientId} and crm_contact_id = any(${crmIds}::uuid[])`.execute(tx)
      ).numAffectedRows,
    );
    add(
      "crm_deals",
      (
        await sql`delete from crm_deals
               where client_id = ${clientId} and crm_contact_id = any(${crmIds}::uuid[])`.execute(tx)
      ).numAffectedRows,
    );
    add(
      "crm_contacts",
      (
        await sql`delete from crm_contacts
               where client_id = ${clientId} and crm_contact_id = any(${crmIds}::uuid[])`.execute(tx)
      ).numAffectedRows,
    );
  }
  add(
    "crm_links",
    (
      await sql`delete from crm_links where client_id = ${clientId} and kind = 'contact' and adapter = 'builtin'
                                  and baton_id = any(${ids}::uuid[])`.execute(tx)
    ).numAffectedRows,
  );
  return crmQueued;
}

// One chunk of an import's planned contact writes (issue 15 item 1), in the caller's transaction:
// the creates in one multi-row INSERT ... ON CONFLICT (their owners assigned), the updates in one
// UPDATE ... FROM unnest; and, before the first chunk, the accounts the file named that none had.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { assignContactOwners } from "../teams/index.ts";
import type { NewAccount, PlannedWrite } from "./contact-plan.ts";

/** The accounts the file named that none had, in one statement (a file names few companies). */
export async function insertNewAccounts(db: Kysely<DB>, clientId: string, accounts: NewAccount[], now: Date) {
  if (accounts.length === 0) return;
  await db
    .insertInto("accounts")
    .values(
      accounts.map((a) => ({
        account_id: a.id,
        client_id: clientId,
        name: a.name,
        domain: a.domain,
        created_at: now,
      })),
    )
    .execute();
}

export async function writeChunk(
  tx: Kysely<DB>,
  clientId: string,
  chunk: PlannedWrite[],
  now: Date,
): Promise<string[]> {
  const creates = chunk.filter((w) => w.create);
  const updates = chunk.filter((w) => !w.create);
  const missed: string[] = [];
  const col = (ws: PlannedWrite[], f: (w: PlannedWrite) => string | null) => ws.map(f);
  if (creates.length) {
    const r = await sql<{ contact_id: string }>`
      insert into contacts (contact_id, client_id, full_name, email, title, linkedin_url, phone, external_id, account_id,
                            time_zone, country, legal_basis, legal_basis_source, created_at, updated_at)
      select v.id, ${clientId}, v.full_name, v.email, v.title, v.linkedin_url, v.phone, v.external_id, v.account_id,
             v.time_zone, v.country, coalesce(v.legal_basis, 'unknown'), v.legal_basis_source, ${now}, ${now}
        from unnest(${col(creates, (w) => w.contactId)}::uuid[], ${col(creates, (w) => w.values.fullName)}::text[],
                    ${col(creates, (w) => w.values.email)}::text[], ${col(creates, (w) => w.values.title)}::text[],
                    ${col(creates, (w) => w.values.linkedinUrl)}::text[], ${col(creates, (w) => w.values.phone)}::text[],
                    ${col(creates, (w) => w.values.crmId)}::text[],
                    ${col(creates, (w) => w.values.accountId)}::uuid[], ${col(creates, (w) => w.values.timeZone)}::text[], ${col(creates, (w) => w.values.country)}::text[],
                    ${col(creates, (w) => w.values.legalBasis)}::text[], ${col(creates, (w) => w.values.legalBasisSource)}::text[])
             as v(id, full_name, email, title, linkedin_url, phone, external_id, account_id, time_zone, country, legal_basis, legal_basis_source)
      on conflict do nothing
      returning contact_id`.execute(tx);
    if (r.rows.length < creates.length) {
      const got = new Set(r.rows.map((x) => x.contact_id));
      for (const w of creates) if (!got.has(w.contactId)) missed.push(w.contactId);
    }
    // the new contacts' owners: their account's, else their territory's team in turn (docs/teams.md)
    await assignContactOwners(
      tx,
      clientId,
      r.rows.map((x) => x.contact_id),
      now,
    );
  }
  if (updates.length) {
    await sql`
      update contacts c set full_name = coalesce(v.full_name, c.full_name), email = coalesce(v.email, c.email),
             title = coalesce(v.title, c.title), linkedin_url = coalesce(v.linkedin_url, c.linkedin_url),
             phone = coalesce(v.phone, c.phone),
             external_id = coalesce(c.external_id, v.external_id), account_id = coalesce(v.account_id, c.account_id),
             time_zone = coalesce(v.time_zone, c.time_zone), country = coalesce(v.country, c.country), legal_basis = coalesce(v.legal_basis, c.legal_basis),
             legal_basis_source = coalesce(v.legal_basis_source, c.legal_basis_source), updated_at = ${now}
        from unnest(${col(updates, (w) => w.contactId)}::uuid[], ${col(updates, (w) => w.values.fullName)}::text[],
                    ${col(updates, (w) => w.values.email)}::text[], ${col(updates, (w) => w.values.title)}::text[],
                    ${col(updates, (w) => w.values.linkedinUrl)}::text[], ${col(updates, (w) => w.values.phone)}::text[],
                    ${col(updates, (w) => w.values.crmId)}::text[],
                    ${col(updates, (w) => w.values.accountId)}::uuid[], ${col(updates, (w) => w.values.timeZone)}::text[], ${col(updates, (w) => w.values.country)}::text[],
                    ${col(updates, (w) => w.values.legalBasis)}::text[], ${col(updates, (w) => w.values.legalBasisSource)}::text[])
             as v(id, full_name, email, title, linkedin_url, phone, external_id, account_id, time_zone, country, legal_basis, legal_basis_source)
       where c.client_id = ${clientId} and c.contact_id = v.id and c.erased_at is null`.execute(tx);
  }
  return missed;
}

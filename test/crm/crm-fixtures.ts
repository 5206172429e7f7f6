// Test data for CRM tests: contacts, an account, a campaign and enrollments of a tenant.
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/database.ts";

export async function addContact(db: Kysely<DB>, clientId: string, name: string, email: string | null) {
  const account = await db
    .insertInto("accounts")
    .values({
      client_id: clientId,
      name: `${name.split(" ")[1] ?? "Acme"} Corp`,
      domain: null,
      segment: null,
      vertical: null,
    })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  const c = await db
    .insertInto("contacts")
    .values({
      client_id: clientId,
      account_id: account.account_id,
      external_id: null,
      full_name: name,
      email,
      linkedin_url: null,
      title: "VP Marketing",
      owner_principal_id: null,
      active_sequence_id: null,
      current_step: null,
      last_sales_signal: null,
      last_marketing_signal: null,
    })
    .returning("contact_id")
    .executeTakeFirstOrThrow();
  return c.contact_id;
}

export async function addEnrollment(db: Kysely<DB>, clientId: string, contactId: string) {
  let campaign = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", clientId)
    .where("slug", "=", "crm_test")
    .executeTakeFirst();
  if (!campaign) {
    campaign = await db
      .insertInto("campaigns")
      .values({
        client_id: clientId,
        slug: "crm_test",
        name: "CRM test",
        type: "membership",
        owner_role: "roles.sales",
        on_exit: "{}",
        play_id: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  }
  const e = await db
    .insertInto("campaign_contacts")
    .values({
      client_id: clientId,
      contact_id: contactId,
      campaign_id: campaign.id,
      sequence_type: "sales",
      enrolled_at: new Date("2026-03-01T00:00:00Z"),
      next_send_at: null,
      exited_at: null,
      exit_reason: null,
      goal: "pipeline",
      notes: null,
      originating_agent_id: null,
      requested_by_principal_id: null,
      play_id: null,
      originating_proposal_id: null,
      paused_until: null,
      claimed_by: null,
      claimed_until: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return e.id;
}

/** The contact's owner in Baton (who owns its deals: src/crm/deal-owner.ts); returns their email. */
export async function setContactOwner(
  db: Kysely<DB>,
  clientId: string,
  contactId: string,
  principalId: string,
): Promise<string> {
  await db
    .updateTable("contacts")
    .set({ owner_principal_id: principalId })
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .execute();
  const p = await db
    .selectFrom("principals")
    .select("email")
    .where("client_id", "=", clientId)
    .where("principal_id", "=", principalId)
    .executeTakeFirstOrThrow();
  return p.email ?? "";
}

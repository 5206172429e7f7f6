// A referral decided in triage (issue 56 item 2): the person a reply names becomes a contact at the
// replier's account (or the contact who already has that address) and is proposed to the exec
// through a hand-off; nothing is sent before the exec routes it.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { logCampaignEvent } from "../log-event.ts";
import type { TriageReplyDetail } from "./read-triage.ts";
import { type DecideInput, invalidDecision as invalid } from "./triage-decisions.ts";

/** The referral's contact (found by address in the tenant, else opened at the replier's account) and its hand-off. */
export async function openReferral(
  tx: Kysely<DB>,
  actor: Principal,
  snap: TriageReplyDetail,
  input: DecideInput,
  fromEnrollmentId: string,
  now: Date,
): Promise<{ contact_id: string; created: boolean; handoff_id: string }> {
  const clientId = actor.clientId;
  const email = (input.referral?.email ?? snap.reading.referral?.email ?? "").trim();
  const name = (input.referral?.name ?? snap.reading.referral?.name ?? "").trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw invalid("/referral/email", "the person's email address (the reply gives none)");
  const replier = await tx
    .selectFrom("contacts")
    .select(["account_id", "owner_principal_id", "full_name"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", snap.contact.contact_id)
    .executeTakeFirstOrThrow();
  const found = await sql<{ contact_id: string }>`
    select contact_id from contacts
     where client_id = ${clientId} and email_key = baton_email_key(${email})
     order by created_at, contact_id limit 1`.execute(tx);
  let contactId = found.rows[0]?.contact_id;
  const created = !contactId;
  if (!contactId) {
    const c = await tx
      .insertInto("contacts")
      .values({
        client_id: clientId,
        account_id: replier.account_id,
        full_name: name || email.split("@")[0],
        email,
        owner_principal_id: replier.owner_principal_id,
        created_at: now,
        updated_at: now,
      })
      .returning("contact_id")
      .executeTakeFirstOrThrow();
    contactId = c.contact_id;
    await sql`update contacts set legal_basis_source = ${`referral by ${replier.full_name}`}
               where client_id = ${clientId} and contact_id = ${contactId}::uuid`.execute(tx);
  }
  const from = await tx
    .selectFrom("campaign_contacts")
    .select(["campaign_id", "goal"])
    .where("client_id", "=", clientId)
    .where("id", "=", fromEnrollmentId)
    .executeTakeFirstOrThrow();
  // the exec's gate (handoffs.ts): the referral is proposed, never enrolled, until the exec routes it
  const h = await tx
    .insertInto("campaign_handoffs")
    .values({
      client_id: clientId,
      contact_id: contactId,
      from_enrollment_id: fromEnrollmentId,
      from_campaign_id: from.campaign_id,
      exit_reason: "referral",
      gate_role: "exec",
      created_at: now,
      goal: from.goal,
      notes: `referred by ${replier.full_name} (reply ${snap.reply_id})${input.notes ? `: ${input.notes}` : ""}`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await logCampaignEvent(
    tx,
    {
      type: "handoff_created",
      clientId,
      contactId,
      actorPrincipalId: actor.principalId,
      resolution: "referral",
      details: {
        handoff_id: h.id,
        gate: "exec",
        reply_id: snap.reply_id,
        referred_by: snap.contact.contact_id,
        created_contact: created,
      },
    },
    now,
  );
  return { contact_id: contactId, created, handoff_id: h.id };
}

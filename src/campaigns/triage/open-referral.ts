// A referral decided in triage (issue 56 item 2), or the successor a left-company notice names (issue
// 72 item 3): the person a reply names becomes a contact at the replier's account (or the contact who
// already has that address) and is proposed to the exec through a hand-off; nothing is sent before
// the exec routes it.
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
  const email = (input.referral?.email ?? snap.reading.referral?.email ?? "").trim();
  const name = (input.referral?.name ?? snap.reading.referral?.name ?? "").trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw invalid("/referral/email", "the person's email address (the reply gives none)");
  return proposeReferred(
    tx,
    {
      clientId: actor.clientId,
      actorPrincipalId: actor.principalId,
      replierContactId: snap.contact.contact_id,
      replyId: snap.reply_id,
      person: { name, email },
      fromEnrollmentId,
      notes: input.notes ?? null,
      why: "referred",
    },
    now,
  );
}

/**
 * The person a reply names, proposed to the exec (a hand-off: nothing is sent before the exec routes
 * it): found by address in the tenant, else opened at the replier's account. A triage referral, or
 * the successor a left-company notice names (issue 72 item 3: an approval, never an enrollment).
 */
export async function proposeReferred(
  tx: Kysely<DB>,
  a: {
    clientId: string;
    actorPrincipalId: string | null;
    replierContactId: string;
    replyId: string;
    person: { name: string; email: string };
    fromEnrollmentId: string;
    notes: string | null;
    /** referred: a referral; successor: the successor of a person who left the company */
    why: "referred" | "successor";
  },
  now: Date,
): Promise<{ contact_id: string; created: boolean; handoff_id: string }> {
  const { clientId, person } = a;
  const email = person.email;
  const name = person.name;
  const replier = await tx
    .selectFrom("contacts")
    .select(["account_id", "owner_principal_id", "full_name"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", a.replierContactId)
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
    const source =
      a.why === "successor" ? `successor of ${replier.full_name}` : `referral by ${replier.full_name}`;
    await sql`update contacts set legal_basis_source = ${source}
               where client_id = ${clientId} and contact_id = ${contactId}::uuid`.execute(tx);
  }
  const from = await tx
    .selectFrom("campaign_contacts")
    .select(["campaign_id", "goal"])
    .where("client_id", "=", clientId)
    .where("id", "=", a.fromEnrollmentId)
    .executeTakeFirstOrThrow();
  // the exec's gate (handoffs.ts): the referral is proposed, never enrolled, until the exec routes it
  const h = await tx
    .insertInto("campaign_handoffs")
    .values({
      client_id: clientId,
      contact_id: contactId,
      from_enrollment_id: a.fromEnrollmentId,
      from_campaign_id: from.campaign_id,
      exit_reason: "referral",
      gate_role: "exec",
      created_at: now,
      goal: from.goal,
      notes: `${a.why === "successor" ? "successor of" : "referred by"} ${replier.full_name} (reply ${a.replyId})${a.notes ? `: ${a.notes}` : ""}`,
      reply_id: a.replyId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await logCampaignEvent(
    tx,
    {
      type: "handoff_created",
      clientId,
      contactId,
      actorPrincipalId: a.actorPrincipalId,
      resolution: a.why === "successor" ? "successor" : "referral",
      details: {
        handoff_id: h.id,
        gate: "exec",
        reply_id: a.replyId,
        referred_by: a.replierContactId,
        created_contact: created,
      },
    },
    now,
  );
  return { contact_id: contactId, created, handoff_id: h.id };
}

// spec 002 process_reply, the lookups: which contact a reply is from, whether the same message
// was processed already, and which enrollment it answers.

import { type Kysely, type Selectable, sql } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import type { CampaignContactsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { ExitResult } from "./exit-contact.ts";
import { LIVE_STATUSES } from "./exit-reasons.ts";

export interface ReplyInput {
  contactId?: string;
  email?: string;
  text: string;
  receivedAt: Date;
  channel?: ChannelName;
  /** The enrollment the reply answers, when the integration knows it. */
  enrollmentId?: string;
  /** The mail's Message-ID: a reply delivered twice is processed once. */
  messageId?: string;
  /**
   * Automatic mail (RFC 3834 auto-reply, read by the inbox): it pauses until its return date as an
   * out-of-office, and is not a person's reply (no triage, no reply policy). Issue 56.
   */
  automatic?: boolean;
  /**
   * A person read the reply and chose its intent (issue 37 item 2, the prospect page): their
   * `other` is their decision that the sequence goes on, not a guess (issue 56).
   */
  chosenByPerson?: boolean;
}

/** held: the reply waits in the triage queue (issue 56), the enrollment it answers paused */
export type ReplyAction = "exited" | "paused" | "opted_out" | "continued" | "no_enrollment" | "held";

export interface ReplyResult {
  reply_id: string;
  duplicate: boolean;
  contact_id: string;
  intent: string;
  confidence: number;
  classified_by: string;
  action: ReplyAction;
  enrollment_id: string | null;
  exit_reason: string | null;
  return_date: string | null;
  paused_until: string | null;
  exit: ExitResult | null;
  /** auto: Baton acted alone (or had nothing to decide); pending: waits in the triage queue */
  triage: "auto" | "pending" | "decided";
  /** the enrollments the reply held for triage */
  held_enrollment_ids: string[];
  /** what the campaign's reply policy did to other campaigns and colleagues */
  policy_effects: unknown[];
}

export async function resolveContact(db: Kysely<DB>, clientId: string, input: ReplyInput): Promise<string> {
  if (input.contactId) {
    const c = isUuid(input.contactId)
      ? await db
          .selectFrom("contacts")
          .select("contact_id")
          .where("client_id", "=", clientId)
          .where("contact_id", "=", input.contactId)
          .executeTakeFirst()
      : undefined;
    if (!c) throw new BatonError("REPLY_CONTACT_UNKNOWN", { by: "contact_id", value: input.contactId });
    return c.contact_id;
  }
  if (input.email) {
    const rows = await db
      .selectFrom("contacts")
      .select("contact_id")
      .where("client_id", "=", clientId)
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", input.email!.toLowerCase()))
      .limit(2)
      .execute();
    if (rows.length !== 1) throw new BatonError("REPLY_CONTACT_UNKNOWN", { by: "email", value: input.email });
    return rows[0].contact_id;
  }
  throw new BatonError("VALIDATION_FAILED", {
    errors: [{ path: "/contact_id", message: "give contact_id or email" }],
  });
}

export async function storedResult(
  db: Kysely<DB>,
  clientId: string,
  messageId: string,
): Promise<ReplyResult | null> {
  const r = await db
    .selectFrom("campaign_replies")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("message_id", "=", messageId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    reply_id: r.id,
    duplicate: true,
    contact_id: r.contact_id,
    intent: r.intent,
    confidence: r.confidence,
    classified_by: r.classified_by,
    action: r.action,
    enrollment_id: r.enrollment_id,
    exit_reason: r.exit_reason,
    return_date: r.return_date ? new Date(r.return_date).toISOString() : null,
    paused_until: null,
    exit: null,
    triage: r.triage,
    held_enrollment_ids: ((r.held ?? []) as { enrollment_id: string }[]).map((h) => h.enrollment_id),
    policy_effects: (r.policy_effects ?? []) as unknown[],
  };
}

export type LiveEnrollment = Selectable<CampaignContactsTable>;

/**
 * Locks the replies' contacts (contact_id order, every batch's lock order) and reads their live
 * enrollments, contact by contact, the one enrolled last first (then by id).
 */
export async function lockLiveEnrollments(
  tx: Kysely<DB>,
  clientId: string,
  contactIds: readonly string[],
): Promise<Map<string, LiveEnrollment[]>> {
  await tx
    .selectFrom("contacts")
    .select("contact_id")
    .where("client_id", "=", clientId)
    .where("contact_id", "in", contactIds)
    .orderBy("contact_id")
    .forUpdate()
    .execute();
  const rows = await tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("contact_id", "in", contactIds)
    .where("status", "in", LIVE_STATUSES)
    .orderBy("contact_id")
    .orderBy("enrolled_at", "desc")
    .orderBy("id")
    .execute();
  const byContact = new Map<string, LiveEnrollment[]>();
  for (const r of rows) byContact.set(r.contact_id, [...(byContact.get(r.contact_id) ?? []), r]);
  return byContact;
}

/**
 * The enrollment each reply answers: the one it names, else the live one touched last (the latest
 * touch; among equal ones the smallest id), else the one enrolled last. A named enrollment that is
 * not the contact's is ENROLLMENT_NOT_FOUND. One statement for the named ones, one for the touches.
 */
export async function answeredEnrollments(
  tx: Kysely<DB>,
  clientId: string,
  replies: readonly { contactId: string; enrollmentId?: string }[],
  live: ReadonlyMap<string, LiveEnrollment[]>,
): Promise<(LiveEnrollment | null)[]> {
  const named = replies.filter((r) => r.enrollmentId);
  if (named.length) {
    const known = await tx
      .selectFrom("campaign_contacts")
      .select(["id", "contact_id"])
      .where("client_id", "=", clientId)
      .where(
        "id",
        "in",
        named.map((r) => r.enrollmentId!),
      )
      .execute();
    const owner = new Map(known.map((k) => [k.id, k.contact_id]));
    const stray = named.find((r) => owner.get(r.enrollmentId!) !== r.contactId);
    if (stray) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: stray.enrollmentId });
  }
  const several = replies.filter((r) => !r.enrollmentId && (live.get(r.contactId)?.length ?? 0) > 1);
  const touched = new Map<string, string>();
  if (several.length) {
    const rows = await sql<{ contact_id: string; enrollment_id: string }>`
      select distinct on (contact_id) contact_id, enrollment_id from cadence_event_log
       where client_id = ${clientId} and event_type = 'touch'
         and contact_id = any(${several.map((r) => r.contactId)}::uuid[])
         and enrollment_id = any(${several.flatMap((r) => live.get(r.contactId)!.map((e) => e.id))}::uuid[])
       group by contact_id, enrollment_id
       order by contact_id, max(occurred_at) desc, enrollment_id`.execute(tx);
    for (const r of rows.rows) touched.set(r.contact_id, r.enrollment_id);
  }
  return replies.map((r) => {
    const mine = live.get(r.contactId) ?? [];
    if (r.enrollmentId) return mine.find((e) => e.id === r.enrollmentId) ?? null;
    return mine.find((e) => e.id === touched.get(r.contactId)) ?? mine[0] ?? null;
  });
}

// spec 002 process_reply, the lookups: which contact a reply is from, whether the same message
// was processed already, and which enrollment it answers.
import type { Kysely } from "kysely";
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
  channel?: "email" | "linkedin";
  /** The enrollment the reply answers, when the integration knows it. */
  enrollmentId?: string;
  /** The mail's Message-ID: a reply delivered twice is processed once. */
  messageId?: string;
}

export type ReplyAction = "exited" | "paused" | "opted_out" | "continued" | "no_enrollment";

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
  };
}

/** The contacts' live enrollments, contact by contact, the one enrolled last first (then by id). */
export function liveEnrollmentsOf(tx: Kysely<DB>, clientId: string, contactIds: readonly string[]) {
  return tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("contact_id", "in", contactIds)
    .where("status", "in", LIVE_STATUSES)
    .orderBy("contact_id")
    .orderBy("enrolled_at", "desc")
    .orderBy("id")
    .execute();
}

/** The enrollment a reply answers: the given one, else the live one touched last, else enrolled last. */
export async function pickEnrollment(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
  enrollmentId?: string,
) {
  const live = await liveEnrollmentsOf(tx, clientId, [contactId]);
  if (enrollmentId) {
    const known = await tx
      .selectFrom("campaign_contacts")
      .select("id")
      .where("client_id", "=", clientId)
      .where("contact_id", "=", contactId)
      .where("id", "=", enrollmentId)
      .executeTakeFirst();
    if (!known) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: enrollmentId });
    return { target: live.find((e) => e.id === enrollmentId) ?? null, live };
  }
  if (live.length <= 1) return { target: live[0] ?? null, live };
  const touched = await tx
    .selectFrom("cadence_event_log")
    .select(["enrollment_id", (eb) => eb.fn.max("occurred_at").as("last")])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("event_type", "=", "touch")
    .where(
      "enrollment_id",
      "in",
      live.map((e) => e.id),
    )
    .groupBy("enrollment_id")
    .orderBy("last", "desc")
    .orderBy("enrollment_id")
    .limit(1)
    .executeTakeFirst();
  return { target: live.find((e) => e.id === touched?.enrollment_id) ?? live[0], live };
}

// Issue 56 item 1: a person's reply Baton is not sure of holds the contact for a person, in the
// transaction that records it, under the contact's lock (the send path takes the same lock, so a
// send that falls due after this commits meets gate 5's reply_pending_triage).
// - holdAnswered: the enrollment the reply answers is paused with no end date and the hold reason
//   reply_pending_triage (an out-of-office pause it had is remembered, so `continue` restores it).
// - holdEveryLive: a reply with any sign of a stop request holds every live enrollment of the
//   contact (holdContactSends, the inbound review's hold), never only one.
// A queued enrollment is left as it is: it has sent nothing yet (a reply answers a touch), and its
// activation meets the coordinator's gates. An enrollment an untrusted reply holds (hold reason
// reply_pending_review, the inbound review queue) is taken over: this reply is the contact's own, so
// the triage decision resumes it, and dismissing the untrusted one no longer does (it resumes only
// its own hold reason).
import type { Kysely, Selectable } from "kysely";
import type { CampaignContactsTable, HoldReason } from "../../db/core-tables.ts";
import type { DB } from "../../db/database.ts";
import { holdContactSends, REVIEW_HOLD_REASON } from "../../inbox/hold-contact-sends.ts";
import { writePause } from "../write-enrollment-pause.ts";

export const HOLD_REASON = "reply_pending_triage" as const satisfies HoldReason;

/** What a reply paused: the enrollment and the paused_until it had before (null: it was active). */
export interface HeldEnrollment {
  enrollment_id: string;
  paused_until: string | null;
}

type Enrollment = Selectable<CampaignContactsTable>;

/** Holds the answered enrollment (the caller holds the contact's lock and read it live). */
export async function holdAnswered(
  tx: Kysely<DB>,
  clientId: string,
  target: Enrollment,
  now: Date,
  details: Record<string, unknown>,
): Promise<HeldEnrollment[]> {
  if (target.status === "queued") return [];
  const before = target.status === "paused" && target.paused_until ? new Date(target.paused_until) : null;
  if (target.status === "paused" && !before && target.hold_reason === HOLD_REASON)
    return [{ enrollment_id: target.id, paused_until: null }]; // already held by an earlier reply
  if (target.status === "paused" && !before && target.hold_reason !== REVIEW_HOLD_REASON) return []; // paused by a person: theirs to resume
  await writePause(
    tx,
    clientId,
    target,
    { until: null, holdReason: HOLD_REASON },
    { resolution: HOLD_REASON, details: { ...details, paused_until_before: before?.toISOString() ?? null } },
    now,
  );
  return [{ enrollment_id: target.id, paused_until: before?.toISOString() ?? null }];
}

/** Holds every live enrollment of the contact (a stop signal), with the hold reason. */
export async function holdEveryLive(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
  now: Date,
  details: Record<string, unknown>,
): Promise<HeldEnrollment[]> {
  const held = await holdContactSends(tx, clientId, contactId, now, details, HOLD_REASON);
  // what an untrusted reply holds is taken over (the contact's lock is held: holdContactSends took it)
  const reviewed = await tx
    .selectFrom("campaign_contacts")
    .select("id")
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("status", "=", "paused")
    .where("paused_until", "is", null)
    .where("hold_reason", "=", REVIEW_HOLD_REASON)
    .orderBy("id")
    .forUpdate()
    .execute();
  for (const r of reviewed) held.push({ enrollment_id: r.id, paused_until: null });
  if (held.length)
    await tx
      .updateTable("campaign_contacts")
      .set({ hold_reason: HOLD_REASON })
      .where("client_id", "=", clientId)
      .where(
        "id",
        "in",
        held.map((h) => h.enrollment_id),
      )
      .execute();
  return held;
}

// Issue 56 item 1: a person's reply Baton is not sure of holds the contact for a person, in the
// transaction that records it, under the contact's lock (the send path takes the same lock, so a
// send that falls due after this commits meets gate 5's reply_pending_triage).
// holdEveryLive: every live enrollment of the contact, not only the one answered (issue 72: a stop
// request the reading missed held only the campaign answered), each paused with no end date and the
// hold reason reply_pending_triage (an out-of-office pause it had is remembered, so `continue`
// restores it).
// A queued enrollment is left as it is: it has sent nothing yet (a reply answers a touch), and its
// activation meets the coordinator's gates. An enrollment an untrusted reply holds (hold reason
// reply_pending_review, the inbound review queue) is taken over: this reply is the contact's own, so
// the triage decision resumes it, and dismissing the untrusted one no longer does (it resumes only
// its own hold reason).
import type { Kysely, Selectable } from "kysely";
import type { CampaignContactsTable, HoldReason } from "../../db/core-tables.ts";
import type { DB } from "../../db/database.ts";
import { holdContactSends, REVIEW_HOLD_REASON } from "../hold-contact-sends.ts";
import { type PauseWrite, writePauses } from "../write-enrollment-pause.ts";

export const HOLD_REASON = "reply_pending_triage" as const satisfies HoldReason;

/** What a reply paused: the enrollment and the paused_until it had before (null: it was active). */
export interface HeldEnrollment {
  enrollment_id: string;
  paused_until: string | null;
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
  // what an untrusted reply holds is taken over, and what another pending reply holds is held by this
  // one too (deciding either alone resumes nothing the other still holds; resume-held.ts); the
  // contact's lock is held: holdContactSends took it
  const reviewed = await tx
    .selectFrom("campaign_contacts")
    .select("id")
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("status", "=", "paused")
    .where("paused_until", "is", null)
    .where("hold_reason", "in", [REVIEW_HOLD_REASON, HOLD_REASON])
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

/**
 * holdEveryLive over the live enrollments the caller read under the contact's lock (process_reply's
 * single path): the same holds, without reading them again (the "reply processed" budget).
 */
export async function holdLive(
  tx: Kysely<DB>,
  clientId: string,
  live: readonly Selectable<CampaignContactsTable>[],
  now: Date,
  details: Record<string, unknown>,
): Promise<HeldEnrollment[]> {
  return (await holdLiveMany(tx, clientId, [{ live, details }], now))[0];
}

/**
 * holdLive for the replies of several contacts (processReplies' batch), each contact's live
 * enrollments read under its lock: every pause in one update and one insert of their events (in
 * the replies' order, each contact's enrollments in id order, as one by one), the untrusted replies'
 * holds taken over in one statement. What each reply held, in order.
 */
export async function holdLiveMany(
  tx: Kysely<DB>,
  clientId: string,
  replies: readonly {
    live: readonly Selectable<CampaignContactsTable>[];
    details: Record<string, unknown>;
  }[],
  now: Date,
): Promise<HeldEnrollment[][]> {
  const pauses: PauseWrite[] = [];
  const takenOver: string[] = [];
  const out = replies.map(({ live, details }) => {
    const held: HeldEnrollment[] = [];
    for (const e of [...live].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const until = e.status === "paused" && e.paused_until ? new Date(e.paused_until) : null;
      if (e.status === "active" || until) {
        pauses.push({
          e,
          pause: { until: null, holdReason: HOLD_REASON },
          event: {
            resolution: HOLD_REASON,
            details: { ...details, paused_until_before: until?.toISOString() ?? null },
          },
        });
        held.push({ enrollment_id: e.id, paused_until: until?.toISOString() ?? null });
      } else if (
        e.status === "paused" &&
        (e.hold_reason === REVIEW_HOLD_REASON || e.hold_reason === HOLD_REASON)
      ) {
        held.push({ enrollment_id: e.id, paused_until: null });
        if (e.hold_reason === REVIEW_HOLD_REASON) takenOver.push(e.id);
      }
    }
    return held;
  });
  await writePauses(tx, clientId, pauses, now);
  if (takenOver.length)
    await tx
      .updateTable("campaign_contacts")
      .set({ hold_reason: HOLD_REASON })
      .where("client_id", "=", clientId)
      .where("id", "in", takenOver)
      .execute();
  return out;
}

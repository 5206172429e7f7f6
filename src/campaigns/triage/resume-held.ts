// What a triage decision resumes (issue 56 item 2): the enrollments a reply held, each only while
// no other pending reply of the contact holds it, and handed to a person's untrusted reply still
// waiting in the inbound review instead of resumed (an unread reply may be a stop request).
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { type PausedEnrollment, REVIEW_HOLD_REASON } from "../hold-contact-sends.ts";
import { writeResume } from "../write-enrollment-pause.ts";
import { type HeldEnrollment, HOLD_REASON } from "./hold-on-reply.ts";

/**
 * Resumes what the reply held (but `except`), each enrollment only if it is still held by a reply
 * and no other pending reply of the contact holds it too: back to its earlier pause, or active with
 * its due step going at once (the coordinator's caps still space the touches). While a person's
 * untrusted reply of the contact waits in the inbound review (it held nothing of its own: these
 * were already held here), the enrollment is handed to that review instead of resumed: its hold
 * becomes the review's, and the review's decision resumes it. A reply nobody has read yet may be
 * a stop request.
 */
export async function resumeHeld(
  tx: Kysely<DB>,
  actor: Principal,
  replyId: string,
  contactId: string,
  held: readonly HeldEnrollment[],
  except: readonly string[],
  now: Date,
): Promise<string[]> {
  const clientId = actor.clientId;
  const candidates = held.filter((h) => !except.includes(h.enrollment_id));
  if (candidates.length === 0) return [];
  const others = await tx
    .selectFrom("campaign_replies")
    .select("held")
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("triage", "=", "pending")
    .where("id", "<>", replyId)
    .execute();
  const stillHeld = new Set(others.flatMap((o) => (o.held as HeldEnrollment[]).map((h) => h.enrollment_id)));
  const review = await pendingReviewHold(tx, clientId, contactId);
  const handed: PausedEnrollment[] = [];
  const out: string[] = [];
  for (const h of candidates) {
    if (stillHeld.has(h.enrollment_id)) continue;
    const e = await tx
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("client_id", "=", clientId)
      .where("id", "=", h.enrollment_id)
      .where("status", "=", "paused")
      .where("hold_reason", "=", HOLD_REASON)
      .forUpdate()
      .executeTakeFirst();
    if (!e) continue; // ended, resumed or re-paused meanwhile
    if (review) {
      await tx
        .updateTable("campaign_contacts")
        .set({ hold_reason: REVIEW_HOLD_REASON, updated_at: now })
        .where("client_id", "=", clientId)
        .where("id", "=", e.id)
        .execute();
      handed.push({ enrollment_id: e.id, paused_until: h.paused_until ?? null });
      continue;
    }
    const before = h.paused_until ? new Date(h.paused_until) : null;
    await writeResume(
      tx,
      clientId,
      e,
      // back to its own pause while that lasts, else active
      { until: before && before.getTime() > now.getTime() ? before : null, holdReason: null },
      {
        actorPrincipalId: actor.principalId,
        resolution: "reply_triage",
        details: { reply_id: replyId, paused_until: before?.toISOString() ?? null },
      },
      now,
    );
    out.push(e.id);
  }
  if (review && handed.length > 0) {
    await tx
      .updateTable("inbound_reviews")
      .set({ paused: JSON.stringify([...review.paused, ...handed]) })
      .where("client_id", "=", clientId)
      .where("id", "=", review.id)
      .execute();
  }
  return out;
}

/** The oldest pending inbound review of a person's reply of the contact (one that holds sends), locked. */
async function pendingReviewHold(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
): Promise<{ id: string; paused: PausedEnrollment[] } | null> {
  const r = await tx
    .selectFrom("inbound_reviews")
    .select(["id", "paused"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("status", "=", "pending")
    // an auto-reply's review holds nothing (as releaseHold in inbound-reviews.ts reads it)
    .where(sql<boolean>`(stop_request or classification->>'kind' = 'reply')`)
    .orderBy("created_at")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return r ? { id: r.id, paused: (r.paused ?? []) as PausedEnrollment[] } : null;
}

// What a triage decision resumes (issue 56 item 2): the enrollments a reply held, each only while
// no other pending reply of the contact holds it, and handed to a person's untrusted reply still
// waiting in the inbound review instead of resumed (an unread reply may be a stop request).
import { type Kysely, sql } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { type PausedEnrollment, REVIEW_HOLD_REASON } from "../hold-contact-sends.ts";
import { type ResumeWrite, writeResumes } from "../write-enrollment-pause.ts";
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
  return (await resumeHeldMany(tx, actor, [{ replyId, contactId, held, except }], now))[0];
}

/** What one reply's decision resumes (resumeHeld's arguments). */
export interface HeldByReply {
  replyId: string;
  contactId: string;
  held: readonly HeldEnrollment[];
  except: readonly string[];
}

/**
 * resumeHeld for replies of distinct contacts (a bulk decision), with a fixed number of statements:
 * the contacts' other pending replies, their reviews and the held enrollments are each read in one
 * statement, the resumes written together. Each reply resumes what it resumes alone: a reply sees
 * only its own contact's rows, and no two replies here share one.
 */
export async function resumeHeldMany(
  tx: Kysely<DB>,
  actor: Principal,
  replies: readonly HeldByReply[],
  now: Date,
): Promise<string[][]> {
  const clientId = actor.clientId;
  const candidates = replies.map((r) => r.held.filter((h) => !r.except.includes(h.enrollment_id)));
  const contacts = [...new Set(replies.filter((_, k) => candidates[k].length > 0).map((r) => r.contactId))];
  const out: string[][] = replies.map(() => []);
  if (contacts.length === 0) return out;
  const others = await tx
    .selectFrom("campaign_replies")
    .select(["id", "contact_id", "held"])
    .where("client_id", "=", clientId)
    .where("contact_id", "in", contacts)
    .where("triage", "=", "pending")
    .execute();
  const reviews = await pendingReviewHolds(tx, clientId, contacts);
  // what each reply may resume: held by no other pending reply of its contact
  const free = replies.map((r, k) => {
    const stillHeld = new Set(
      others
        .filter((o) => o.contact_id === r.contactId && o.id !== r.replyId)
        .flatMap((o) => (o.held as HeldEnrollment[]).map((h) => h.enrollment_id)),
    );
    return candidates[k].filter((h) => !stillHeld.has(h.enrollment_id));
  });
  const ids = free.flat().map((h) => h.enrollment_id);
  const rows =
    ids.length === 0
      ? []
      : await tx
          .selectFrom("campaign_contacts")
          .selectAll()
          .where("client_id", "=", clientId)
          .where("id", "in", ids)
          .where("status", "=", "paused")
          .where("hold_reason", "=", HOLD_REASON)
          .orderBy("id")
          .forUpdate()
          .execute();
  const byId = new Map(rows.map((e) => [e.id, e]));
  const handed = new Map<string, PausedEnrollment[]>();
  const resumes: ResumeWrite[] = [];
  replies.forEach((r, k) => {
    for (const h of free[k]) {
      const e = byId.get(h.enrollment_id);
      if (!e) continue; // ended, resumed or re-paused meanwhile
      if (reviews.has(r.contactId)) {
        handed.set(r.contactId, [
          ...(handed.get(r.contactId) ?? []),
          { enrollment_id: e.id, paused_until: h.paused_until ?? null },
        ]);
        continue;
      }
      const before = h.paused_until ? new Date(h.paused_until) : null;
      resumes.push({
        e,
        // back to its own pause while that lasts, else active
        backTo: { until: before && before.getTime() > now.getTime() ? before : null, holdReason: null },
        event: {
          actorPrincipalId: actor.principalId,
          resolution: "reply_triage",
          details: { reply_id: r.replyId, paused_until: before?.toISOString() ?? null },
        },
      });
      out[k].push(e.id);
    }
  });
  await handToReviews(tx, clientId, reviews, handed, now);
  await writeResumes(tx, clientId, resumes, now);
  return out;
}

/** The enrollments handed to a review: their hold becomes the review's, listed with its own. */
async function handToReviews(
  tx: Kysely<DB>,
  clientId: string,
  reviews: ReadonlyMap<string, { id: string; paused: PausedEnrollment[] }>,
  handed: ReadonlyMap<string, PausedEnrollment[]>,
  now: Date,
) {
  const ids = [...handed.values()].flat().map((h) => h.enrollment_id);
  if (ids.length === 0) return;
  await tx
    .updateTable("campaign_contacts")
    .set({ hold_reason: REVIEW_HOLD_REASON, updated_at: now })
    .where("client_id", "=", clientId)
    .where("id", "in", ids)
    .execute();
  for (const [contactId, hs] of handed) {
    const review = reviews.get(contactId)!;
    await tx
      .updateTable("inbound_reviews")
      .set({ paused: JSON.stringify([...review.paused, ...hs]) })
      .where("client_id", "=", clientId)
      .where("id", "=", review.id)
      .execute();
  }
}

/**
 * Each contact's oldest pending inbound review of a person's reply (one that holds sends), locked
 * (with the contact's other pending ones: one statement).
 */
async function pendingReviewHolds(
  tx: Kysely<DB>,
  clientId: string,
  contactIds: readonly string[],
): Promise<Map<string, { id: string; paused: PausedEnrollment[] }>> {
  const rows = await tx
    .selectFrom("inbound_reviews")
    .select(["id", "contact_id", "paused"])
    .where("client_id", "=", clientId)
    .where("contact_id", "in", contactIds)
    .where("status", "=", "pending")
    // an auto-reply's review holds nothing (as releaseHold in inbound-reviews.ts reads it)
    .where(sql<boolean>`(stop_request or classification->>'kind' = 'reply')`)
    .orderBy("created_at")
    .forUpdate()
    .execute();
  const out = new Map<string, { id: string; paused: PausedEnrollment[] }>();
  for (const r of rows)
    if (r.contact_id && !out.has(r.contact_id))
      out.set(r.contact_id, { id: r.id, paused: (r.paused ?? []) as PausedEnrollment[] });
  return out;
}

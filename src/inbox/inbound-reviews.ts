// The review queue of inbound mail Baton could not trust (issue 35 item 1; docs/mailboxes.md).
// - An untrusted *person's reply* (a stop request or not; not an auto-reply) pauses every send to
//   the contact at once (issue 56 item 1: any reply stops automatic touches, and with its threading
//   unproven we cannot tell which campaign it answers, so all of them; holdContactSends: each live
//   enrollment is paused with no end date and the hold reason reply_pending_review, which a send
//   that falls due meets at gate 5 in the transaction of the send, under the contact's lock).
// - It waits, with why it was not trusted, for a person to apply it (the hold released and the
//   same process_reply it would have run, with the classification it was given, in one
//   transaction: for a stop request the opt-out) or dismiss it (exactly what it held resumes).
// - An untrusted auto-reply holds nothing: it waits to be applied (the out-of-office pause) or
//   dismissed.
// RevOps and sales leaders decide (and admins); agents never do. Every decision is in the event log
// (inbound_trust, resolution review_applied / review_dismissed).
// Books (issue 61 item 2): a sales leader lists and decides the reviews of their book's prospects
// only (mail from no known contact is in no one's book but the workspace-wide roles'); another's is
// not found (docs/books.md "Queues").
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { type Book, bookOf, contactIdInBook } from "../books/index.ts";
import type { ReplyResult } from "../campaigns/index.ts";
import {
  applyReply,
  logCampaignEvent,
  type PausedEnrollment,
  prepareReply,
  REVIEW_HOLD_REASON,
  writeResume,
} from "../campaigns/index.ts";
import { lockContact } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { Classification, ReplyClassifier } from "../replies/index.ts";
import type { InboundTrust } from "./inbound-trust.ts";
import { ensureInboxPrincipal } from "./inbox-principal.ts";
import type { ReviewStatus } from "./tables.ts";

export const REVIEW_DECIDER_ROLES = ["revops", "slm", "admin"] as const;
export const REVIEW_READER_ROLES = ["revops", "slm", "admin", "exec"] as const;

// holdContactSends lives in its own file (hold-contact-sends.ts): process_reply's triage holds use it
// too, and process_reply is what this queue applies (one module importing the other both ways was a
// cycle).
export { holdContactSends, REVIEW_HOLD_REASON } from "../campaigns/index.ts";

export type { PausedEnrollment };

export interface ReviewInput {
  clientId: string;
  mailboxId: string;
  uidvalidity: string;
  uid: number;
  messageId: string;
  contactId: string | null;
  enrollmentId: string | null;
  from: string | null;
  subject: string;
  text: string;
  receivedAt: Date;
  kind: "reply" | "auto_reply";
  classification: Classification;
  trust: InboundTrust;
  paused: PausedEnrollment[];
}

/** Queues one untrusted message (in the transaction that records it). */
export async function queueReview(tx: Kysely<DB>, r: ReviewInput, now: Date): Promise<string> {
  const row = await tx
    .insertInto("inbound_reviews")
    .values({
      client_id: r.clientId,
      mailbox_id: r.mailboxId,
      uidvalidity: r.uidvalidity,
      uid: String(r.uid),
      message_id: r.messageId,
      contact_id: r.contactId,
      enrollment_id: r.enrollmentId,
      from_address: r.from,
      subject: r.subject.slice(0, 300),
      excerpt: r.text.slice(0, 500),
      body: r.text.slice(0, 20_000),
      received_at: r.receivedAt,
      classification: JSON.stringify({
        kind: r.kind,
        intent: r.classification.intent,
        confidence: r.classification.confidence,
        by: r.classification.by,
        return_date: r.classification.returnDate?.toISOString() ?? null,
      }),
      stop_request: r.classification.intent === "unsubscribe",
      why_untrusted: r.trust.why_not ?? "not trusted",
      trust: JSON.stringify(r.trust),
      paused: JSON.stringify(r.paused),
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface InboundReview {
  id: string;
  status: ReviewStatus;
  mailbox: string;
  message_id: string;
  contact_id: string | null;
  from: string | null;
  subject: string;
  excerpt: string;
  received_at: string;
  classification: {
    kind: string;
    intent: string;
    confidence: number;
    by: string;
    return_date: string | null;
  };
  stop_request: boolean;
  why_untrusted: string;
  trust: InboundTrust;
  /** enrollments the reply paused (a person's reply; an auto-reply holds none) */
  paused: PausedEnrollment[];
  decided_by: string | null;
  decided_at: string | null;
  outcome: Record<string, unknown> | null;
  created_at: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function reviewsQuery(db: Kysely<DB>, clientId: string, book: Book) {
  return db
    .selectFrom("inbound_reviews as r")
    .innerJoin("mailbox_inboxes as m", (j) =>
      j.onRef("m.client_id", "=", "r.client_id").onRef("m.id", "=", "r.mailbox_id"),
    )
    .selectAll("r")
    .select("m.mailbox")
    .where("r.client_id", "=", clientId)
    .where(reviewInBook(book, clientId));
}

/** The reviews (`alias`) of the book's prospects (count-queues.ts counts the same). */
export function reviewInBook(book: Book, clientId: string, alias = "r") {
  return contactIdInBook(book, clientId, `${alias}.contact_id`);
}

function toReview(
  r: Awaited<ReturnType<ReturnType<typeof reviewsQuery>["executeTakeFirstOrThrow"]>>,
): InboundReview {
  return {
    id: r.id,
    status: r.status,
    mailbox: r.mailbox,
    message_id: r.message_id,
    contact_id: r.contact_id,
    from: r.from_address,
    subject: r.subject,
    excerpt: r.excerpt,
    received_at: iso(r.received_at)!,
    classification: r.classification as InboundReview["classification"],
    stop_request: r.stop_request,
    why_untrusted: r.why_untrusted,
    trust: r.trust as InboundTrust,
    paused: r.paused as PausedEnrollment[],
    decided_by: r.decided_by,
    decided_at: iso(r.decided_at),
    outcome: (r.outcome as Record<string, unknown> | null) ?? null,
    created_at: iso(r.created_at)!,
  };
}

/** The queue oldest first, a page at a time (keyset on created_at, id). */
export async function listInboundReviews(
  db: Kysely<DB>,
  actor: Principal,
  filter: { status?: ReviewStatus; contactId?: string } & PageArgs = {},
): Promise<Page<InboundReview>> {
  requireRole(actor, "read the inbound review queue", ...REVIEW_READER_ROLES);
  let q = reviewsQuery(db, actor.clientId, await bookOf(db, actor));
  if (filter.status) q = q.where("r.status", "=", filter.status);
  if (filter.contactId) q = q.where("r.contact_id", "=", filter.contactId);
  const key = byTimeAndId("r.created_at", "r.id");
  const spec = { list: "inbound-reviews", tenant: actor.clientId, key, direction: "asc" } as const;
  const page = await keysetPage(q, spec, filter, 100);
  return { items: page.items.map(toReview), next_cursor: page.next_cursor };
}

export async function getInboundReview(db: Kysely<DB>, actor: Principal, id: string): Promise<InboundReview> {
  requireRole(actor, "read the inbound review queue", ...REVIEW_READER_ROLES);
  const r = /^[0-9a-f-]{36}$/i.test(id)
    ? await reviewsQuery(db, actor.clientId, await bookOf(db, actor))
        .where("r.id", "=", id)
        .executeTakeFirst()
    : undefined;
  if (!r) throw new BatonError("NOT_FOUND", { entity: "inbound review", id });
  return toReview(r);
}

/** A classifier that answers what the message was classified as when it arrived. */
function recorded(c: InboundReview["classification"]): ReplyClassifier {
  return {
    name: "inbound-review",
    classify: async () => ({
      intent: c.intent as Classification["intent"],
      returnDate: c.return_date ? new Date(c.return_date) : null,
      confidence: 1, // a person applied it: Baton acts on it (issue 56, automation.ts)
      by: `${c.by}; applied by a person`,
    }),
  };
}

/**
 * Releases what the review held, in the caller's transaction: each enrollment back to what it was
 * before (its out-of-office pause, or active), unless another pending review of the contact holds
 * the contact too (its reply held nothing: everything was already paused), which then keeps them
 * until it is decided. An enrollment a person resumed, ended, or a later trusted reply took over
 * (another hold reason) is left as it is.
 */
async function releaseHold(
  tx: Kysely<DB>,
  review: InboundReview,
  actor: Principal,
  decision: ReviewDecision,
  now: Date,
): Promise<number> {
  if (!review.contact_id || review.paused.length === 0) return 0;
  await lockContact(tx, actor.clientId, review.contact_id);
  const other = await tx
    .selectFrom("inbound_reviews")
    .select(["id", "paused"])
    .where("client_id", "=", actor.clientId)
    .where("contact_id", "=", review.contact_id)
    .where("status", "=", "pending")
    .where("id", "<>", review.id)
    // an auto-reply's review holds nothing (before 0344 only stop requests held)
    .where(sql<boolean>`(stop_request or classification->>'kind' = 'reply')`)
    .orderBy("created_at")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (other) {
    // still held by the other review: it resumes them when it is decided
    await tx
      .updateTable("inbound_reviews")
      .set({ paused: JSON.stringify([...(other.paused as PausedEnrollment[]), ...review.paused]) })
      .where("client_id", "=", actor.clientId)
      .where("id", "=", other.id)
      .execute();
    return 0;
  }
  let resumed = 0;
  for (const p of review.paused) {
    const e = await tx
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("client_id", "=", actor.clientId)
      .where("id", "=", p.enrollment_id)
      .where("status", "=", "paused")
      .where("paused_until", "is", null)
      // null: a stop request's hold from before 0344 named no reason
      .where((eb) => eb.or([eb("hold_reason", "=", REVIEW_HOLD_REASON), eb("hold_reason", "is", null)]))
      .forUpdate()
      .executeTakeFirst();
    if (!e) continue; // ended, resumed or taken over meanwhile
    await writeResume(
      tx,
      actor.clientId,
      e,
      // back to its out-of-office pause, else active
      { until: p.paused_until ? new Date(p.paused_until) : null, holdReason: null },
      {
        actorPrincipalId: actor.principalId,
        resolution: decision === "apply" ? "inbound_review_applied" : "inbound_review_dismissed",
        details: { review_id: review.id },
      },
      now,
    );
    resumed++;
  }
  return resumed;
}

export type ReviewDecision = "apply" | "dismiss";

/**
 * A person's decision on one pending review. apply: the review's hold released and process_reply as
 * it would have run (for a stop request: the opt-out), in one transaction, so the reply acts on the
 * contact as it found them and no send goes in between; dismiss: nothing happens to the person but
 * the sends the reply held resume.
 */
export async function decideInboundReview(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
  decision: ReviewDecision,
  now: Date,
): Promise<InboundReview> {
  requireRole(
    actor,
    decision === "apply" ? "apply untrusted inbound mail" : "dismiss untrusted inbound mail",
    ...REVIEW_DECIDER_ROLES,
  );
  const review = await getInboundReview(db, actor, id);
  if (review.status !== "pending")
    throw new BatonError("INBOUND_REVIEW_DECIDED", { id, status: review.status });
  const outcome: Record<string, unknown> = {};
  let apply: { ingester: Principal; prepared: Awaited<ReturnType<typeof prepareReply>> } | null = null;
  if (decision === "apply") {
    if (!review.contact_id) throw new BatonError("INBOUND_REVIEW_NO_CONTACT", { id });
    // the mailbox ingester submits it, as it would have; the person's decision is the event below
    const ingester = await ensureInboxPrincipal(db, actor.clientId);
    const row = await db
      .selectFrom("inbound_reviews")
      .select(["body", "enrollment_id"])
      .where("client_id", "=", actor.clientId)
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    // process_reply's first part: a stop request's opt-out commits on its own first (spec 001)
    const prepared = await prepareReply(
      db,
      ingester,
      {
        contactId: review.contact_id,
        text: row.body || review.subject,
        receivedAt: new Date(review.received_at),
        channel: "email",
        enrollmentId: row.enrollment_id ?? undefined,
        messageId: review.message_id,
        automatic: review.classification.kind === "auto_reply",
      },
      now,
      recorded(review.classification),
    );
    apply = { ingester, prepared };
  }
  try {
    await db.transaction().execute(async (tx) => {
      const marked = await tx
        .updateTable("inbound_reviews")
        .set({
          status: decision === "apply" ? "applied" : "dismissed",
          decided_by: actor.principalId,
          decided_at: now,
        })
        .where("client_id", "=", actor.clientId)
        .where("id", "=", id)
        .where("status", "=", "pending")
        .returning("id")
        .executeTakeFirst();
      if (!marked) throw new BatonError("INBOUND_REVIEW_DECIDED", { id, status: "decided meanwhile" });
      if (review.paused.length) outcome.resumed = await releaseHold(tx, review, actor, decision, now);
      if (apply) {
        const { prepared } = apply;
        const r: ReplyResult =
          "c" in prepared ? await applyReply(tx, apply.ingester, prepared, now) : prepared;
        Object.assign(outcome, {
          reply_id: r.reply_id,
          intent: r.intent,
          action: r.action,
          exit_reason: r.exit_reason,
          paused_until: r.paused_until,
        });
      }
      await tx
        .updateTable("inbound_reviews")
        .set({ outcome: JSON.stringify(outcome) })
        .where("client_id", "=", actor.clientId)
        .where("id", "=", id)
        .execute();
      await logCampaignEvent(
        tx,
        {
          type: "inbound_trust",
          clientId: actor.clientId,
          contactId: review.contact_id,
          actorPrincipalId: actor.principalId,
          resolution: decision === "apply" ? "review_applied" : "review_dismissed",
          details: {
            review_id: id,
            message_id: review.message_id,
            stop_request: review.stop_request,
            trust: review.trust,
            ...outcome,
          },
        },
        now,
      );
    });
  } catch (e) {
    rethrowDb(e);
  }
  return getInboundReview(db, actor, id);
}

// One message from a mailbox, start to end (issue 12 parts 2 and 3, issue 35): parse, classify,
// match, decide whether it can be trusted (inbound-trust.ts), then
//   - a trusted reply → process_reply (spec 002), with the message's Message-ID for idempotency;
//   - a trusted auto-reply → process_reply on the out-of-office path (pause until the return date),
//     unless a person's words are in it (a colleague's no, a left-company notice: issue 72), then as
//     a person's reply;
//   - an untrusted reply or auto-reply → it waits in the review queue (inbound-reviews.ts); no one
//     is opted out, exited or routed, and a person's reply (not an auto-reply) holds every live
//     enrollment of the contact at once, hold reason reply_pending_review (issue 56 item 1: any
//     reply stops automatic touches; with its threading unproven we cannot tell which campaign it
//     answers, so all of them: the safe side) until a person applies or dismisses it;
//   - a bounce that proves a send (VERP, or the original Message-ID of a send to that recipient)
//     → the item fails and the address's bounce count (hard: suppressed); a sender-fault bounce
//     keeps the address and flags the sending mailbox;
//   - a complaint (ARF) that proves a send → the complainant is suppressed, every live enrollment
//     of theirs ends, and the sending mailbox's complaint rate is updated (past 0.3 %: it pauses);
//   - anything else → counted as unmatched, and the mail is left where it is.
// Every decision records inbound_trust in the event log and in inbox_messages.outcome.
// Exactly-once effect from at-least-once fetch: process_reply and processBounce are idempotent per
// message id, and the inbox_messages row (keyed by mailbox, UIDVALIDITY, UID) is written in the
// same transaction as the address counts, the suppression, the review, the hold, the mailbox
// counters and the cursor. A message fetched again after a crash either finds its row (skipped) or
// re-runs idempotent calls.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { campaignPorts, logCampaignEvent, processReply } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { suppressAddress } from "../prospects/suppress-address.ts";
import type { Classification, ReplyClassifier } from "../replies/index.ts";
import { classifyReply, extractReturnDate } from "../replies/index.ts";
import { recordAddressBounce, resetSoftBounces } from "./bounce-address.ts";
import { processBounce } from "./bounces.ts";
import { classifyMail } from "./classify-mail.ts";
import { parseFeedbackReport } from "./feedback-report.ts";
import { type DnsResolver, readHeaders } from "./inbound-auth.ts";
import { holdContactSends, queueReview, REVIEW_HOLD_REASON } from "./inbound-reviews.ts";
import { decideReplyTrust, decideReportTrust, type InboundTrust, verpMessageIdOf } from "./inbound-trust.ts";
import type { InboxMetrics } from "./inbox-metrics.ts";
import {
  type ComplaintRate,
  flagSenderFault,
  recordBounceRate,
  recordComplaintRate,
} from "./mailbox-deliverability.ts";
import { matchInbound } from "./match-inbound.ts";
import { parseInbound } from "./parse-inbound.ts";
import type { InboxMessageKind } from "./tables.ts";

export interface InboxRef {
  clientId: string;
  id: string;
  mailbox: string;
}

export interface ProcessContext {
  db: Kysely<DB>;
  /** the tenant's mailbox-ingester agent (ensureInboxPrincipal) */
  actor: Principal;
  softBounceLimit: number;
  metrics: InboxMetrics;
  /** the reply classifier; default: the campaigns' configured one */
  classifier?: ReplyClassifier;
  /** BATON_SECRET: verifies the VERP return path a bounce or complaint arrives at */
  secret?: string;
  /** DNS for Baton's own DKIM check (tests inject one; default: the system resolver) */
  dnsResolver?: DnsResolver;
}

export interface ProcessedMessage {
  uid: number;
  kind: InboxMessageKind;
  duplicate: boolean;
  outcome: Record<string, unknown>;
}

/**
 * A person's words inside an automatic reply (issue 72 item 3): a colleague covering the inbox who
 * says no or stop, names someone to contact, says the person left the company, or a data-protection
 * request. Those are the reply, to act on as a person's; an absence is not.
 */
export function personSpeaks(c: Classification): boolean {
  return (
    c.intent === "not_interested" ||
    c.intent === "unsubscribe" ||
    c.intent === "referral" ||
    Boolean(c.dataRequest) ||
    c.leftCompany === true
  );
}

/**
 * RFC 3834 said automatic: the out-of-office path, whatever the words say, unless a person's words
 * are in it (personSpeaks): then their reading, and the mail is a person's reply.
 */
export async function readAutoReply(
  base: ReplyClassifier | undefined,
  text: string,
  receivedAt: Date,
): Promise<{ classification: Classification; person: boolean }> {
  const c = base ? await base.classify(text, receivedAt) : classifyReply(text, receivedAt);
  if (personSpeaks(c)) return { classification: c, person: true };
  if (c.intent === "out_of_office") return { classification: c, person: false };
  return {
    classification: {
      intent: "out_of_office",
      returnDate: extractReturnDate(text, receivedAt),
      confidence: 1,
      by: "rfc3834_auto_reply",
    },
    person: false,
  };
}

/** A classifier that gives a reading already made (the message is read once). */
function readAs(c: Classification): ReplyClassifier {
  return { name: "read", classify: async () => c };
}

export async function processInboundMessage(
  ctx: ProcessContext,
  inbox: InboxRef,
  uidvalidity: string,
  uid: number,
  raw: Buffer,
  now: Date,
): Promise<ProcessedMessage> {
  const { db } = ctx;
  const seen = await db
    .selectFrom("inbox_messages")
    .select(["kind", "outcome"])
    .where("client_id", "=", inbox.clientId)
    .where("mailbox_id", "=", inbox.id)
    .where("uidvalidity", "=", uidvalidity)
    .where("uid", "=", String(uid))
    .executeTakeFirst();
  if (seen) {
    await advanceCursor(db, inbox, uidvalidity, uid, now);
    return { uid, kind: seen.kind, duplicate: true, outcome: seen.outcome as Record<string, unknown> };
  }

  const m = await parseInbound(raw);
  const receivedAt = m.date && m.date.getTime() <= now.getTime() ? m.date : now;
  // the mailbox that received this is ours: never a bounce's failed recipient (issue 56)
  let cls = classifyMail(m, receivedAt, { ownAddresses: [inbox.mailbox] });
  // classifyMail reads complaints (src/inbox/bounce/read-feedback.ts); the strict RFC 5965 reader
  // also gives the report's Original-Mail-From (the VERP return path the complaint proves), and
  // stands in when a report's shape escaped the classifier (never over a bounce)
  const arf = parseFeedbackReport(raw);
  if (arf && cls.kind !== "complaint" && cls.kind !== "bounce")
    cls = {
      kind: "complaint",
      complaint: { recipient: arf.recipient, feedbackType: arf.feedbackType },
      originalMessageId: arf.originalMessageId,
    };
  const report = cls.kind === "bounce" || cls.kind === "complaint";
  const acts = report || cls.kind === "reply" || cls.kind === "auto_reply";
  const headers = readHeaders(raw);
  const verpId = report
    ? verpMessageIdOf(headers, [arf?.originalMailFrom], ctx.secret, inbox.clientId)
    : null;
  const match = acts ? await matchInbound(db, inbox.clientId, m, cls, now, verpId) : null;
  // a message without a Message-ID still needs a stable idempotency key
  const messageId = m.messageId ?? `<inbox-${inbox.id}-${uidvalidity}-${uid}@baton.invalid>`;
  let kind: InboxMessageKind = "unmatched";
  const outcome: Record<string, unknown> = { subject: m.subject.slice(0, 200), from: m.from };
  if (!acts) outcome.ignored = cls.kind;

  let trust: InboundTrust | null = null;
  /** an untrusted message's reading; hold: a person's reply holds the contact's sends */
  let held: { classification: Classification; hold: boolean } | null = null;
  if ((cls.kind === "reply" || cls.kind === "auto_reply") && match?.contactId) {
    const mailbox = await db
      .selectFrom("mailbox_inboxes")
      .select("trusted_authserv_ids")
      .where("client_id", "=", inbox.clientId)
      .where("id", "=", inbox.id)
      .executeTakeFirst();
    trust = await decideReplyTrust(raw, m, match, {
      trustedAuthservIds: mailbox?.trusted_authserv_ids ?? [],
      resolver: ctx.dnsResolver,
    });
    const base = ctx.classifier ?? (await campaignPorts()).classifier;
    const auto =
      cls.kind === "auto_reply" ? await readAutoReply(base, m.text || m.subject, receivedAt) : null;
    // a person's words in an automatic reply make it a person's reply (issue 72)
    const mailKind = auto?.person ? "reply" : cls.kind;
    const classifier = auto ? readAs(auto.classification) : base;
    if (auto?.person) outcome.person_in_auto_reply = true;
    if (trust.trusted) {
      kind = mailKind;
      try {
        const r = await processReply(
          db,
          ctx.actor,
          {
            contactId: match.contactId,
            text: m.text || m.subject,
            receivedAt,
            channel: "email",
            enrollmentId: match.enrollmentId ?? undefined,
            messageId,
            // issue 56: an auto-reply is not a person's reply (no triage, no reply policy)
            automatic: mailKind === "auto_reply",
          },
          now,
          classifier,
        );
        Object.assign(outcome, {
          reply_id: r.reply_id,
          intent: r.intent,
          action: r.action,
          exit_reason: r.exit_reason,
          paused_until: r.paused_until,
        });
        if (cls.kind === "auto_reply") outcome.auto_reply_by = cls.autoBy;
      } catch (e) {
        if (!isBatonError(e)) throw e; // the database: the mailbox retries this message
        outcome.error = e.code; // a refusal is final for this message; never block the mailbox on it
      }
    } else {
      // what it asks, so a person can apply it; no one is opted out, exited or routed now, and a
      // person's reply holds the contact's sends (issue 56 item 1), stop request or not
      kind = "untrusted";
      const c = await classifier.classify(m.text || m.subject, receivedAt);
      held = { classification: c, hold: mailKind === "reply" };
      Object.assign(outcome, { intent: c.intent, action: held.hold ? "held_for_review" : "review" });
    }
  } else if (report && match) {
    trust = decideReportTrust(cls, match);
    if (trust.trusted && cls.kind === "bounce" && cls.bounce) {
      const b = cls.bounce;
      kind = b.senderFault ? "sender_fault_bounce" : b.hard ? "hard_bounce" : "soft_bounce";
      outcome.status = b.status;
      outcome.reason = b.reason;
      if (match.deliveryMessageId) {
        try {
          const r = await processBounce(
            db,
            ctx.actor,
            {
              messageId: match.deliveryMessageId,
              error: [b.status, b.reason, b.diagnostic].filter(Boolean).join(" "),
              transient: !b.hard || b.senderFault,
            },
            now,
          );
          outcome.send_item_id = r.send_item_id;
          // issue 67 item 4: past 3 % bounces over its last 100 sends the mailbox pauses itself
          if (!b.senderFault) await recordBounceRate(db, inbox.clientId, match.deliveryMessageId, now);
        } catch (e) {
          if (!isBatonError(e)) throw e;
          outcome.error = e.code;
        }
      }
    } else if (trust.trusted && cls.kind === "complaint") {
      kind = "complaint";
      outcome.feedback_type = cls.complaint?.feedbackType ?? null;
    }
  } else if (report) trust = decideReportTrust(cls, null);
  if (trust && !trust.trusted && kind === "unmatched") outcome.why_not = trust.why_not;
  if (trust) outcome.inbound_trust = trust;

  let mailboxPaused: ComplaintRate | null = null;
  const result = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("inbox_messages")
      .values({
        client_id: inbox.clientId,
        mailbox_id: inbox.id,
        uidvalidity,
        uid: String(uid),
        message_id: messageId,
        kind,
        matched_by: kind === "unmatched" ? null : (match?.by ?? null),
        contact_id: kind === "unmatched" ? null : (match?.contactId ?? null),
        delivery_message_id: match?.deliveryMessageId ?? null,
        address: match?.address ?? null,
        status_code: cls.bounce?.status ?? null,
        outcome: JSON.stringify(outcome),
        processed_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("uid")
      .executeTakeFirst();
    if (!row) return { duplicate: true };
    if ((kind === "hard_bounce" || kind === "soft_bounce") && match && cls.bounce) {
      const b = await recordAddressBounce(
        tx,
        {
          clientId: inbox.clientId,
          address: match.address,
          hard: kind === "hard_bounce",
          status: cls.bounce.status,
          diagnostic: cls.bounce.diagnostic,
          softLimit: ctx.softBounceLimit,
        },
        now,
      );
      outcome.soft_in_row = b.softInRow;
      outcome.suppressed = b.suppressed;
    } else if (kind === "sender_fault_bounce" && match && cls.bounce) {
      const b = cls.bounce;
      await flagSenderFault(
        tx,
        inbox.clientId,
        match.mailbox,
        `${b.reason} ${b.status ?? ""} ${b.diagnostic ?? ""}`,
        now,
      );
      outcome.mailbox_flagged = match.mailbox;
    } else if (kind === "complaint" && match) {
      const s = await suppressAddress(
        tx,
        {
          clientId: inbox.clientId,
          email: match.address,
          reason: `complaint (ARF ${cls.complaint?.feedbackType ?? "abuse"})`,
          source: "complaint",
        },
        now,
      );
      outcome.suppressed = "complaint";
      outcome.enrollments_ended = s.enrollmentsEnded;
      const rate = await recordComplaintRate(tx, inbox.clientId, match.mailbox, now);
      outcome.complaint_rate = {
        mailbox: rate.mailbox,
        complaints: rate.complaints,
        sends: rate.sends,
        rate: rate.rate,
      };
      if (rate.paused) outcome.mailbox_paused = rate.mailbox;
      mailboxPaused = rate;
    } else if (kind === "untrusted" && held && match?.contactId && trust) {
      const paused = held.hold
        ? await holdContactSends(
            tx,
            inbox.clientId,
            match.contactId,
            now,
            {
              message_id: messageId,
              why_untrusted: trust.why_not,
              intent: held.classification.intent,
            },
            REVIEW_HOLD_REASON,
            REVIEW_HOLD_REASON,
          )
        : [];
      outcome.review_id = await queueReview(
        tx,
        {
          clientId: inbox.clientId,
          mailboxId: inbox.id,
          uidvalidity,
          uid,
          messageId,
          contactId: match.contactId,
          enrollmentId: match.enrollmentId,
          from: m.from,
          subject: m.subject,
          text: m.text || m.subject,
          receivedAt,
          kind: held.hold ? "reply" : "auto_reply",
          classification: held.classification,
          trust,
          paused,
        },
        now,
      );
      outcome.paused_enrollments = paused.length;
    } else if (kind === "reply" && match) {
      await resetSoftBounces(tx, inbox.clientId, match.address);
    }
    if (trust)
      await logCampaignEvent(
        tx,
        {
          type: "inbound_trust",
          clientId: inbox.clientId,
          contactId: match?.contactId ?? null,
          actorPrincipalId: ctx.actor.principalId,
          resolution: trust.trusted ? "trusted" : "untrusted",
          details: {
            message_id: messageId,
            mailbox: inbox.mailbox,
            class: cls.kind,
            kind,
            ...trust,
            ...(outcome.review_id ? { review_id: outcome.review_id } : {}),
          },
        },
        now,
      );
    await tx
      .updateTable("inbox_messages")
      .set({ outcome: JSON.stringify(outcome) })
      .where("client_id", "=", inbox.clientId)
      .where("mailbox_id", "=", inbox.id)
      .where("uidvalidity", "=", uidvalidity)
      .where("uid", "=", String(uid))
      .execute();
    await tx
      .updateTable("mailbox_inboxes")
      .set({
        processed_count: sql<string>`processed_count + 1`,
        unmatched_count:
          kind === "unmatched" ? sql<string>`unmatched_count + 1` : sql<string>`unmatched_count`,
      })
      .where("client_id", "=", inbox.clientId)
      .where("id", "=", inbox.id)
      .execute();
    await advanceCursor(tx, inbox, uidvalidity, uid, now);
    return { duplicate: false };
  });
  if (!result.duplicate) {
    ctx.metrics.messageProcessed(inbox.mailbox, kind);
    const rate = mailboxPaused as ComplaintRate | null;
    if (rate) ctx.metrics.complaintRate(rate.mailbox, rate.rate, rate.paused);
  }
  return { uid, kind, duplicate: result.duplicate, outcome };
}

/** The cursor only moves forward, and only within the UIDVALIDITY it was read under. */
export async function advanceCursor(
  db: Kysely<DB>,
  inbox: InboxRef,
  uidvalidity: string,
  uid: number,
  now: Date,
): Promise<void> {
  await db
    .updateTable("mailbox_inboxes")
    .set((eb) => ({
      last_uid: eb.fn("greatest", [eb.ref("last_uid"), eb.val(String(uid))]),
      last_sync_at: now,
      updated_at: now,
    }))
    .where("client_id", "=", inbox.clientId)
    .where("id", "=", inbox.id)
    .where("uidvalidity", "=", uidvalidity)
    .execute();
}

// The decide stage of process-inbound.ts: what a read message is and what it does, before anything
// is recorded. A trusted reply goes to process_reply now, an untrusted one is read for the review
// queue, a trusted bounce fails its send; the record stage (record-inbound.ts) then writes the
// rest in one transaction. Calls here are idempotent per message id, so a re-fetch may repeat them.
import { campaignPorts, processReply } from "../campaigns/index.ts";
import { isBatonError } from "../errors/baton-error.ts";
import type { Classification, ReplyClassifier } from "../replies/index.ts";
import { classifyReply, extractReturnDate } from "../replies/index.ts";
import { processBounce } from "./bounces.ts";
import type { InboundDecision, InboundReading, InboxRef, ProcessContext } from "./inbound-message.ts";
import { decideReplyTrust, decideReportTrust } from "./inbound-trust.ts";
import { recordBounceRate } from "./mailbox-deliverability.ts";
import type { InboundMatch } from "./match-inbound.ts";

/**
 * A person's words inside an automatic reply (issue 72 item 3): a colleague covering the inbox who
 * says no or stop, names someone to contact, says the person left the company, or a data-protection
 * request. Those are the reply, to act on as a person's; an absence is not. Whatever a colleague
 * covering the inbox writes is a person's reply: a no is acted on, anything else goes to a person.
 */
export function personSpeaks(c: Classification): boolean {
  return (
    c.intent === "not_interested" ||
    c.intent === "unsubscribe" ||
    c.intent === "referral" ||
    Boolean(c.dataRequest) ||
    c.leftCompany === true ||
    c.coveringInbox === true
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

/** The decide stage: the message's kind, its outcome so far, its trust and, if untrusted, its reading. */
export async function decideInbound(
  ctx: ProcessContext,
  inbox: InboxRef,
  r: InboundReading,
  now: Date,
): Promise<InboundDecision> {
  const { cls, match } = r;
  const d: InboundDecision = {
    kind: "unmatched",
    outcome: { subject: r.m.subject.slice(0, 200), from: r.m.from },
    trust: null,
    held: null,
  };
  if (!r.acts) d.outcome.ignored = cls.kind;
  if ((cls.kind === "reply" || cls.kind === "auto_reply") && match?.contactId) {
    await decideReply(ctx, inbox, r, cls.kind, match, match.contactId, d, now);
  } else if (r.report && match) {
    await decideReport(ctx, inbox, r, match, d, now);
  } else if (r.report) d.trust = decideReportTrust(cls, null);
  if (d.trust && !d.trust.trusted && d.kind === "unmatched") d.outcome.why_not = d.trust.why_not;
  if (d.trust) d.outcome.inbound_trust = d.trust;
  return d;
}

/**
 * A reply or auto-reply from a matched contact: trusted, it goes to process_reply now; untrusted,
 * it is read so a person can apply it from the review queue, and no one is opted out, exited or
 * routed (a person's reply holds the contact's sends: issue 56 item 1).
 */
async function decideReply(
  ctx: ProcessContext,
  inbox: InboxRef,
  r: InboundReading,
  replyKind: "reply" | "auto_reply",
  match: InboundMatch,
  contactId: string,
  d: InboundDecision,
  now: Date,
): Promise<void> {
  const { m, cls, receivedAt } = r;
  const { outcome } = d;
  const mailbox = await ctx.db
    .selectFrom("mailbox_inboxes")
    .select("trusted_authserv_ids")
    .where("client_id", "=", inbox.clientId)
    .where("id", "=", inbox.id)
    .executeTakeFirst();
  const trust = await decideReplyTrust(r.raw, m, match, {
    trustedAuthservIds: mailbox?.trusted_authserv_ids ?? [],
    resolver: ctx.dnsResolver,
  });
  d.trust = trust;
  const base = ctx.classifier ?? (await campaignPorts()).classifier;
  const auto = replyKind === "auto_reply" ? await readAutoReply(base, m.text || m.subject, receivedAt) : null;
  // a person's words in an automatic reply make it a person's reply (issue 72)
  const mailKind = auto?.person ? "reply" : replyKind;
  const classifier = auto ? readAs(auto.classification) : base;
  if (auto?.person) outcome.person_in_auto_reply = true;
  if (trust.trusted) {
    d.kind = mailKind;
    try {
      const p = await processReply(
        ctx.db,
        ctx.actor,
        {
          contactId,
          text: m.text || m.subject,
          receivedAt,
          channel: "email",
          enrollmentId: match.enrollmentId ?? undefined,
          messageId: r.messageId,
          // issue 56: an auto-reply is not a person's reply (no triage, no reply policy)
          automatic: mailKind === "auto_reply",
        },
        now,
        classifier,
      );
      Object.assign(outcome, {
        reply_id: p.reply_id,
        intent: p.intent,
        action: p.action,
        exit_reason: p.exit_reason,
        paused_until: p.paused_until,
      });
      if (cls.kind === "auto_reply") outcome.auto_reply_by = cls.autoBy;
    } catch (e) {
      if (!isBatonError(e)) throw e; // the database: the mailbox retries this message
      outcome.error = e.code; // a refusal is final for this message; never block the mailbox on it
    }
  } else {
    // what it asks, so a person can apply it; no one is opted out, exited or routed now, and a
    // person's reply holds the contact's sends (issue 56 item 1), stop request or not
    d.kind = "untrusted";
    const c = await classifier.classify(m.text || m.subject, receivedAt);
    d.held = { classification: c, hold: mailKind === "reply" };
    Object.assign(outcome, { intent: c.intent, action: d.held.hold ? "held_for_review" : "review" });
  }
}

/**
 * A bounce or complaint matched to a send: trusted (it proves the send), a bounce fails the send
 * item now and counts toward the mailbox's bounce rate; a complaint is acted on when recorded.
 */
async function decideReport(
  ctx: ProcessContext,
  inbox: InboxRef,
  r: InboundReading,
  match: InboundMatch,
  d: InboundDecision,
  now: Date,
): Promise<void> {
  const { cls } = r;
  const { outcome } = d;
  const trust = decideReportTrust(cls, match);
  d.trust = trust;
  if (trust.trusted && cls.kind === "bounce" && cls.bounce) {
    const b = cls.bounce;
    d.kind = b.senderFault ? "sender_fault_bounce" : b.hard ? "hard_bounce" : "soft_bounce";
    outcome.status = b.status;
    outcome.reason = b.reason;
    if (match.deliveryMessageId) {
      try {
        const p = await processBounce(
          ctx.db,
          ctx.actor,
          {
            messageId: match.deliveryMessageId,
            error: [b.status, b.reason, b.diagnostic].filter(Boolean).join(" "),
            transient: !b.hard || b.senderFault,
          },
          now,
        );
        outcome.send_item_id = p.send_item_id;
        // issue 67 item 4: past 3 % bounces over its last 100 sends the mailbox pauses itself
        if (!b.senderFault) await recordBounceRate(ctx.db, inbox.clientId, match.deliveryMessageId, now);
      } catch (e) {
        if (!isBatonError(e)) throw e;
        outcome.error = e.code;
      }
    }
  } else if (trust.trusted && cls.kind === "complaint") {
    d.kind = "complaint";
    outcome.feedback_type = cls.complaint?.feedbackType ?? null;
  }
}

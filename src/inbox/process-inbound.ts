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
import { openOutOfOfficeLanguages } from "../campaigns/index.ts";
import { classLanguage } from "../replies/index.ts";
import { classifyMail } from "./classify-mail.ts";
import { decideInbound } from "./decide-inbound.ts";
import { parseFeedbackReport } from "./feedback-report.ts";
import { readHeaders } from "./inbound-auth.ts";
import type { InboundReading, InboxRef, ProcessContext } from "./inbound-message.ts";
import { verpMessageIdOf } from "./inbound-trust.ts";
import { matchInbound } from "./match-inbound.ts";
import { parseInbound } from "./parse-inbound.ts";
import { advanceCursor, recordInbound } from "./record-inbound.ts";
import type { InboxMessageKind } from "./tables.ts";

export type { InboxRef, ProcessContext } from "./inbound-message.ts";

export interface ProcessedMessage {
  uid: number;
  kind: InboxMessageKind;
  duplicate: boolean;
  outcome: Record<string, unknown>;
}

/**
 * One message, in three stages: read (parse, classify, match: readInbound), decide (what it is and
 * what it does now: decide-inbound.ts), record (one transaction: record-inbound.ts). A message
 * already recorded only moves the cursor.
 */
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

  const reading = await readInbound(ctx, inbox, uidvalidity, uid, raw, now);
  const decision = await decideInbound(ctx, inbox, reading, now);
  const result = await db
    .transaction()
    .execute((tx) => recordInbound(ctx, tx, inbox, { uidvalidity, uid }, reading, decision, now));
  if (!result.duplicate) {
    ctx.metrics.messageProcessed(inbox.mailbox, decision.kind);
    const rate = result.mailboxPaused;
    if (rate) ctx.metrics.complaintRate(rate.mailbox, rate.rate, rate.paused);
  }
  return { uid, kind: decision.kind, duplicate: result.duplicate, outcome: decision.outcome };
}

/**
 * The read stage: parse the message, classify it (a strict ARF reading stands in for a complaint
 * the classifier missed), and match a message Baton acts on to its send or contact. Reads only.
 */
async function readInbound(
  ctx: ProcessContext,
  inbox: InboxRef,
  uidvalidity: string,
  uid: number,
  raw: Buffer,
  now: Date,
): Promise<InboundReading> {
  const m = await parseInbound(raw);
  const receivedAt = m.date && m.date.getTime() <= now.getTime() ? m.date : now;
  // a person's out-of-office words are automatic mail only where the team opened that class
  const oooOpen = await openOutOfOfficeLanguages(ctx.db, inbox.clientId);
  // the mailbox that received this is ours: never a bounce's failed recipient (issue 56)
  let cls = classifyMail(m, receivedAt, {
    ownAddresses: [inbox.mailbox],
    outOfOfficeOpen: (language) => oooOpen.has(classLanguage(language)),
  });
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
  const match = acts ? await matchInbound(ctx.db, inbox.clientId, m, cls, now, verpId) : null;
  // a message without a Message-ID still needs a stable idempotency key
  const messageId = m.messageId ?? `<inbox-${inbox.id}-${uidvalidity}-${uid}@baton.invalid>`;
  return { raw, m, receivedAt, cls, report, acts, match, messageId };
}

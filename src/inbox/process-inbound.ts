// One message from a mailbox, start to end (issue 12 parts 2 and 3): parse, classify, match, then
//   - a reply → process_reply (spec 002), with the message's Message-ID for idempotency;
//   - an auto-reply → process_reply on the out-of-office path (pause until the return date);
//   - a DSN → bounce handling (processBounce: the item fails) and the address's bounce count;
//   - nothing matched → counted, and the mail is left where it is (not deleted, not flagged).
// Exactly-once effect from at-least-once fetch: process_reply and processBounce are idempotent per
// message id, and the inbox_messages row (keyed by mailbox, UIDVALIDITY, UID) is written in the
// same transaction as the address counts, the mailbox counters and the cursor. A message fetched
// again after a crash either finds its row (skipped) or re-runs idempotent calls.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { processReply } from "../campaigns/process-reply.ts";
import type { DB } from "../db/database.ts";
import { processBounce } from "../engine/bounces.ts";
import { isBatonError } from "../errors/baton-error.ts";
import type { ReplyClassifier } from "../replies/classifier.ts";
import { extractReturnDate } from "../replies/return-date.ts";
import { classifyReply } from "../replies/rule-classifier.ts";
import { recordAddressBounce, resetSoftBounces } from "./bounce-address.ts";
import { classifyInbound } from "./classify-inbound.ts";
import type { InboxMetrics } from "./inbox-metrics.ts";
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
}

export interface ProcessedMessage {
  uid: number;
  kind: InboxMessageKind;
  duplicate: boolean;
  outcome: Record<string, unknown>;
}

/** RFC 3834 said automatic: the out-of-office path, whatever the words say. */
export function outOfOfficeClassifier(base?: ReplyClassifier): ReplyClassifier {
  return {
    name: "auto-reply",
    async classify(text, receivedAt) {
      const c = base ? await base.classify(text, receivedAt) : classifyReply(text, receivedAt);
      if (c.intent === "out_of_office") return c;
      return {
        intent: "out_of_office",
        returnDate: extractReturnDate(text, receivedAt),
        confidence: 1,
        by: "rfc3834_auto_reply",
      };
    },
  };
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
  const cls = classifyInbound(m, receivedAt);
  const match = cls.kind === "ignored" ? null : await matchInbound(db, inbox.clientId, m, cls, now);
  // a message without a Message-ID still needs a stable idempotency key
  const messageId = m.messageId ?? `<inbox-${inbox.id}-${uidvalidity}-${uid}@baton.invalid>`;
  let kind: InboxMessageKind = "unmatched";
  const outcome: Record<string, unknown> = { subject: m.subject.slice(0, 200), from: m.from };
  if (cls.kind === "ignored") outcome.ignored = cls.why;

  if (match && (cls.kind === "reply" || cls.kind === "auto_reply") && match.contactId) {
    kind = cls.kind;
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
        },
        now,
        cls.kind === "auto_reply" ? outOfOfficeClassifier(ctx.classifier) : ctx.classifier,
      );
      Object.assign(outcome, {
        reply_id: r.reply_id,
        intent: r.intent,
        action: r.action,
        exit_reason: r.exit_reason,
        paused_until: r.paused_until,
      });
      if (cls.kind === "auto_reply") outcome.auto_reply_by = cls.by;
    } catch (e) {
      if (!isBatonError(e)) throw e; // the database: the mailbox retries this message
      outcome.error = e.code; // a refusal is final for this message; never block the mailbox on it
    }
  } else if (match && (cls.kind === "hard_bounce" || cls.kind === "soft_bounce")) {
    kind = cls.kind;
    outcome.status = cls.recipient.status;
    if (match.deliveryMessageId) {
      try {
        const b = await processBounce(
          db,
          ctx.actor,
          {
            messageId: match.deliveryMessageId,
            error: [cls.recipient.status, cls.recipient.diagnostic].filter(Boolean).join(" "),
            transient: cls.kind === "soft_bounce",
          },
          now,
        );
        outcome.send_item_id = b.send_item_id;
      } catch (e) {
        if (!isBatonError(e)) throw e;
        outcome.error = e.code;
      }
    }
  }

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
        status_code: "recipient" in cls ? cls.recipient.status : null,
        outcome: JSON.stringify(outcome),
        processed_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("uid")
      .executeTakeFirst();
    if (!row) return { duplicate: true };
    if ((kind === "hard_bounce" || kind === "soft_bounce") && match && "recipient" in cls) {
      const b = await recordAddressBounce(
        tx,
        {
          clientId: inbox.clientId,
          address: match.address,
          hard: kind === "hard_bounce",
          status: cls.recipient.status,
          diagnostic: cls.recipient.diagnostic,
          softLimit: ctx.softBounceLimit,
        },
        now,
      );
      outcome.soft_in_row = b.softInRow;
      outcome.suppressed = b.suppressed;
      await tx
        .updateTable("inbox_messages")
        .set({ outcome: JSON.stringify(outcome) })
        .where("client_id", "=", inbox.clientId)
        .where("mailbox_id", "=", inbox.id)
        .where("uidvalidity", "=", uidvalidity)
        .where("uid", "=", String(uid))
        .execute();
    } else if (kind === "reply" && match) {
      await resetSoftBounces(tx, inbox.clientId, match.address);
    }
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
  if (!result.duplicate) ctx.metrics.messageProcessed(inbox.mailbox, kind);
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

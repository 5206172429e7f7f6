// The record stage of process-inbound.ts: one transaction writes the inbox_messages row (keyed by
// mailbox, UIDVALIDITY, UID: a message fetched again finds it and does nothing), the decision's
// effects (address counts, the suppression, the review and the hold, the mailbox's flags and
// rates), the inbound_trust event, the mailbox's counters and the cursor. All or none of it.
import { type Kysely, sql } from "kysely";
import { logCampaignEvent } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { suppressAddress } from "../prospects/suppress-address.ts";
import { recordAddressBounce, resetSoftBounces } from "./bounce-address.ts";
import type { InboundDecision, InboundReading, InboxRef, ProcessContext } from "./inbound-message.ts";
import { holdContactSends, queueReview, REVIEW_HOLD_REASON } from "./inbound-reviews.ts";
import { type ComplaintRate, flagSenderFault, recordComplaintRate } from "./mailbox-deliverability.ts";

/** Which message of which mailbox: the inbox_messages row's key. */
export interface MessageKey {
  uidvalidity: string;
  uid: number;
}

/**
 * The record stage, in one transaction. duplicate: another run recorded this message first (its
 * row was there), and nothing else was written; mailboxPaused: a complaint's rate, for the metrics.
 */
export async function recordInbound(
  ctx: ProcessContext,
  tx: Kysely<DB>,
  inbox: InboxRef,
  key: MessageKey,
  r: InboundReading,
  d: InboundDecision,
  now: Date,
): Promise<{ duplicate: boolean; mailboxPaused: ComplaintRate | null }> {
  const { uidvalidity, uid } = key;
  const { cls, match, messageId } = r;
  const { kind, outcome, trust } = d;
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
  if (!row) return { duplicate: true, mailboxPaused: null };
  const mailboxPaused = await applyDecision(ctx, tx, inbox, key, r, d, now);
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
      unmatched_count: kind === "unmatched" ? sql<string>`unmatched_count + 1` : sql<string>`unmatched_count`,
    })
    .where("client_id", "=", inbox.clientId)
    .where("id", "=", inbox.id)
    .execute();
  await advanceCursor(tx, inbox, uidvalidity, uid, now);
  return { duplicate: false, mailboxPaused };
}

/**
 * The decision's effect on the address, the mailbox or the contact, by kind: a bounce counts on the
 * address, a sender-fault bounce flags the mailbox, a complaint suppresses the complainant and
 * updates the mailbox's rate (returned), an untrusted reply queues its review (and holds), and a
 * trusted reply clears the address's soft bounces.
 */
async function applyDecision(
  ctx: ProcessContext,
  tx: Kysely<DB>,
  inbox: InboxRef,
  key: MessageKey,
  r: InboundReading,
  d: InboundDecision,
  now: Date,
): Promise<ComplaintRate | null> {
  const { cls, match } = r;
  const { kind, outcome, trust, held } = d;
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
    return rate;
  } else if (kind === "untrusted" && held && match?.contactId && trust) {
    const paused = held.hold
      ? await holdContactSends(
          tx,
          inbox.clientId,
          match.contactId,
          now,
          {
            message_id: r.messageId,
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
        uidvalidity: key.uidvalidity,
        uid: key.uid,
        messageId: r.messageId,
        contactId: match.contactId,
        enrollmentId: match.enrollmentId,
        from: r.m.from,
        subject: r.m.subject,
        text: r.m.text || r.m.subject,
        receivedAt: r.receivedAt,
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
  return null;
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

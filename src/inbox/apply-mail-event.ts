// One bounce or complaint a provider reported (issue 35 item 5), applied once: it acts only when
// it proves a send Baton made (the original Message-ID it carries matches channel_deliveries.
// message_id for that recipient in that tenant); then
//   - a bounce fails the delivery and its send item (processBounce, spec 002) and, unless the fault
//     is the sender's, counts against the address (recordAddressBounce: hard → suppressed at once,
//     soft → counted, BATON_SOFT_BOUNCE_LIMIT in a row → suppressed);
//   - a complaint suppresses the address (source 'complaint'), which ends every live enrollment of
//     the people at it and cancels their unsent touches.
// Every event is recorded with its outcome and why, matched or not, keyed by the provider's event
// id (webhookEventRecorder: mail_webhook_events): a retry or a replay of the same event changes
// nothing. The recorder is a parameter, so the IMAP path can apply its bounces and complaints here
// and keep its own record (inbox_messages).
//
// Exactly-once effect from at-least-once delivery, as the IMAP path does it: processBounce is
// idempotent per message (and takes its own transaction), and the event row is written in the
// same transaction as the address's bounce count or the suppression.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { suppressAddress } from "../prospects/suppress-address.ts";
import { recordAddressBounce } from "./bounce-address.ts";
import { processBounce } from "./bounces.ts";
import type { MailEvent } from "./mail-event.ts";
import { flagSenderFault, recordBounceRate, recordComplaintRate } from "./mailbox-deliverability.ts";
import type { WebhookOutcome } from "./webhook-tables.ts";

export interface ApplyMailEventContext {
  db: Kysely<DB>;
  /** the tenant the event was posted to (its endpoint's, or its mailbox's) */
  clientId: string;
  /** who reports the bounce (the tenant's webhook agent, ensureWebhookPrincipal) */
  actor: Principal;
  /** soft bounces in a row that suppress an address (config inbox.softBounceLimit) */
  softBounceLimit: number;
  /** where the event is recorded once (webhookEventRecorder; an inbox message recorder can take its place) */
  recorder: MailEventRecorder;
}

export interface RecordedMailEvent {
  outcome: WebhookOutcome;
  why: string;
  contactId: string | null;
  details: Record<string, unknown>;
}

/**
 * The event's record: found before anything acts (a retry or replay), written in the transaction
 * of its effects, and its details completed there. `record` returns false when a concurrent
 * delivery of the same event recorded it first (then nothing acts).
 */
export interface MailEventRecorder {
  find(db: Kysely<DB>, event: MailEvent): Promise<RecordedMailEvent | null>;
  record(tx: Kysely<DB>, event: MailEvent, r: RecordedMailEvent, now: Date): Promise<boolean>;
  update(tx: Kysely<DB>, event: MailEvent, details: Record<string, unknown>): Promise<void>;
}

/** Where the event came from: the tenant and its webhook endpoint. */
export interface MailEventSource {
  clientId: string;
  webhookId: string;
}

export interface AppliedMailEvent extends RecordedMailEvent {
  providerEventId: string;
  kind: MailEvent["kind"];
  /** the event was recorded before: nothing changed now */
  duplicate: boolean;
}

export interface SentMessage {
  messageId: string;
  address: string;
  contactId: string | null;
  /** the mailbox that sent it (its deliverability is flagged or paused), when recorded */
  mailbox: string | null;
}

const bare = (id: string) => id.replace(/^<|>$/g, "");

/** The send Baton made with this Message-ID to this address in this tenant, or null. */
export async function findSentMessage(
  db: Kysely<DB>,
  clientId: string,
  originalMessageId: string,
  recipient: string,
): Promise<SentMessage | null> {
  const id = bare(originalMessageId);
  const r = await sql<{
    message_id: string;
    to_address: string;
    contact_id: string | null;
    mailbox: string | null;
  }>`
    select d.message_id, lower(d.to_address) as to_address, d.mailbox,
           coalesce(q.contact_id, (select c.contact_id from contacts c
              where c.client_id = d.client_id and lower(c.email) = lower(d.to_address)
              order by c.created_at limit 1)) as contact_id
      from channel_deliveries d
      left join sales_send_queue q on q.client_id = d.client_id and q.idempotency_key = d.idempotency_key
     where d.client_id = ${clientId} and d.message_id = any(${[id, `<${id}>`]}::text[])
       and lower(d.to_address) = ${recipient.toLowerCase()}
     limit 1`.execute(db);
  const row = r.rows[0];
  return row
    ? { messageId: row.message_id, address: row.to_address, contactId: row.contact_id, mailbox: row.mailbox }
    : null;
}

export async function applyMailEvent(
  ctx: ApplyMailEventContext,
  event: MailEvent,
  now: Date,
): Promise<AppliedMailEvent> {
  const { db, recorder, clientId } = ctx;
  const out = (r: RecordedMailEvent, duplicate = false): AppliedMailEvent => ({
    providerEventId: event.providerEventId,
    kind: event.kind,
    duplicate,
    ...r,
  });
  const prior = () => recorder.find(db, event).then((r) => out(r!, true));
  const seen = await recorder.find(db, event);
  if (seen) return out(seen, true);
  /** records without acting (unmatched, ignored) */
  const only = async (r: RecordedMailEvent) =>
    (await db.transaction().execute((tx) => recorder.record(tx, event, r, now))) ? out(r) : prior();

  // 1. proof of a send: the original Message-ID, to this recipient, in this tenant
  const sent = event.originalMessageId
    ? await findSentMessage(db, clientId, event.originalMessageId, event.recipient)
    : null;
  if (!sent) {
    const why = event.originalMessageId
      ? `no send with Message-ID ${event.originalMessageId.slice(0, 200)} to this recipient in this tenant`
      : "the event carries no original Message-ID";
    return only({ outcome: "unmatched", why, contactId: null, details: {} });
  }

  // 2. effects
  if (event.kind === "complaint") {
    if (event.complaint.feedbackType === "not-spam")
      return only({
        outcome: "ignored",
        why: "feedback type not-spam: the recipient took the message out of spam",
        contactId: sent.contactId,
        details: {},
      });
    const r: RecordedMailEvent = {
      outcome: "applied",
      why: `complaint (${event.complaint.feedbackType}) on ${sent.messageId}: address suppressed`,
      contactId: sent.contactId,
      // the complaint rate of the mailbox that sent it counts this Message-ID
      details: { message_id: sent.messageId },
    };
    const done = await db.transaction().execute(async (tx) => {
      if (!(await recorder.record(tx, event, r, now))) return false;
      const s = await suppressAddress(
        tx,
        {
          clientId,
          email: sent.address,
          reason: `complaint ${event.provider} ${event.complaint.feedbackType}`.slice(0, 200),
          source: "complaint",
        },
        now,
      );
      Object.assign(r.details, {
        suppressed: "complaint",
        newly_suppressed: s.created,
        enrollments_ended: s.enrollmentsEnded,
        items_cancelled: s.itemsCancelled,
      });
      if (sent.mailbox) {
        // the same rate, and the same pause past 0.3 %, as a complaint read from a mailbox
        const rate = await recordComplaintRate(tx, clientId, sent.mailbox, now);
        r.details.complaint_rate = { mailbox: rate.mailbox, complaints: rate.complaints, sends: rate.sends };
        if (rate.paused) r.details.mailbox_paused = rate.mailbox;
      }
      await recorder.update(tx, event, r.details);
      return true;
    });
    return done ? out(r) : prior();
  }

  const b = event.bounce;
  const r: RecordedMailEvent = {
    outcome: "applied",
    why: b.senderFault
      ? `${b.reason} bounce on ${sent.messageId}: the sender's fault, the address is kept`
      : `${b.hard ? "hard" : "soft"} bounce (${b.reason}) on ${sent.messageId}`,
    contactId: sent.contactId,
    details: { message_id: sent.messageId },
  };
  // the delivery and its item fail, whoever's fault it was (idempotent; its own transaction)
  try {
    const f = await processBounce(
      db,
      ctx.actor,
      {
        messageId: sent.messageId,
        error: [b.status, b.reason, b.diagnostic].filter(Boolean).join(" ").slice(0, 400),
        transient: !b.hard,
      },
      now,
    );
    r.details.send_item_id = f.send_item_id;
    // issue 67 item 4: past 3 % bounces over its last 100 sends the mailbox pauses itself
    if (!b.senderFault) await recordBounceRate(db, clientId, sent.messageId, now);
    r.details.delivery = "failed";
  } catch (e) {
    if (!isBatonError(e)) throw e; // the database: the provider retries the event
    r.details.error = e.code;
  }
  const done = await db.transaction().execute(async (tx) => {
    if (!(await recorder.record(tx, event, r, now))) return false;
    if (b.senderFault) {
      r.details.sender_fault = b.reason;
      r.details.suppressed = null;
      if (sent.mailbox) {
        await flagSenderFault(
          tx,
          clientId,
          sent.mailbox,
          `${b.reason} ${b.status ?? ""} ${b.diagnostic ?? ""}`,
          now,
        );
        r.details.mailbox_flagged = sent.mailbox;
      }
    } else {
      const a = await recordAddressBounce(
        tx,
        {
          clientId,
          address: sent.address,
          hard: b.hard,
          status: b.status,
          diagnostic: [b.reason, b.diagnostic].filter(Boolean).join(" "),
          softLimit: ctx.softBounceLimit,
        },
        now,
      );
      r.details.soft_in_row = a.softInRow;
      r.details.suppressed = a.suppressed;
    }
    await recorder.update(tx, event, r.details);
    return true;
  });
  return done ? out(r) : prior();
}

/** Records provider webhook events in mail_webhook_events (0230), counted on their endpoint. */
export function webhookEventRecorder(source: MailEventSource): MailEventRecorder {
  const key = (event: MailEvent) => ({
    client_id: source.clientId,
    provider: event.provider,
    provider_event_id: event.providerEventId,
  });
  return {
    async find(db, event) {
      const k = key(event);
      const r = await db
        .selectFrom("mail_webhook_events")
        .select(["outcome", "why", "contact_id", "details"])
        .where("client_id", "=", k.client_id)
        .where("provider", "=", k.provider)
        .where("provider_event_id", "=", k.provider_event_id)
        .executeTakeFirst();
      return r ? { outcome: r.outcome, why: r.why, contactId: r.contact_id, details: r.details } : null;
    },
    async record(tx, event, r, now) {
      const b = event.kind === "bounce" ? event.bounce : null;
      const row = await tx
        .insertInto("mail_webhook_events")
        .values({
          ...key(event),
          webhook_id: source.webhookId,
          kind: event.kind,
          outcome: r.outcome,
          why: r.why.slice(0, 500),
          recipient: event.recipient,
          status: b?.status ?? null,
          reason: b?.reason ?? null,
          hard: b?.hard ?? null,
          sender_fault: b?.senderFault ?? null,
          feedback_type: event.kind === "complaint" ? event.complaint.feedbackType : null,
          diagnostic: b?.diagnostic?.slice(0, 1000) ?? null,
          original_message_id: event.originalMessageId?.slice(0, 998) ?? null,
          provider_message_id: event.providerMessageId?.slice(0, 998) ?? null,
          contact_id: r.contactId,
          occurred_at: event.at,
          details: JSON.stringify(r.details),
          received_at: now,
        })
        .onConflict((oc) => oc.columns(["client_id", "provider", "provider_event_id"]).doNothing())
        .returning("provider_event_id")
        .executeTakeFirst();
      if (!row) return false;
      await tx
        .updateTable("mail_webhooks")
        .set({ last_event_at: now, events_count: sql<string>`events_count + 1` })
        .where("client_id", "=", source.clientId)
        .where("id", "=", source.webhookId)
        .execute();
      return true;
    },
    async update(tx, event, details) {
      const k = key(event);
      await tx
        .updateTable("mail_webhook_events")
        .set({ details: JSON.stringify(details) })
        .where("client_id", "=", k.client_id)
        .where("provider", "=", k.provider)
        .where("provider_event_id", "=", k.provider_event_id)
        .execute();
    },
  };
}

// The at-most-once delivery ledger shared by every email transport (spec 002: "a step is executed
// and sent at most once even when workers crash ... check [the idempotency key] at the channel").
//
// 1. Claim the key: INSERT 'sending' in its own committed statement BEFORE any SMTP traffic. A
//    key already present as 'sending' or 'sent' means the message may have gone out: answer
//    `duplicate`, never resend. Only a recorded *transient* failure may be claimed again.
// 2. Reserve today's allowance of the mailbox; none left → `deferred` until midnight UTC.
// 3. Talk to the transport, then record 'sent' with the message id, or 'failed' with the error.
// A crash between 1 and 3 leaves 'sending': the message is treated as possibly sent (at most once).
import { type Kysely, sql } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { OutboundEmail, SendResult } from "./channel.ts";
import { nextUtcMidnight, releaseMailboxSend, reserveMailboxSend } from "./mailbox-limits.ts";
import { classifySmtpError } from "./smtp-error.ts";
import { unsubscribeHeaders } from "./unsubscribe-token.ts";

export interface PreparedEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  idempotencyKey: string;
  clientId: string;
}

export interface EmailTransport {
  readonly name: "smtp" | "dev";
  readonly defaultMailbox: string;
  /** Delivers or throws (nodemailer's errors carry responseCode / code). Returns the Message-ID. */
  deliver(email: PreparedEmail, now: Date): Promise<string>;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

/** RFC 8058: every non-transactional email carries List-Unsubscribe and List-Unsubscribe-Post. */
export function withUnsubscribeHeaders(
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  m: OutboundEmail,
): Record<string, string> | { refused: string } {
  const headers = { ...m.headers };
  if (m.transactional) return headers;
  if (!hasHeader(headers, "List-Unsubscribe")) {
    if (!m.contactId) {
      return {
        refused:
          "non-transactional email without List-Unsubscribe: pass contactId or unsubscribeHeaders(config, clientId, contactId)",
      };
    }
    Object.assign(headers, unsubscribeHeaders(config, m.clientId, m.contactId));
  }
  if (!hasHeader(headers, "List-Unsubscribe-Post"))
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  return headers;
}

export async function sendWithLedger(
  db: Kysely<DB>,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  transport: EmailTransport,
  m: OutboundEmail,
  now: Date,
): Promise<SendResult> {
  const headers = withUnsubscribeHeaders(config, m);
  if ("refused" in headers) return { status: "failed", transient: false, error: String(headers.refused) };
  const mailbox = m.mailbox ?? transport.defaultMailbox;

  const claimed = await sql<{ attempts: number }>`
    insert into channel_deliveries
      (idempotency_key, client_id, transport, mailbox, to_address, subject, status, created_at, updated_at)
    values (${m.idempotencyKey}, ${m.clientId}, ${transport.name}, ${mailbox}, ${m.to}, ${m.subject},
            'sending', ${now}, ${now})
    on conflict (idempotency_key) do update
      set status = 'sending', attempts = channel_deliveries.attempts + 1, error = null,
          transient = null, updated_at = excluded.updated_at
      where channel_deliveries.status = 'failed' and channel_deliveries.transient
    returning attempts`.execute(db);

  if (claimed.rows.length === 0) {
    const prev = await db
      .selectFrom("channel_deliveries")
      .select(["status", "message_id", "error", "transient"])
      .where("idempotency_key", "=", m.idempotencyKey)
      .executeTakeFirstOrThrow();
    if (prev.status === "failed")
      return { status: "failed", transient: false, error: prev.error ?? "failed before" };
    return {
      status: "duplicate",
      previous: prev.message_id ? `${prev.status}:${prev.message_id}` : prev.status,
    };
  }
  const attempts = claimed.rows[0]?.attempts ?? 1;

  if (!(await reserveMailboxSend(db, m.clientId, mailbox, now))) {
    const error = `mailbox ${mailbox} reached its daily send limit`;
    // Nothing was sent: give the key back so the deferred send can claim it again.
    if (attempts === 1) {
      await db.deleteFrom("channel_deliveries").where("idempotency_key", "=", m.idempotencyKey).execute();
    } else {
      await db
        .updateTable("channel_deliveries")
        .set({ status: "failed", transient: true, error, updated_at: now })
        .where("idempotency_key", "=", m.idempotencyKey)
        .execute();
    }
    return { status: "deferred", retryAt: nextUtcMidnight(now), error };
  }

  try {
    const messageId = await transport.deliver(
      {
        from: mailbox,
        to: m.to,
        subject: m.subject,
        text: m.text,
        headers,
        idempotencyKey: m.idempotencyKey,
        clientId: m.clientId,
      },
      now,
    );
    await db
      .updateTable("channel_deliveries")
      .set({ status: "sent", message_id: messageId, updated_at: now })
      .where("idempotency_key", "=", m.idempotencyKey)
      .execute();
    return { status: "sent", messageId };
  } catch (e) {
    const failure = classifySmtpError(e);
    await db
      .updateTable("channel_deliveries")
      .set({ status: "failed", error: failure.error, transient: failure.transient, updated_at: now })
      .where("idempotency_key", "=", m.idempotencyKey)
      .execute();
    await releaseMailboxSend(db, m.clientId, mailbox, now);
    return { status: "failed", transient: failure.transient, error: failure.error };
  }
}

/**
 * An asynchronous bounce (a DSN that arrives after the server accepted the message): the delivery
 * becomes 'failed' with the bounce, permanent unless said otherwise. Returns the idempotency key
 * so the engine can mark its send item failed, or null when the message is unknown.
 */
export async function recordBounce(
  db: Kysely<DB>,
  bounce: { messageId: string; error: string; transient?: boolean },
  now: Date,
): Promise<{ idempotencyKey: string; clientId: string } | null> {
  const row = await db
    .updateTable("channel_deliveries")
    .set({
      status: "failed",
      error: `bounced: ${bounce.error}`.slice(0, 500),
      transient: bounce.transient ?? false,
      updated_at: now,
    })
    .where("message_id", "=", bounce.messageId)
    .returning(["idempotency_key", "client_id"])
    .executeTakeFirst();
  return row ? { idempotencyKey: row.idempotency_key, clientId: row.client_id } : null;
}

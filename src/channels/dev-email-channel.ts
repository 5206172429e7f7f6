// When SMTP is not configured (no SMTP_HOST), email is NOT sent: each message is recorded in the
// dev_email_outbox table, behind the same at-most-once ledger, and the channel says so. The
// Message-ID is the ledger's, and a follow-up's thread headers are recorded with the others.
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { EmailChannel, OutboundEmail, SendManyOptions, SendResult } from "./channel.ts";
import type { EmailTransport, MailboxTransports } from "./email-transport.ts";
import type { PreparedEmail } from "./ledger-types.ts";
import { createMailboxTransports } from "./mailbox-transports.ts";
import { sendManyWithLedger } from "./send-with-ledger.ts";

export const DEV_CHANNEL_NOTICE =
  "SMTP is not configured (SMTP_HOST unset): emails are NOT sent, they are recorded in the dev_email_outbox table.";

export class DevRecordingEmailChannel implements EmailChannel {
  readonly name = "dev-recording (not sent)";
  readonly notice = DEV_CHANNEL_NOTICE;
  private readonly transport: EmailTransport;
  private readonly transports: MailboxTransports | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Pick<Config, "publicUrl" | "secret" | "smtp"> & Partial<Pick<Config, "inbox">>,
    mailbox = "baton@localhost",
    fetchImpl: typeof fetch = fetch,
  ) {
    // a person's connected mailbox sends through its provider (issue 67) even without a relay
    this.transports = config.inbox
      ? createMailboxTransports(db, { inbox: config.inbox, secret: config.secret }, fetchImpl)
      : undefined;
    const record = async (emails: PreparedEmail[], now: Date) => {
      const ids = emails.map((e) => e.messageId);
      await db
        .insertInto("dev_email_outbox")
        .values(
          emails.map((e, i) => ({
            client_id: e.clientId,
            idempotency_key: e.idempotencyKey,
            message_id: ids[i],
            mailbox: e.from,
            to_address: e.to,
            subject: e.subject,
            body: e.text,
            headers: JSON.stringify({
              ...e.headers,
              ...(e.inReplyTo ? { "In-Reply-To": e.inReplyTo } : {}),
              ...(e.references?.length ? { References: e.references.join(" ") } : {}),
            }),
            recorded_at: now,
          })),
        )
        .execute();
      return ids;
    };
    this.transport = {
      name: "dev",
      defaultMailbox: mailbox,
      deliver: async (e, now) => (await record([e], now))[0],
      deliverMany: record,
    };
  }

  send(message: OutboundEmail, now: Date): Promise<SendResult> {
    return this.sendMany([message], now).then((r) => r[0] as SendResult);
  }

  sendMany(messages: OutboundEmail[], now: Date, opts: SendManyOptions = {}): Promise<SendResult[]> {
    // recording is one statement for many: no connection limit to respect, unlike SMTP
    return sendManyWithLedger(this.db, this.config, this.transport, messages, now, {
      ...opts,
      concurrency: 50,
      transports: this.transports,
    });
  }
}

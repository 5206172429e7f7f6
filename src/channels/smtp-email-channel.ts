// Email over SMTP with nodemailer (spec 002 "Channels"), behind the at-most-once ledger. Each
// message carries the Message-ID the ledger recorded, a text and an HTML part, the thread headers
// of a follow-up, and a DKIM signature when the tenant has a key for the From domain (issue 12).
// Its SMTP envelope sender is the send's own VERP return path (issue 35: a bounce then proves
// which send it is about, verp-address.ts).

import type { Kysely } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { EmailChannel, OutboundEmail, SendManyOptions, SendResult } from "./channel.ts";
import { mailOptions } from "./compose-mime.ts";
import { dkimKeyFor, domainOf } from "./dkim-keys.ts";
import type { EmailTransport, MailboxTransports } from "./email-transport.ts";
import type { PreparedEmail } from "./ledger-types.ts";
import { createMailboxTransports } from "./mailbox-transports.ts";
import { sendManyWithLedger } from "./send-with-ledger.ts";
import { verpAddress } from "./verp-address.ts";

export type SmtpConfig = NonNullable<Config["smtp"]>;

/** Messages of one batch in flight at once; also the pool's connections. */
const CONCURRENCY = 4;

export class SmtpEmailChannel implements EmailChannel {
  readonly name = "smtp";
  private readonly transporter: Transporter;
  private readonly transport: EmailTransport;
  private readonly transports: MailboxTransports;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Pick<Config, "publicUrl" | "secret" | "inbox"> & { smtp: SmtpConfig },
    fetchImpl: typeof fetch = fetch,
  ) {
    // a person's connected mailbox sends through its provider (issue 67); others through the relay
    this.transports = createMailboxTransports(db, config, fetchImpl);
    const smtp = config.smtp;
    // Pooled: a batch reuses a few connections. sendMail still resolves only once the server has
    // accepted the DATA, and the pool requeues a message only when not a byte of it was sent.
    this.transporter = nodemailer.createTransport({
      pool: true,
      maxConnections: CONCURRENCY,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? "" } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // never log message bodies or credentials
      logger: false,
    });
    const transporter = this.transporter;
    this.transport = {
      name: "smtp",
      defaultMailbox: smtp.from,
      async deliver(e: PreparedEmail) {
        const dkim = await dkimKeyFor(db, config.secret, e.clientId, domainOf(e.from));
        const returnPath = verpAddress(config.secret, e.clientId, e.messageId);
        const info = await transporter.sendMail({
          ...mailOptions(e),
          ...(dkim ? { dkim } : {}),
          ...(returnPath ? { envelope: { from: returnPath, to: e.to } } : {}),
        });
        // nodemailer resolves only when the server accepted the DATA; a rejected recipient throws.
        if (info.rejected && info.rejected.length > 0) {
          throw Object.assign(new Error(`recipient rejected: ${info.rejected.join(", ")}`), {
            responseCode: 550,
          });
        }
        return info.messageId || e.messageId;
      },
    };
  }

  send(message: OutboundEmail, now: Date): Promise<SendResult> {
    return this.sendMany([message], now).then((r) => r[0] as SendResult);
  }

  sendMany(messages: OutboundEmail[], now: Date, opts: SendManyOptions = {}): Promise<SendResult[]> {
    return sendManyWithLedger(this.db, this.config, this.transport, messages, now, {
      ...opts,
      concurrency: CONCURRENCY,
      transports: this.transports,
    });
  }

  close(): void {
    this.transporter.close();
  }
}

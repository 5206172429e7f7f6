// One message as RFC 5322 bytes, for the transports that take a whole message (the Gmail API's
// users.messages.send `raw`, Microsoft Graph's sendMail in MIME): nodemailer composes it exactly as
// its SMTP transport would (text and HTML alternatives, the ledger's Message-ID, In-Reply-To and
// References, the one-click unsubscribe headers), through its buffering stream transport, so the
// message a person's mailbox sends is the one the relay would have sent. No DKIM here: the
// provider signs what it sends with the mailbox's own domain keys.
import nodemailer from "nodemailer";
import type { PreparedEmail } from "./ledger-types.ts";

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });

/** nodemailer's options for one message of the ledger: the one shape every transport sends. */
export function mailOptions(e: PreparedEmail) {
  return {
    from: e.from,
    to: e.to,
    subject: e.subject,
    text: e.text,
    html: e.html,
    messageId: e.messageId,
    ...(e.inReplyTo ? { inReplyTo: e.inReplyTo } : {}),
    ...(e.references?.length ? { references: e.references } : {}),
    headers: { ...e.headers, "X-Baton-Idempotency-Key": e.idempotencyKey },
  };
}

export async function composeMime(e: PreparedEmail): Promise<Buffer> {
  const info = await composer.sendMail(mailOptions(e));
  return info.message as Buffer;
}

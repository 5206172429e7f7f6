// The transports of the mailboxes people own (issue 67 item 2), one per provider: Google through the
// Gmail API (gmail-transport.ts), Microsoft through Graph (graph-transport.ts), an IMAP/SMTP mailbox
// through its own SMTP server with its own sealed password (own-smtp-transport.ts). A mailbox with
// no connection goes through the deployment's relay (SMTP_HOST) or the dev outbox, as before. A
// next transport is one file here and one provider in mailbox_connections' CHECK.
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { type MailboxProvider, mailboxOAuthProvider } from "../mailboxes/index.ts";
import type { EmailTransport, MailboxTransports } from "./email-transport.ts";
import { gmailTransport } from "./gmail-transport.ts";
import { graphTransport } from "./graph-transport.ts";
import { ownSmtpTransport } from "./own-smtp-transport.ts";

export function createMailboxTransports(
  db: Kysely<DB>,
  config: Pick<Config, "inbox" | "secret">,
  fetchImpl: typeof fetch = fetch,
): MailboxTransports {
  const made = new Map<MailboxProvider, EmailTransport | undefined>();
  const make = (p: MailboxProvider): EmailTransport | undefined => {
    if (p === "imap_smtp") return ownSmtpTransport(db, config.secret);
    const provider = mailboxOAuthProvider(config, p);
    if (!provider) return undefined;
    const ctx = { db, secret: config.secret, provider, fetch: fetchImpl };
    return p === "google" ? gmailTransport(ctx) : graphTransport(ctx);
  };
  return (p) => {
    if (!made.has(p)) made.set(p, make(p));
    return made.get(p);
  };
}

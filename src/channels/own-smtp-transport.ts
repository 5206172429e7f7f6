// Sending from a person's IMAP/SMTP mailbox with its own server and password (issue 67 item 1:
// provider imap_smtp, credentials sealed in mailbox_connections), for providers without an API:
// nodemailer, as the relay sends, with the mailbox's server and login; a transporter per mailbox,
// kept while its row is unchanged. The message's DKIM signature is the mailbox's server's.
import type { Kysely } from "kysely";
import nodemailer, { type Transporter } from "nodemailer";
import { openSecret } from "../auth/oidc/seal-secret.ts";
import type { DB } from "../db/database.ts";
import { mailOptions } from "./compose-mime.ts";
import type { EmailTransport } from "./email-transport.ts";
import type { PreparedEmail } from "./ledger-types.ts";
import { TransportFailure } from "./transport-failure.ts";

const SEAL = "mailbox-oauth-token" as const;

export function ownSmtpTransport(db: Kysely<DB>, secret: string): EmailTransport {
  const pool = new Map<string, { stamp: string; transporter: Transporter }>();
  async function transporterOf(e: PreparedEmail): Promise<Transporter> {
    const row = await db
      .selectFrom("mailbox_connections")
      .select([
        "smtp_host",
        "smtp_port",
        "smtp_secure",
        "smtp_username",
        "secret_sealed",
        "updated_at",
        "status",
      ])
      .where("client_id", "=", e.clientId)
      .where("mailbox", "=", e.from.toLowerCase())
      .executeTakeFirst();
    if (!row?.smtp_host || !row.smtp_port || !row.secret_sealed || row.status === "disconnected")
      throw new TransportFailure(`mailbox ${e.from} has no SMTP server or password any more`, {
        transient: false,
      });
    const key = `${e.clientId}\u0000${e.from.toLowerCase()}`;
    const stamp = new Date(row.updated_at).toISOString();
    const known = pool.get(key);
    if (known?.stamp === stamp) return known.transporter;
    known?.transporter.close();
    const transporter = nodemailer.createTransport({
      host: row.smtp_host,
      port: row.smtp_port,
      secure: row.smtp_secure ?? row.smtp_port === 465,
      auth: { user: row.smtp_username ?? e.from, pass: openSecret(row.secret_sealed, secret, SEAL) },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
    });
    pool.set(key, { stamp, transporter });
    return transporter;
  }
  return {
    name: "smtp_own",
    defaultMailbox: "",
    async deliver(e) {
      const transporter = await transporterOf(e);
      const info = await transporter.sendMail(mailOptions(e));
      if (info.rejected && info.rejected.length > 0)
        throw Object.assign(new Error(`recipient rejected: ${info.rejected.join(", ")}`), {
          responseCode: 550,
        });
      return e.messageId;
    },
  };
}

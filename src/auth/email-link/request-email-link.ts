// Email-link sign-in, step 1 (issue 11): a person asks for a link. Only people who exist in the
// tenant and are active get one (no just-in-time provisioning by email: that is what SSO's allowed
// domains are for). The answer is the same whether or not the address exists. The link carries a
// one-time code in its #fragment, which browsers never send to a server, so it reaches no log;
// the workspace posts it to /auth/email/verify. Stored hashed; single-use; 15 minutes.
import { type Kysely, sql } from "kysely";
import type { EmailChannel } from "../../channels/index.ts";
import type { DB } from "../../db/database.ts";
import { hashOpaqueId, newOpaqueId } from "../sessions/opaque-id.ts";
import { throttleSignIn } from "../sessions/throttle-sign-in.ts";

export const EMAIL_LINK_TTL_MS = 15 * 60_000;

export interface EmailLinkRequest {
  clientId: string;
  email: string;
  ip: string;
}

export async function findActivePerson(db: Kysely<DB>, clientId: string, email: string) {
  return db
    .selectFrom("principals")
    .select(["principal_id", "display_name", "email"])
    .where("client_id", "=", clientId)
    .where("kind", "=", "person")
    .where(sql`lower(email)`, "=", email.trim().toLowerCase())
    .where(sql.ref("deactivated_at"), "is", null)
    .executeTakeFirst();
}

/**
 * A request for a link, in two halves so that the answer takes the same time for any address (issue
 * 36 item 12: 120 ms for a known address against 33 ms for an unknown one told which exist).
 * `accept` does what every request does (the throttle, which may refuse with 429 whatever the
 * address) and is awaited before the reply; `deliver` looks the person up, stores the link and
 * sends it, and runs after the reply has gone.
 */
export async function acceptEmailLinkRequest(db: Kysely<DB>, r: EmailLinkRequest, now: Date): Promise<void> {
  await throttleSignIn(db, { ip: r.ip, clientId: r.clientId, email: r.email }, now);
}

/** Sends a link when the address belongs to an active person (after the reply); returns whether one was sent. */
export async function deliverEmailLink(
  db: Kysely<DB>,
  channel: EmailChannel,
  publicUrl: string,
  r: EmailLinkRequest,
  now: Date,
): Promise<boolean> {
  const person = await findActivePerson(db, r.clientId, r.email);
  if (!person?.email) return false;
  const code = newOpaqueId();
  const link = await db
    .insertInto("email_sign_in_links")
    .values({
      client_id: r.clientId,
      principal_id: person.principal_id,
      code_hash: hashOpaqueId(code),
      created_at: now,
      expires_at: new Date(now.getTime() + EMAIL_LINK_TTL_MS),
    })
    .returning("link_id")
    .executeTakeFirstOrThrow();
  const url = `${publicUrl}/signin/email#client=${encodeURIComponent(r.clientId)}&code=${code}`;
  await channel.send(
    {
      clientId: r.clientId,
      to: person.email,
      subject: "Your Baton sign-in link",
      text:
        `Hello ${person.display_name},\n\n` +
        `Sign in to Baton (workspace ${r.clientId}) with this link:\n\n${url}\n\n` +
        "It works once, for 15 minutes. If you did not ask for it, ignore this email.\n",
      headers: {},
      idempotencyKey: `sign-in-link:${link.link_id}`,
      transactional: true,
    },
    now,
  );
  return true;
}

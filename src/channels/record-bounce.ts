// A bounce on the at-most-once ledger's row (send-with-ledger.ts; spec 002 "Bounces and SMTP
// failures mark the item failed with the error"): the server accepted the message and a DSN or a
// provider's bounce webhook came back later (src/inbox/bounces.ts). The key is never sent again.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";

/**
 * An asynchronous bounce (a DSN that arrives after the server accepted the message): the tenant's
 * delivery becomes 'failed' with the bounce, permanent unless said otherwise. Returns the
 * idempotency key so the engine can fail its send item, or null when the tenant has no such message.
 */
export async function recordBounce(
  db: Kysely<DB>,
  bounce: { clientId: string; messageId: string; error: string; transient?: boolean },
  now: Date,
): Promise<{ idempotencyKey: string } | null> {
  const row = await db
    .updateTable("channel_deliveries")
    .set({
      status: "failed",
      error: `bounced: ${bounce.error}`.slice(0, 500),
      transient: bounce.transient ?? false,
      updated_at: now,
    })
    .where("client_id", "=", bounce.clientId)
    .where("message_id", "=", bounce.messageId)
    .returning(["idempotency_key"])
    .executeTakeFirst();
  return row ? { idempotencyKey: row.idempotency_key } : null;
}

// A failed mailbox session is shown on the mailbox (status 'error', the server's words, when),
// unless an admin paused it meanwhile. The words are the IMAP server's or the socket's, never a
// password or a token (imapflow does not put credentials in its errors).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import type { ClaimedInbox } from "./inbox-lease.ts";

export function inboxErrorMessage(e: unknown): string {
  const err = e as {
    message?: string;
    responseText?: string;
    authenticationFailed?: boolean;
    oauthError?: { status?: string };
  };
  const words = err?.responseText || err?.message || String(e);
  const oauth = err?.oauthError?.status;
  if (err?.authenticationFailed || oauth)
    return `authentication failed${oauth ? ` (OAuth2: ${oauth})` : ""}: ${words}`.slice(0, 300);
  return words.slice(0, 300);
}

export async function recordInboxError(
  db: Kysely<DB>,
  c: ClaimedInbox,
  e: unknown,
  now: Date,
): Promise<void> {
  await db
    .updateTable("mailbox_inboxes")
    .set({ status: "error", last_error: inboxErrorMessage(e), last_error_at: now, updated_at: now })
    .where("client_id", "=", c.client_id)
    .where("id", "=", c.id)
    .where("status", "<>", "paused")
    .execute();
}

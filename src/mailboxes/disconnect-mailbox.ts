// A person disconnects their mailbox, or an admin does (issue 67 item 1; docs/mailboxes.md "Connect
// your mailbox"): the row keeps its history, its tokens are deleted, status disconnected; Google's
// grant is revoked at its revocation endpoint. Microsoft has no endpoint to revoke a delegated grant:
// the answer says where the person (or an admin) removes it.
import { type Kysely, sql } from "kysely";
import { recordAudit } from "../audit/index.ts";
import { openSecret } from "../auth/oidc/seal-secret.ts";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { requirePerson, revokeAtGoogle, rowOf } from "./mailbox-connection-rows.ts";
import { logMailboxEvent } from "./mailbox-state.ts";
import { MAILBOX_SEAL } from "./mailbox-tokens.ts";
import type { MailboxOAuthProvider } from "./providers.ts";

export interface DisconnectedMailbox {
  mailbox: string;
  provider: string;
  status: "disconnected";
  /** true: the provider revoked the grant; false: it could not (see how) */
  revoked: boolean;
  /** what the person (or an admin) does at the provider, when Baton could not revoke the grant */
  how: string | null;
}

export const MICROSOFT_REVOKE_HOW =
  "Microsoft offers no endpoint to revoke a delegated grant: remove Baton at https://myapps.microsoft.com (your apps, Manage your apps), or an admin removes the app's consent in the Microsoft Entra admin center (Enterprise applications, Baton, Permissions).";
const GOOGLE_REVOKE_HOW =
  "Baton could not revoke the grant at Google (unreachable, or disconnected already): remove Baton at https://myaccount.google.com/connections (Third-party apps and services) to be sure.";

/**
 * Disconnects a mailbox (its owner, or an admin): its tokens deleted, status disconnected, the
 * grant revoked at Google; the row stays for the ledger's history.
 */
export async function disconnectMailbox(
  db: Kysely<DB>,
  settings: {
    secret: string;
    provider?: (name: "google" | "microsoft") => MailboxOAuthProvider | undefined;
    fetch?: typeof fetch;
  },
  principal: Principal,
  address: string,
  now: Date,
): Promise<DisconnectedMailbox> {
  requirePerson(principal, "disconnect a mailbox");
  const mailbox = address.trim().toLowerCase();
  const clientId = principal.clientId;
  const taken = await db.transaction().execute(async (tx) => {
    const row = await rowOf(tx, clientId, mailbox, true);
    if (!row) throw new BatonError("MAILBOX_NOT_FOUND", { mailbox });
    if (row.owner_id !== principal.principalId && !hasRole(principal, "admin"))
      throw new BatonError("MAILBOX_NOT_YOURS", { mailbox });
    if (row.status === "disconnected") return { row, refresh: null, already: true };
    const refresh = row.refresh_token_sealed
      ? openSecret(row.refresh_token_sealed, settings.secret, MAILBOX_SEAL)
      : null;
    await sql`
      update mailbox_connections
         set status = 'disconnected', status_reason = ${`disconnected by ${describePrincipal(principal)}`.slice(0, 500)},
             status_since = ${now}, paused_until = null, access_token_sealed = null, refresh_token_sealed = null,
             access_expires_at = null, secret_sealed = null, updated_at = ${now}
       where client_id = ${clientId} and mailbox = ${mailbox}`.execute(tx);
    await logMailboxEvent(
      tx,
      clientId,
      mailbox,
      "mailbox_disconnected",
      now,
      { provider: row.provider },
      principal.principalId,
    );
    return { row, refresh, already: false };
  });
  const provider = taken.row.provider;
  let revoked = false;
  let how: string | null = null;
  // a mailbox disconnected already has no token left to revoke: the answer says where to look
  const google = provider === "google" ? settings.provider?.("google") : undefined;
  if (google && taken.refresh) revoked = await revokeAtGoogle(google, taken.refresh, settings.fetch);
  if (provider === "google" && !revoked) how = GOOGLE_REVOKE_HOW;
  if (provider === "microsoft") how = MICROSOFT_REVOKE_HOW;
  if (!taken.already)
    await recordAudit(db, {
      clientId,
      actorPrincipalId: principal.principalId,
      actorLabel: describePrincipal(principal),
      action: "mailbox_disconnected",
      target: mailbox,
      details: { provider, owner: taken.row.owner_id, revoked_at_provider: revoked },
    });
  return { mailbox, provider, status: "disconnected", revoked, how };
}

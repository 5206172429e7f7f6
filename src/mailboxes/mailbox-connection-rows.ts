// What connecting and disconnecting a mailbox both need (connect-mailbox.ts, disconnect-mailbox.ts):
// who may act on a mailbox, its row, and Google's revocation of a grant.
import type { Kysely } from "kysely";
import { type Principal, ROLES, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import type { MailboxOAuthProvider } from "./providers.ts";

/** How long a call to the provider may take. */
export const PROVIDER_TIMEOUT_MS = 20_000;

/** Any person of the workspace connects their own mailbox; an agent has none. */
export function requirePerson(p: Principal, action: string): void {
  requireRole(p, action, ...ROLES);
}

/** A mailbox's row in the workspace, `lock`: for update. */
export async function rowOf(db: Kysely<DB>, clientId: string, mailbox: string, lock = false) {
  let q = db
    .selectFrom("mailbox_connections")
    .select(["mailbox", "owner_id", "provider", "status", "refresh_token_sealed", "access_token_sealed"])
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** RFC 7009 at Google (POST token=…); true when the grant is revoked or was already invalid. */
export async function revokeAtGoogle(
  provider: MailboxOAuthProvider,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  const url = provider.revokeUrl;
  if (!url) return false;
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
    // 400 invalid_token: expired or revoked already, which is what was asked
    return res.ok || res.status === 400;
  } catch {
    return false;
  }
}

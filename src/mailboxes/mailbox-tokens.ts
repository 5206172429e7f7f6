// A connected mailbox's OAuth tokens (issue 67 items 1 and 3): sealed under BATON_SECRET (purpose
// "mailbox-oauth-token") in mailbox_connections, refreshed with the refresh token (RFC 6749 §6)
// through the one OAuth client (openid-client, src/auth/oauth/oauth-client.ts) when the access token
// expires within a minute, or once after the provider answered 401. A refresh token the provider
// rotates (Microsoft returns a new one on every refresh) replaces the stored one. A refresh refused
// with invalid_grant (consent withdrawn, password changed, the token revoked or expired) moves the
// mailbox to needs_consent, which holds its sends until its owner reconnects.
//
// Concurrent refreshes are serialized by the row's lock (FOR UPDATE), as the CRM's tokens are: the
// refresher re-reads the row and refreshes only when it is still stale, so two senders never both
// spend a refresh token.
import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import { describeRefusal, oauthClient, oauthRefusal } from "../auth/oauth/oauth-client.ts";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { setMailboxStatus } from "./mailbox-state.ts";
import type { MailboxOAuthProvider } from "./providers.ts";

export const MAILBOX_SEAL = "mailbox-oauth-token" as const;
const REFRESH_MARGIN_MS = 60_000;
const DEFAULT_LIFETIME_MS = 3_600_000;

export interface MailboxTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
}

export function mailboxOAuthClient(p: MailboxOAuthProvider, fetchImpl?: typeof fetch): oidc.Configuration {
  return oauthClient({
    tokenEndpoint: p.tokenUrl,
    authorizationEndpoint: p.authorizeUrl,
    clientId: p.clientId,
    clientSecret: p.clientSecret,
    fetch: fetchImpl,
  });
}

/** A token endpoint's answer as tokens; the granted scopes as the answer says (else those asked). */
export function tokensOf(answer: oidc.TokenEndpointResponse, asked: string[], now: Date): MailboxTokens {
  const expiresIn = Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? "",
    expiresAt: new Date(now.getTime() + (expiresIn > 0 ? expiresIn * 1000 : DEFAULT_LIFETIME_MS)),
    scopes: typeof answer.scope === "string" ? answer.scope.split(/\s+/).filter(Boolean) : asked,
  };
}

export function sealedTokens(t: MailboxTokens, secret: string) {
  return {
    access_token_sealed: sealSecret(t.accessToken, secret, MAILBOX_SEAL),
    refresh_token_sealed: sealSecret(t.refreshToken, secret, MAILBOX_SEAL),
    access_expires_at: t.expiresAt,
  };
}

interface Row {
  status: string;
  access_token_sealed: string | null;
  refresh_token_sealed: string | null;
  access_expires_at: Date | null;
  scopes: string[];
}

async function readRow(db: Kysely<DB>, clientId: string, mailbox: string, lock: boolean): Promise<Row> {
  let q = db
    .selectFrom("mailbox_connections")
    .select(["status", "access_token_sealed", "refresh_token_sealed", "access_expires_at", "scopes"])
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox.toLowerCase());
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new BatonError("MAILBOX_NOT_FOUND", { mailbox });
  return row;
}

function opened(row: Row, secret: string): MailboxTokens | null {
  if (!row.refresh_token_sealed) return null;
  return {
    accessToken: row.access_token_sealed ? openSecret(row.access_token_sealed, secret, MAILBOX_SEAL) : "",
    refreshToken: openSecret(row.refresh_token_sealed, secret, MAILBOX_SEAL),
    expiresAt: new Date(row.access_expires_at ?? 0),
    scopes: row.scopes,
  };
}

export interface TokenContext {
  db: Kysely<DB>;
  secret: string;
  provider: MailboxOAuthProvider;
  fetch?: typeof fetch;
}

/**
 * A usable access token for the mailbox, refreshed first when it expires within a minute.
 * MAILBOX_NEEDS_CONSENT when the mailbox waits for its owner's consent (or the refresh says so now).
 */
export async function mailboxAccessToken(
  ctx: TokenContext,
  clientId: string,
  mailbox: string,
  now: Date,
): Promise<string> {
  const row = await readRow(ctx.db, clientId, mailbox, false);
  const current =
    row.status === "needs_consent" || row.status === "disconnected" ? null : opened(row, ctx.secret);
  if (!current) throw new BatonError("MAILBOX_NEEDS_CONSENT", { mailbox, provider: ctx.provider.name });
  if (current.accessToken && current.expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS)
    return current.accessToken;
  return refreshUnderLock(
    ctx,
    clientId,
    mailbox,
    now,
    (t) => t.expiresAt.getTime() - now.getTime() <= REFRESH_MARGIN_MS,
  );
}

/** After the provider answered 401 to `rejected`: refresh once, unless another caller already replaced it. */
export async function refreshRejectedMailboxToken(
  ctx: TokenContext,
  clientId: string,
  mailbox: string,
  rejected: string,
  now: Date,
): Promise<string> {
  return refreshUnderLock(ctx, clientId, mailbox, now, (t) => t.accessToken === rejected || !t.accessToken);
}

async function refreshUnderLock(
  ctx: TokenContext,
  clientId: string,
  mailbox: string,
  now: Date,
  stillStale: (t: MailboxTokens) => boolean,
): Promise<string> {
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const row = await readRow(tx, clientId, mailbox, true);
    const locked =
      row.status === "needs_consent" || row.status === "disconnected" ? null : opened(row, ctx.secret);
    if (!locked) return { refused: "the mailbox waits for its owner's consent" };
    if (!stillStale(locked)) return { token: locked.accessToken };
    let answer: oidc.TokenEndpointResponse;
    try {
      answer = await oidc.refreshTokenGrant(mailboxOAuthClient(ctx.provider, ctx.fetch), locked.refreshToken);
    } catch (e) {
      const r = await oauthRefusal(e);
      if (r.error === "invalid_grant") {
        await setMailboxStatus(
          tx,
          clientId,
          mailbox,
          "needs_consent",
          `${ctx.provider.label} refused the grant (invalid_grant): the owner must reconnect`,
          now,
        );
        return { refused: describeRefusal(r, false) };
      }
      throw new BatonError("MAILBOX_CONSENT_FAILED", {
        provider: ctx.provider.name,
        why: describeRefusal(r, false),
      });
    }
    const fresh = tokensOf(answer, locked.scopes, now);
    // an answer without a refresh token keeps the stored one (Google); a rotated one replaces it
    const next = { ...fresh, refreshToken: fresh.refreshToken || locked.refreshToken };
    await tx
      .updateTable("mailbox_connections")
      .set({ ...sealedTokens(next, ctx.secret), updated_at: now })
      .where("client_id", "=", clientId)
      .where("mailbox", "=", mailbox.toLowerCase())
      .execute();
    return { token: next.accessToken };
  });
  if ("refused" in outcome)
    throw new BatonError("MAILBOX_NEEDS_CONSENT", { mailbox, provider: ctx.provider.name });
  return outcome.token;
}

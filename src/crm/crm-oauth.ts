// OAuth2 for the CRMs of record reached per tenant (issue 41 item 1: HubSpot, Salesforce). A revops
// user grants Baton access once (src/crm/connect-crm.ts); the tokens are stored sealed (AES-256-GCM
// under BATON_SECRET, purpose "crm-oauth-token") in crm_oauth_tokens, and the access token is
// refreshed with the refresh token (RFC 6749 §6) when it expires within 60 s. The token requests are
// openid-client's (src/auth/oauth/oauth-client.ts: the code grant with PKCE, the refresh grant).
//
// Concurrent refreshes are serialized by the token row's lock: the refresher re-reads the row under
// FOR UPDATE and refreshes only if it is still stale, so two drainers never both spend a refresh
// token (Salesforce may rotate it; a second use would then fail). The lock is held across the one
// HTTP call to the token endpoint (bounded by its timeout): short, and only on expiry.
import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import { describeRefusal, oauthClient, oauthRefusal } from "../auth/oauth/oauth-client.ts";
import { openSecret, sealSecret } from "../auth/oidc/seal-secret.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmProviderName } from "./tables.ts";

export type { CrmProviderName } from "./tables.ts";

export interface CrmOAuthProvider {
  name: CrmProviderName;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  clientId: string;
  clientSecret: string;
  /**
   * The CRM account a fresh grant belongs to (HubSpot: the hub id its webhooks name; Salesforce: the
   * org id), stored as crm_oauth_tokens.account_ref so an inbound webhook finds its tenant and a
   * grant for another account is noticed (connect-crm.ts).
   */
  accountOf(answer: oidc.TokenEndpointResponse, fetchImpl: typeof fetch): Promise<string | undefined>;
  /**
   * The CRM user the tokens act as, when the token answer names it (Salesforce: the identity URL's
   * user id), stored as crm_oauth_tokens.user_ref: the poll tells Baton's own writes by it.
   */
  userOf?(answer: oidc.TokenEndpointResponse): string | undefined;
  /**
   * The CRM's webhooks name only the account (HubSpot's portalId), so an account belongs to one
   * workspace: a grant for an account another workspace connected is refused (connect-crm.ts).
   */
  oneWorkspacePerAccount: boolean;
}

export interface OAuthTokenSet {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  /** Salesforce: the org's API host. */
  instanceUrl?: string;
  /** The CRM account (HubSpot hub id, Salesforce org id), when known. */
  accountRef?: string;
  /** The CRM user the tokens act as (Salesforce's user id), when known. */
  userRef?: string;
}

/** Refresh when the access token expires within this many ms. */
export const REFRESH_MARGIN_MS = 60_000;
/** A token response without expires_in (Salesforce) is taken to last this long (ms). */
const DEFAULT_LIFETIME_MS = 3_600_000;
const SEAL = "crm-oauth-token" as const;

export async function saveOAuthTokens(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  provider: CrmProviderName,
  tokens: OAuthTokenSet,
  now: Date = new Date(),
): Promise<void> {
  const row = {
    access_token_sealed: sealSecret(tokens.accessToken, secret, SEAL),
    refresh_token_sealed: sealSecret(tokens.refreshToken, secret, SEAL),
    expires_at: tokens.expiresAt,
    instance_url: tokens.instanceUrl ?? null,
    updated_at: now,
  };
  const account = tokens.accountRef === undefined ? {} : { account_ref: tokens.accountRef };
  const user = tokens.userRef === undefined ? {} : { user_ref: tokens.userRef };
  await db
    .insertInto("crm_oauth_tokens")
    .values({
      client_id: clientId,
      provider,
      ...row,
      account_ref: tokens.accountRef ?? null,
      user_ref: tokens.userRef ?? null,
    })
    .onConflict((oc) => oc.columns(["client_id", "provider"]).doUpdateSet({ ...row, ...account, ...user }))
    .execute();
}

type TokenRow = {
  access_token_sealed: string;
  refresh_token_sealed: string;
  expires_at: Date;
  instance_url: string | null;
  account_ref: string | null;
  user_ref: string | null;
};

function opened(row: TokenRow, secret: string): OAuthTokenSet {
  return {
    accessToken: openSecret(row.access_token_sealed, secret, SEAL),
    refreshToken: openSecret(row.refresh_token_sealed, secret, SEAL),
    expiresAt: new Date(row.expires_at),
    instanceUrl: row.instance_url ?? undefined,
    accountRef: row.account_ref ?? undefined,
    userRef: row.user_ref ?? undefined,
  };
}

async function readTokens(db: Kysely<DB>, clientId: string, provider: CrmProviderName, lock: boolean) {
  let q = db
    .selectFrom("crm_oauth_tokens")
    .select([
      "access_token_sealed",
      "refresh_token_sealed",
      "expires_at",
      "instance_url",
      "account_ref",
      "user_ref",
    ])
    .where("client_id", "=", clientId)
    .where("provider", "=", provider);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new BatonError("CRM_NOT_CONNECTED", { provider });
  return row;
}

/**
 * A usable access token for the tenant's CRM, refreshed first when it expires within 60 s. Throws
 * CRM_NOT_CONNECTED when the tenant never granted access.
 */
export async function accessTokenFor(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  provider: CrmOAuthProvider,
  fetchImpl: typeof fetch = fetch,
  now: Date = new Date(),
): Promise<OAuthTokenSet> {
  const current = opened(await readTokens(db, clientId, provider.name, false), secret);
  if (current.expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS) return current;
  return refreshUnderLock(db, secret, clientId, provider, fetchImpl, now, (t) => {
    return t.expiresAt.getTime() - now.getTime() <= REFRESH_MARGIN_MS;
  });
}

/**
 * After the CRM answered 401 to `rejectedAccessToken`: refresh once, unless another caller already
 * replaced that token (then its new token is returned).
 */
export async function refreshRejectedToken(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  provider: CrmOAuthProvider,
  rejectedAccessToken: string,
  fetchImpl: typeof fetch = fetch,
  now: Date = new Date(),
): Promise<OAuthTokenSet> {
  return refreshUnderLock(db, secret, clientId, provider, fetchImpl, now, (t) => {
    return t.accessToken === rejectedAccessToken;
  });
}

async function refreshUnderLock(
  db: Kysely<DB>,
  secret: string,
  clientId: string,
  provider: CrmOAuthProvider,
  fetchImpl: typeof fetch,
  now: Date,
  stillStale: (t: OAuthTokenSet) => boolean,
): Promise<OAuthTokenSet> {
  return db.transaction().execute(async (tx) => {
    const locked = opened(await readTokens(tx, clientId, provider.name, true), secret);
    if (!stillStale(locked)) return locked;
    const answer = await refreshGrant(provider, locked.refreshToken, fetchImpl);
    const fresh = tokenSet(answer, now);
    // a refresh answer may omit the refresh token (it is then unchanged) and the instance URL; the
    // user it names is the same one (a connection made before user_ref learns it here)
    const next: OAuthTokenSet = {
      ...fresh,
      refreshToken: fresh.refreshToken || locked.refreshToken,
      instanceUrl: fresh.instanceUrl ?? locked.instanceUrl,
      accountRef: locked.accountRef,
      userRef: provider.userOf?.(answer) ?? locked.userRef,
    };
    await saveOAuthTokens(tx, secret, clientId, provider.name, next, now);
    return next;
  });
}

/** The provider as an openid-client configuration (client_secret_post, as HubSpot requires). */
export function crmOAuthClient(provider: CrmOAuthProvider, fetchImpl?: typeof fetch): oidc.Configuration {
  return oauthClient({
    tokenEndpoint: provider.tokenUrl,
    authorizationEndpoint: provider.authorizeUrl,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    fetch: fetchImpl,
  });
}

/**
 * The authorization code grant (RFC 6749 §4.1.3) with PKCE (RFC 7636 §4.5): the code from the
 * callback → the first tokens, with the account they belong to. `state` is the state the callback
 * carried (already matched to the grant Baton keeps); `verifier` the grant's PKCE code verifier.
 */
export async function exchangeCode(
  provider: CrmOAuthProvider,
  code: string,
  redirectUri: string,
  fetchImpl: typeof fetch = fetch,
  now: Date = new Date(),
  checks: { state?: string; verifier?: string } = {},
): Promise<OAuthTokenSet> {
  const callback = new URL(redirectUri);
  callback.searchParams.set("code", code);
  if (checks.state !== undefined) callback.searchParams.set("state", checks.state);
  let answer: oidc.TokenEndpointResponse;
  try {
    answer = await oidc.authorizationCodeGrant(crmOAuthClient(provider, fetchImpl), callback, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
    });
  } catch (e) {
    throw await refused(provider, "CRM_OAUTH_EXCHANGE_FAILED", e);
  }
  const tokens = tokenSet(answer, now);
  if (!tokens.refreshToken)
    throw new BatonError("CRM_OAUTH_EXCHANGE_FAILED", {
      provider: provider.name,
      status: 200,
      why: "the token response carries no refresh_token (grant offline access / the refresh_token scope)",
    });
  return {
    ...tokens,
    accountRef: await provider.accountOf(answer, fetchImpl),
    ...(provider.userOf?.(answer) ? { userRef: provider.userOf(answer) } : {}),
  };
}

async function refreshGrant(
  provider: CrmOAuthProvider,
  refreshToken: string,
  fetchImpl: typeof fetch,
): Promise<oidc.TokenEndpointResponse> {
  try {
    return await oidc.refreshTokenGrant(crmOAuthClient(provider, fetchImpl), refreshToken);
  } catch (e) {
    throw await refused(provider, "CRM_TOKEN_REFRESH_FAILED", e);
  }
}

/** The error fields only (RFC 6749 §5.2, or HubSpot's status and message); never the body. */
async function refused(
  provider: CrmOAuthProvider,
  failure: "CRM_TOKEN_REFRESH_FAILED" | "CRM_OAUTH_EXCHANGE_FAILED",
  e: unknown,
): Promise<BatonError> {
  const r = await oauthRefusal(e);
  return new BatonError(failure, {
    provider: provider.name,
    status: r.status,
    why: describeRefusal(r, true),
  });
}

function tokenSet(answer: oidc.TokenEndpointResponse, now: Date): OAuthTokenSet {
  const expiresIn = Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? "",
    expiresAt: new Date(now.getTime() + (expiresIn > 0 ? expiresIn * 1000 : DEFAULT_LIFETIME_MS)),
    instanceUrl: typeof answer.instance_url === "string" ? answer.instance_url : undefined,
  };
}

// OAuth2 for the CRMs of record reached per tenant (issue 41 item 1: HubSpot, Salesforce). A revops
// user grants Baton access once (src/api/routes/crm-oauth-routes.ts); the tokens are stored sealed
// (AES-256-GCM under BATON_SECRET, purpose "crm-oauth-token") in crm_oauth_tokens, and the access
// token is refreshed with the refresh token (RFC 6749 §6) when it expires within 60 s.
//
// Concurrent refreshes are serialized by the token row's lock: the refresher re-reads the row under
// FOR UPDATE and refreshes only if it is still stale, so two drainers never both spend a refresh
// token (Salesforce may rotate it; a second use would then fail). The lock is held across the one
// HTTP call to the token endpoint (bounded by its timeout): short, and only on expiry.
import type { Kysely } from "kysely";
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
   * The CRM account a fresh grant belongs to (HubSpot: the hub id its webhooks name), stored as
   * crm_oauth_tokens.account_ref so an inbound webhook finds its tenant. Optional.
   */
  accountOf?(tokens: OAuthTokenSet, fetchImpl: typeof fetch): Promise<string | undefined>;
}

export interface OAuthTokenSet {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  /** Salesforce: the org's API host. */
  instanceUrl?: string;
  /** The CRM account (HubSpot hub id, Salesforce org id), when known. */
  accountRef?: string;
}

/** Refresh when the access token expires within this many ms. */
export const REFRESH_MARGIN_MS = 60_000;
/** A token response without expires_in (Salesforce) is taken to last this long (ms). */
const DEFAULT_LIFETIME_MS = 3_600_000;
const TIMEOUT_MS = 20_000;
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
  await db
    .insertInto("crm_oauth_tokens")
    .values({ client_id: clientId, provider, ...row, account_ref: tokens.accountRef ?? null })
    .onConflict((oc) => oc.columns(["client_id", "provider"]).doUpdateSet({ ...row, ...account }))
    .execute();
}

type TokenRow = {
  access_token_sealed: string;
  refresh_token_sealed: string;
  expires_at: Date;
  instance_url: string | null;
  account_ref: string | null;
};

function opened(row: TokenRow, secret: string): OAuthTokenSet {
  return {
    accessToken: openSecret(row.access_token_sealed, secret, SEAL),
    refreshToken: openSecret(row.refresh_token_sealed, secret, SEAL),
    expiresAt: new Date(row.expires_at),
    instanceUrl: row.instance_url ?? undefined,
    accountRef: row.account_ref ?? undefined,
  };
}

async function readTokens(db: Kysely<DB>, clientId: string, provider: CrmProviderName, lock: boolean) {
  let q = db
    .selectFrom("crm_oauth_tokens")
    .select(["access_token_sealed", "refresh_token_sealed", "expires_at", "instance_url", "account_ref"])
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
    const fresh = await tokenRequest(
      provider,
      { grant_type: "refresh_token", refresh_token: locked.refreshToken },
      fetchImpl,
      now,
      "CRM_TOKEN_REFRESH_FAILED",
    );
    // a refresh answer may omit the refresh token (it is then unchanged) and the instance URL
    const next: OAuthTokenSet = {
      ...fresh,
      refreshToken: fresh.refreshToken || locked.refreshToken,
      instanceUrl: fresh.instanceUrl ?? locked.instanceUrl,
      accountRef: locked.accountRef,
    };
    await saveOAuthTokens(tx, secret, clientId, provider.name, next, now);
    return next;
  });
}

/** The authorization code grant (RFC 6749 §4.1.3): the code from the callback → the first tokens. */
export async function exchangeCode(
  provider: CrmOAuthProvider,
  code: string,
  redirectUri: string,
  fetchImpl: typeof fetch = fetch,
  now: Date = new Date(),
): Promise<OAuthTokenSet> {
  const tokens = await tokenRequest(
    provider,
    { grant_type: "authorization_code", code, redirect_uri: redirectUri },
    fetchImpl,
    now,
    "CRM_OAUTH_EXCHANGE_FAILED",
  );
  if (!tokens.refreshToken)
    throw new BatonError("CRM_OAUTH_EXCHANGE_FAILED", {
      provider: provider.name,
      status: 200,
      why: "the token response carries no refresh_token (grant offline access / the refresh_token scope)",
    });
  return tokens;
}

/** A form-encoded POST to the token endpoint; the client authenticates with its id and secret in the body. */
async function tokenRequest(
  provider: CrmOAuthProvider,
  params: Record<string, string>,
  fetchImpl: typeof fetch,
  now: Date,
  failure: "CRM_TOKEN_REFRESH_FAILED" | "CRM_OAUTH_EXCHANGE_FAILED",
): Promise<OAuthTokenSet> {
  const body = new URLSearchParams({
    ...params,
    client_id: provider.clientId,
    client_secret: provider.clientSecret,
  });
  let res: Response;
  try {
    res = await fetchImpl(provider.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: body.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new BatonError(failure, { provider: provider.name, status: 0, why: (e as Error).message });
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {}
  if (!res.ok || typeof json.access_token !== "string") {
    // the error fields only (RFC 6749 §5.2); never the body, which could echo a token
    const why = [json.error ?? json.status, json.error_description ?? json.message]
      .filter(Boolean)
      .join(": ");
    throw new BatonError(failure, {
      provider: provider.name,
      status: res.status,
      why: String(why || "no access_token in the answer").slice(0, 300),
    });
  }
  const expiresIn = Number(json.expires_in);
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : "",
    expiresAt: new Date(now.getTime() + (expiresIn > 0 ? expiresIn * 1000 : DEFAULT_LIFETIME_MS)),
    instanceUrl: typeof json.instance_url === "string" ? json.instance_url : undefined,
  };
}

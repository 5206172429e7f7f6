// OpenID Connect sign-in (issue 11) with openid-client 6: the authorization code flow with PKCE
// (S256), state and nonce. The state, the code verifier and the nonce stay on the server
// (oidc_sign_in_states, 10 minutes, used once); the browser holds the state in a cookie too, so a
// callback is accepted only in the browser that started it.
import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { isLoopback } from "../oauth/oauth-client.ts";
import { hashOpaqueId, sameSecret } from "../sessions/opaque-id.ts";
import type { IdpForSignIn } from "./idp-settings.ts";
import { emailDomain, mapRoles } from "./map-roles.ts";

const STATE_TTL_MS = 10 * 60_000;
const configs = new Map<string, Promise<oidc.Configuration>>();

/** Discovery, cached per tenant and settings version. Plain http only for a loopback issuer (tests, local IdPs). */
export function configurationOf(s: IdpForSignIn): Promise<oidc.Configuration> {
  const key = `${s.clientId}|${s.updatedAt.getTime()}`;
  let c = configs.get(key);
  if (!c) {
    const url = new URL(s.issuer);
    const insecure = url.protocol === "http:";
    if (insecure && !isLoopback(url.hostname)) {
      return Promise.reject(new BatonError("SSO_FAILED", { reason: "the issuer must use https" }));
    }
    c = oidc.discovery(
      url,
      s.oidcClientId,
      s.clientSecret,
      s.clientSecret ? undefined : oidc.None(),
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    c.catch(() => configs.delete(key));
    configs.set(key, c);
  }
  return c;
}

function failed(reason: string, cause?: unknown): BatonError {
  return new BatonError("SSO_FAILED", { reason }, { cause });
}

export async function startOidcSignIn(
  db: Kysely<DB>,
  s: IdpForSignIn,
  redirectUri: string,
  now: Date,
): Promise<{ url: string; state: string }> {
  let config: oidc.Configuration;
  try {
    config = await configurationOf(s);
  } catch (e) {
    throw e instanceof BatonError ? e : failed("the identity provider could not be reached", e);
  }
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await db
    .insertInto("oidc_sign_in_states")
    .values({
      client_id: s.clientId,
      state_hash: hashOpaqueId(state),
      code_verifier: verifier,
      nonce,
      created_at: now,
      expires_at: new Date(now.getTime() + STATE_TTL_MS),
    })
    .execute();
  // expired round trips are worth nothing
  await db.deleteFrom("oidc_sign_in_states").where("expires_at", "<", now).execute();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: s.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { url: url.href, state };
}

export interface OidcIdentity {
  clientId: string;
  email: string;
  name: string;
  roles: ReturnType<typeof mapRoles>;
  subject: string;
}

/** Which tenant a callback belongs to (from its state), without using the state up. */
export async function tenantOfState(db: Kysely<DB>, state: string | null): Promise<string | undefined> {
  if (!state) return undefined;
  const r = await db
    .selectFrom("oidc_sign_in_states")
    .select("client_id")
    .where("state_hash", "=", hashOpaqueId(state))
    .executeTakeFirst();
  return r?.client_id;
}

export async function finishOidcSignIn(
  db: Kysely<DB>,
  load: (clientId: string) => Promise<IdpForSignIn>,
  currentUrl: URL,
  stateCookie: string | undefined,
  now: Date,
): Promise<OidcIdentity> {
  const state = currentUrl.searchParams.get("state") ?? undefined;
  if (!sameSecret(state, stateCookie)) throw failed("the sign-in was not started in this browser");
  const error = currentUrl.searchParams.get("error");
  const row = await db
    .deleteFrom("oidc_sign_in_states")
    .where("state_hash", "=", hashOpaqueId(state!))
    .returningAll()
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) <= now) throw failed("the sign-in expired or was already completed");
  if (error) throw failed(`the identity provider answered ${error.slice(0, 100)}`);
  const s = await load(row.client_id);
  let config: oidc.Configuration;
  try {
    config = await configurationOf(s);
  } catch (e) {
    throw e instanceof BatonError ? e : failed("the identity provider could not be reached", e);
  }
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: row.code_verifier,
      expectedState: state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    // some IdPs put email and groups only in the userinfo answer
    if ((!claims.email || claims[s.roleClaim] === undefined) && config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = {
        ...info,
        ...claims,
        ...(claims[s.roleClaim] === undefined ? { [s.roleClaim]: info[s.roleClaim] } : {}),
      };
    }
  } catch (e) {
    throw failed("the identity provider's answer did not verify", e);
  }
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const domain = emailDomain(email);
  if (!domain) throw failed("the identity provider sent no email address");
  if (claims.email_verified === false) throw failed("the identity provider says this email is not verified");
  if (!s.allowedDomains.includes(domain)) {
    throw new BatonError("SSO_DOMAIN_NOT_ALLOWED", { domain, client: s.clientId, email });
  }
  return {
    clientId: s.clientId,
    email,
    name: typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 200) : email,
    roles: mapRoles(claims, s.roleClaim, s.roleMap),
    subject: String(claims.sub),
  };
}

/** RP-initiated logout, where the IdP supports it (end_session_endpoint). */
export async function endSessionUrl(
  s: IdpForSignIn,
  postLogoutRedirectUri: string,
): Promise<string | undefined> {
  const config = await configurationOf(s);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return oidc.buildEndSessionUrl(config, {
    client_id: s.oidcClientId,
    post_logout_redirect_uri: postLogoutRedirectUri,
  }).href;
}

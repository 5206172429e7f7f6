// Salesforce's side of the shared CRM OAuth2 (src/crm/crm-oauth.ts): the Connected App as a
// provider (web-server flow with PKCE at {SALESFORCE_LOGIN_URL}/services/oauth2/authorize and /token,
// scopes api and refresh_token; the org is the one the token answer's identity URL names), and the sessions SalesforceRest calls with: the stored access token and
// the org's instance_url, refreshed once when Salesforce answers 401 INVALID_SESSION_ID (its token
// answer has no expires_in, so the shared store takes it to last an hour and refreshes it then too).
import type { Kysely } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import {
  accessTokenFor,
  type CrmOAuthProvider,
  type OAuthTokenSet,
  refreshRejectedToken,
} from "./crm-oauth.ts";
import type { SalesforceSession, SalesforceSessions } from "./salesforce-rest.ts";

export type SalesforceConfig = NonNullable<Config["salesforce"]>;

/** `api` for the REST API, `refresh_token` for a refresh token in the code exchange's answer. */
export const SALESFORCE_SCOPES = ["api", "refresh_token"];

export function salesforceOAuthProvider(c: SalesforceConfig): CrmOAuthProvider {
  return {
    name: "salesforce",
    authorizeUrl: `${c.loginUrl}/services/oauth2/authorize`,
    tokenUrl: `${c.loginUrl}/services/oauth2/token`,
    scopes: SALESFORCE_SCOPES,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    // changes are polled per workspace with its own tokens; nothing is routed by the org
    oneWorkspacePerAccount: false,
    // the token answer's `id` is the identity URL {login}/id/{orgId}/{userId} (help.salesforce.com,
    // "OAuth 2.0 Web Server Flow": id, instance_url, …)
    async accountOf(answer) {
      return identityOf(answer.id)?.org;
    },
    // the user Baton acts as: the identity URL's last segment (its stage writes carry it as CreatedById)
    userOf(answer) {
      return identityOf(answer.id)?.user;
    },
  };
}

/** The org and user of a token answer's identity URL, {login}/id/{orgId}/{userId}. */
export function identityOf(id: unknown): { org: string; user: string } | undefined {
  const m =
    typeof id === "string" ? /\/id\/(00D[A-Za-z0-9]{12,15})\/(005[A-Za-z0-9]{12,15})\/?$/.exec(id) : null;
  return m ? { org: m[1] as string, user: m[2] as string } : undefined;
}

function session(t: OAuthTokenSet): SalesforceSession {
  // every Salesforce token answer carries instance_url; a row without one was not stored by this flow
  if (!t.instanceUrl)
    throw Object.assign(new Error("the Salesforce tokens carry no instance_url: connect again"), {
      permanent: true,
    });
  return { accessToken: t.accessToken, instanceUrl: t.instanceUrl, userId: t.userRef ?? null };
}

/** Sessions from crm_oauth_tokens, per tenant (the tenant's own org). */
export function storedSalesforceSessions(
  db: Kysely<DB>,
  secret: string,
  provider: CrmOAuthProvider,
  now: () => Date = () => new Date(),
): SalesforceSessions {
  return {
    current: async (clientId) => session(await accessTokenFor(db, secret, clientId, provider, fetch, now())),
    renew: async (clientId, rejected) =>
      session(await refreshRejectedToken(db, secret, clientId, provider, rejected, fetch, now())),
  };
}

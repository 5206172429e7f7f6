// Connecting to the Salesforce stand-in as a tenant would: the web-server flow's authorize step
// (the stand-in approves at once and redirects with a code), then the code exchange.
import type { SalesforceSession, SalesforceSessions } from "../../src/crm/salesforce-rest.ts";
import {
  requestSalesforceToken,
  type SalesforceOAuthConfig,
  type SalesforceTokens,
} from "../../src/crm/salesforce-token.ts";
import type { SalesforceStandIn } from "../support/salesforce-stand-in.ts";

export const REDIRECT_URI = "http://baton.test/api/v1/crm/oauth/salesforce/callback";

export function oauthConfig(sf: SalesforceStandIn): SalesforceOAuthConfig {
  return {
    clientId: sf.clientId,
    clientSecret: sf.clientSecret,
    loginUrl: sf.baseUrl,
    apiVersion: sf.apiVersion,
  };
}

/** The code the stand-in's authorize endpoint hands back on its redirect. */
export async function authorizeCode(sf: SalesforceStandIn, state = "st4te"): Promise<string> {
  const url = new URL(`${sf.baseUrl}/services/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: sf.clientId,
    redirect_uri: REDIRECT_URI,
    state,
  }).toString();
  const res = await fetch(url, { redirect: "manual" });
  const location = new URL(res.headers.get("location") ?? "");
  if (location.searchParams.get("state") !== state) throw new Error("state not echoed");
  return location.searchParams.get("code") ?? "";
}

export async function connect(sf: SalesforceStandIn): Promise<SalesforceTokens> {
  const code = await authorizeCode(sf);
  return requestSalesforceToken(oauthConfig(sf), {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
  });
}

/** Sessions held in memory (one tenant), renewed by the refresh grant: for tests without a database. */
export function memorySessions(sf: SalesforceStandIn, tokens: SalesforceTokens): SalesforceSessions {
  let session: SalesforceSession = { accessToken: tokens.accessToken, instanceUrl: tokens.instanceUrl };
  return {
    current: async () => session,
    renew: async () => {
      const t = await requestSalesforceToken(oauthConfig(sf), {
        grant_type: "refresh_token",
        refresh_token: tokens.refreshToken ?? "",
      });
      session = { accessToken: t.accessToken, instanceUrl: t.instanceUrl };
      return session;
    },
  };
}

// A tenant connected to the HubSpot stand-in: the authorization code exchanged as the callback does,
// the tokens stored sealed with the portal's hub id.
import type { Kysely } from "kysely";
import type { Config } from "../../src/config/config.ts";
import { exchangeCode, saveOAuthTokens } from "../../src/crm/crm-oauth.ts";
import { hubspotOAuthProvider } from "../../src/crm/crm-oauth-providers.ts";
import type { DB } from "../../src/db/database.ts";
import type { HubSpotStandIn } from "../support/hubspot-stand-in.ts";

export const HS_SECRET = "a-test-secret-that-is-long-enough-0123456789";

export function hubspotConfig(hs: HubSpotStandIn): NonNullable<Config["hubspot"]> {
  return {
    clientId: hs.clientId,
    clientSecret: hs.clientSecret,
    apiUrl: hs.baseUrl,
    authUrl: `${hs.baseUrl}/oauth/authorize`,
  };
}

export function hubspotEnv(hs: HubSpotStandIn): NodeJS.ProcessEnv {
  return {
    BATON_SECRET: HS_SECRET,
    HUBSPOT_CLIENT_ID: hs.clientId,
    HUBSPOT_CLIENT_SECRET: hs.clientSecret,
    HUBSPOT_API_URL: hs.baseUrl,
    HUBSPOT_AUTH_URL: `${hs.baseUrl}/oauth/authorize`,
  };
}

export async function connectHubSpot(db: Kysely<DB>, hs: HubSpotStandIn, clientId: string) {
  const redirect = "http://baton.test/api/v1/crm/oauth/hubspot/callback";
  const tokens = await exchangeCode(
    hubspotOAuthProvider(hubspotConfig(hs)),
    hs.issueCode(redirect),
    redirect,
  );
  await saveOAuthTokens(db, HS_SECRET, clientId, "hubspot", { ...tokens, accountRef: String(hs.hubId) });
}

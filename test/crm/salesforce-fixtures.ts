// Connecting a tenant to the Salesforce stand-in as the web-server flow does: the authorize step
// (the stand-in approves at once and redirects with a code), the shared code exchange, the tokens
// stored sealed; and SalesforceCrm on those stored tokens.
import type { Kysely } from "kysely";
import type { Config } from "../../src/config/config.ts";
import { exchangeCode, type OAuthTokenSet, saveOAuthTokens } from "../../src/crm/crm-oauth.ts";
import { SalesforceCrm } from "../../src/crm/salesforce-crm.ts";
import { salesforceOAuthProvider, storedSalesforceSessions } from "../../src/crm/salesforce-oauth.ts";
import type { DB } from "../../src/db/database.ts";
import type { SalesforceStandIn } from "../support/salesforce-stand-in.ts";

export const REDIRECT_URI = "http://baton.test/api/v1/crm/oauth/salesforce/callback";
export const SECRET = "a-test-secret-that-is-long-enough-0123456789";

export function salesforceConfig(sf: SalesforceStandIn): NonNullable<Config["salesforce"]> {
  return {
    clientId: sf.clientId,
    clientSecret: sf.clientSecret,
    loginUrl: sf.baseUrl,
    apiVersion: sf.apiVersion,
  };
}

/** Follows an authorize URL on the stand-in; returns the code and state of its redirect. */
export async function approveAt(
  authorizeUrl: string,
): Promise<{ code: string; state: string | null; to: URL }> {
  const res = await fetch(authorizeUrl, { redirect: "manual" });
  const to = new URL(res.headers.get("location") ?? "");
  return { code: to.searchParams.get("code") ?? "", state: to.searchParams.get("state"), to };
}

export async function exchangeWithStandIn(sf: SalesforceStandIn): Promise<OAuthTokenSet> {
  const u = new URL(`${sf.baseUrl}/services/oauth2/authorize`);
  u.search = new URLSearchParams({
    response_type: "code",
    client_id: sf.clientId,
    redirect_uri: REDIRECT_URI,
  }).toString();
  const { code } = await approveAt(u.toString());
  return exchangeCode(salesforceOAuthProvider(salesforceConfig(sf)), code, REDIRECT_URI, fetch, sf.clock);
}

/** The tenant's org connected (tokens stored sealed) and SalesforceCrm reading them. */
export async function connectedCrm(
  db: Kysely<DB>,
  sf: SalesforceStandIn,
  clientId: string,
  opts: { lifecycleField?: string } = {},
): Promise<SalesforceCrm> {
  await saveOAuthTokens(db, SECRET, clientId, "salesforce", await exchangeWithStandIn(sf), sf.clock);
  const sessions = storedSalesforceSessions(
    db,
    SECRET,
    salesforceOAuthProvider(salesforceConfig(sf)),
    () => sf.clock,
  );
  return new SalesforceCrm(sessions, { apiVersion: sf.apiVersion, now: () => sf.clock, ...opts });
}

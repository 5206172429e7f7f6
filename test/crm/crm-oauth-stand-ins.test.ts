// The CRM stand-ins' token endpoints refuse what HubSpot's and Salesforce's refuse (issue 58,
// Deliver 2), so a flow without PKCE, with a reused code or another redirect URI fails here as it
// would there: a code issued with a code_challenge and exchanged without its verifier, or with
// another one; the same code twice; a redirect_uri other than the authorize request's. Each beside
// the real exchange, through Baton's own client (exchangeCode, openid-client).
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmOAuthProvider, exchangeCode } from "../../src/crm/crm-oauth.ts";
import { authorizeUrlOf, hubspotOAuthProvider } from "../../src/crm/crm-oauth-providers.ts";
import { salesforceOAuthProvider } from "../../src/crm/salesforce-oauth.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { hubspotConfig } from "./hubspot-fixtures.ts";
import { approveAt, salesforceConfig } from "./salesforce-fixtures.ts";

let hs: HubSpotStandIn;
let sf: SalesforceStandIn;
beforeAll(async () => {
  [hs, sf] = await Promise.all([startHubSpotStandIn(), startSalesforceStandIn()]);
});
afterAll(async () => {
  await Promise.all([hs?.close(), sf?.close()]);
});

const REDIRECT = "http://baton.test/api/v1/crm/oauth/x/callback";

/** An authorization at the stand-in with a PKCE challenge: the code and the verifier Baton would keep. */
async function authorize(provider: CrmOAuthProvider) {
  const verifier = oidc.randomPKCECodeVerifier();
  const url = authorizeUrlOf(provider, REDIRECT, "st", await oidc.calculatePKCECodeChallenge(verifier));
  return { code: (await approveAt(url)).code, verifier };
}

const cases: Array<[string, () => CrmOAuthProvider]> = [
  ["HubSpot", () => hubspotOAuthProvider(hubspotConfig(hs))],
  ["Salesforce", () => salesforceOAuthProvider(salesforceConfig(sf))],
];

describe.each(cases)("%s's token endpoint", (_name, providerOf) => {
  it("exchanges a code with its verifier, once; refuses no verifier, another verifier, a reused code, another redirect URI", async () => {
    const provider = providerOf();
    const exchange = (code: string, verifier?: string, redirect = REDIRECT) =>
      exchangeCode(provider, code, redirect, fetch, new Date(), { verifier });
    const refused = async (p: Promise<unknown>) => {
      const e = (await p.then(
        () => null,
        (err) => err,
      )) as { code?: string; message?: string } | null;
      expect(e?.code).toBe("CRM_OAUTH_EXCHANGE_FAILED");
      return e?.message ?? "";
    };

    const real = await authorize(provider);
    const tokens = await exchange(real.code, real.verifier);
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.accountRef).toBeTruthy();
    expect(await refused(exchange(real.code, real.verifier))).toMatch(/auth(orization)? code/i);

    const none = await authorize(provider);
    expect(await refused(exchange(none.code))).toContain("code_verifier is missing");
    const other = await authorize(provider);
    expect(await refused(exchange(other.code, oidc.randomPKCECodeVerifier()))).toContain("does not match");
    const moved = await authorize(provider);
    expect(await refused(exchange(moved.code, moved.verifier, "http://baton.test/elsewhere"))).toMatch(
      /auth(orization)? code/i,
    );
  });
});

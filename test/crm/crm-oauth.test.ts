// Connecting a CRM over OAuth2 (issue 41 item 1): the start URL with a signed state, the public
// callback that refuses a forged or expired state, the tokens stored sealed, and the access token
// refreshed (once, under the row lock) when it expires within 60 s. Against the HubSpot stand-in's
// token endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenFor, refreshRejectedToken, saveOAuthTokens } from "../../src/crm/crm-oauth.ts";
import { hubspotOAuthProvider } from "../../src/crm/crm-oauth-providers.ts";
import { signOAuthState } from "../../src/crm/crm-oauth-state.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant } from "../support/tenant.ts";

let h: TestApp;
let hs: HubSpotStandIn;
const SECRET = "a-test-secret-that-is-long-enough-0123456789";

beforeAll(async () => {
  hs = await startHubSpotStandIn();
  h = await testApp(undefined, {
    BATON_SECRET: SECRET,
    HUBSPOT_CLIENT_ID: hs.clientId,
    HUBSPOT_CLIENT_SECRET: hs.clientSecret,
    HUBSPOT_API_URL: hs.baseUrl,
    HUBSPOT_AUTH_URL: `${hs.baseUrl}/oauth/authorize`,
  });
});
afterAll(async () => {
  await h.close();
  await hs.close();
});

const provider = () => hubspotOAuthProvider(h.deps.config.hubspot!);

async function connect(auth: Record<string, string>) {
  const start = await h.app.inject({ method: "GET", url: "/api/v1/crm/oauth/hubspot/start", headers: auth });
  expect(start.statusCode).toBe(200);
  const { authorize_url, redirect_uri } = start.json();
  const state = new URL(authorize_url).searchParams.get("state")!;
  const code = hs.issueCode(redirect_uri);
  return { state, code, redirect_uri, authorize_url };
}

describe("OAuth2 connect (HubSpot)", () => {
  it("start gives revops the authorize URL; the callback stores the tokens sealed, with the hub id", async () => {
    const t = await createTenant(h.database.db);
    const rep = await h.app.inject({
      method: "GET",
      url: "/api/v1/crm/oauth/hubspot/start",
      headers: t.rep.auth,
    });
    expect(rep.statusCode).toBe(403);
    const { state, code, redirect_uri, authorize_url } = await connect(t.revops.auth);
    const u = new URL(authorize_url);
    expect(u.searchParams.get("client_id")).toBe(hs.clientId);
    expect(u.searchParams.get("scope")).toContain("crm.objects.contacts.write");
    expect(redirect_uri).toBe("http://baton.test/api/v1/crm/oauth/hubspot/callback");

    const cb = await h.app.inject({
      method: "GET",
      url: `/api/v1/crm/oauth/hubspot/callback?code=${code}&state=${encodeURIComponent(state)}`,
    });
    expect(cb.statusCode).toBe(200);
    expect(cb.json()).toEqual({ connected: true, provider: "hubspot", account: String(hs.hubId) });
    const row = await h.database.db
      .selectFrom("crm_oauth_tokens")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row.account_ref).toBe(String(hs.hubId));
    const [access] = [...hs.accessTokens.keys()].slice(-1);
    expect(JSON.stringify(row)).not.toContain(access);
    const tokens = await accessTokenFor(h.database.db, SECRET, t.clientId, provider());
    expect(tokens.accessToken).toBe(access);
    // a code is good once
    const again = await h.app.inject({
      method: "GET",
      url: `/api/v1/crm/oauth/hubspot/callback?code=${code}&state=${encodeURIComponent(state)}`,
    });
    expect(again.statusCode).toBe(502);
    expect(again.json().error.code).toBe("CRM_OAUTH_EXCHANGE_FAILED");
  });

  it("refuses a forged, re-signed, other-provider or expired state, storing nothing", async () => {
    const t = await createTenant(h.database.db);
    const victim = await createTenant(h.database.db);
    const { state, code } = await connect(t.revops.auth);
    const [payload, sig] = state.split(".");
    const body = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...body, c: victim.clientId })).toString("base64url");
    const cases = [
      `${forgedPayload}.${sig}`,
      signOAuthState("another-secret-entirely-0123456789abcdef", victim.clientId, "hubspot", new Date()),
      signOAuthState(SECRET, t.clientId, "salesforce", new Date()),
      signOAuthState(SECRET, t.clientId, "hubspot", new Date(Date.now() - 11 * 60_000)),
      "garbage",
    ];
    for (const s of cases) {
      const res = await h.app.inject({
        method: "GET",
        url: `/api/v1/crm/oauth/hubspot/callback?code=${code}&state=${encodeURIComponent(s)}`,
      });
      expect(res.statusCode, s).toBe(400);
      expect(res.json().error.code).toBe("CRM_OAUTH_STATE_INVALID");
    }
    const rows = await h.database.db
      .selectFrom("crm_oauth_tokens")
      .select("client_id")
      .where("client_id", "in", [t.clientId, victim.clientId])
      .execute();
    expect(rows).toEqual([]);
  });

  it("without a grant: CRM_NOT_CONNECTED", async () => {
    const t = await createTenant(h.database.db);
    await expect(accessTokenFor(h.database.db, SECRET, t.clientId, provider())).rejects.toMatchObject({
      code: "CRM_NOT_CONNECTED",
    });
  });

  it("refreshes within 60 s of expiry, once for concurrent callers; a 401 refreshes once", async () => {
    const t = await createTenant(h.database.db);
    const { state, code } = await connect(t.revops.auth);
    await h.app.inject({
      method: "GET",
      url: `/api/v1/crm/oauth/hubspot/callback?code=${code}&state=${encodeURIComponent(state)}`,
    });
    const first = await accessTokenFor(h.database.db, SECRET, t.clientId, provider());
    const before = hs.tokenGrants.refresh_token;
    // 30 minutes later: 1 s before expiry at most → refresh; three callers at once
    const later = new Date(first.expiresAt.getTime() - 30_000);
    const got = await Promise.all(
      [1, 2, 3].map(() => accessTokenFor(h.database.db, SECRET, t.clientId, provider(), fetch, later)),
    );
    expect(hs.tokenGrants.refresh_token).toBe(before + 1);
    expect(new Set(got.map((g) => g.accessToken)).size).toBe(1);
    expect(got[0].accessToken).not.toBe(first.accessToken);
    expect(got[0].refreshToken).toBe(first.refreshToken);

    // the CRM answered 401 to the current token: refresh once; a second caller with the same
    // rejected token gets the new one without another refresh
    const rejected = got[0].accessToken;
    const a = await refreshRejectedToken(h.database.db, SECRET, t.clientId, provider(), rejected);
    const b = await refreshRejectedToken(h.database.db, SECRET, t.clientId, provider(), rejected);
    expect(a.accessToken).not.toBe(rejected);
    expect(b.accessToken).toBe(a.accessToken);
    expect(hs.tokenGrants.refresh_token).toBe(before + 2);
  });

  it("a revoked refresh token: CRM_TOKEN_REFRESH_FAILED, naming no token", async () => {
    const t = await createTenant(h.database.db);
    await saveOAuthTokens(h.database.db, SECRET, t.clientId, "hubspot", {
      accessToken: "stale",
      refreshToken: "ref-revoked",
      expiresAt: new Date(Date.now() - 1000),
    });
    const err = await accessTokenFor(h.database.db, SECRET, t.clientId, provider()).catch((e) => e);
    expect(err.code).toBe("CRM_TOKEN_REFRESH_FAILED");
    expect(err.message).toContain("BAD_REFRESH_TOKEN");
    expect(err.message).not.toContain("ref-revoked");
  });
});

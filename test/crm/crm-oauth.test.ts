// Connecting a CRM over OAuth2 (issue 41 item 1; issue 58, Deliver 2) against the HubSpot stand-in:
// the grant's state and PKCE verifier stay on the server, bound to the person and browser session
// that started it, for 10 minutes, once. Each of the review's repros beside the real flow: a replayed
// state (with the same or another code), tenant B's state, another browser's session, another
// person, no session, an expired state; nothing changes on a refusal. Then the stored tokens:
// refreshed once under the row lock, a revoked refresh token refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenFor, refreshRejectedToken, saveOAuthTokens } from "../../src/crm/crm-oauth.ts";
import { hubspotOAuthProvider } from "../../src/crm/crm-oauth-providers.ts";
import type { TestApp } from "../support/app.ts";
import type { HubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import {
  approve,
  browserOf,
  callback,
  connectInBrowser,
  refusal,
  startGrant,
  startHubSpotApp,
  tokensOf,
} from "./crm-oauth-fixtures.ts";
import { HS_SECRET as SECRET } from "./hubspot-fixtures.ts";

let h: TestApp;
let hs: HubSpotStandIn;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ h, hs, close } = await startHubSpotApp());
});
afterAll(() => close?.());

const provider = () => hubspotOAuthProvider(h.deps.config.hubspot!);
let portals = 0;
/** Each test grants its own portal (one workspace per portal): the next approval is for a new one. */
const newPortal = () => {
  const id = 50_000_000 + ++portals;
  hs.nextPortal(id);
  return String(id);
};

describe("OAuth2 connect (HubSpot)", () => {
  it("the real flow: PKCE S256 in the authorize URL, the callback in the starter's session stores the tokens sealed with the hub id", async () => {
    const t = await createTenant(h.database.db);
    const rep = await h.app.inject({
      method: "GET",
      url: "/api/v1/crm/oauth/hubspot/start",
      headers: t.rep.auth,
    });
    expect(refusal(rep)).toEqual([403, "FORBIDDEN_ROLE"]);
    const browser = await browserOf(h, t.revops);
    const { authorizeUrl, redirectUri } = await startGrant(h, "hubspot", browser);
    const u = new URL(authorizeUrl);
    expect(u.searchParams.get("client_id")).toBe(hs.clientId);
    expect(u.searchParams.get("scope")).toContain("crm.objects.contacts.write");
    expect(u.searchParams.get("code_challenge_method")).toBe("S256");
    expect(u.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(redirectUri).toBe("http://baton.test/api/v1/crm/oauth/hubspot/callback");
    // the server keeps the state's hash and the verifier sealed, never in clear
    const [grant] = await h.database.db
      .selectFrom("crm_oauth_grants")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(grant?.state_hash).not.toBe(u.searchParams.get("state"));
    expect(JSON.stringify(grant)).not.toContain(u.searchParams.get("state"));

    const portal = newPortal();
    const back = await approve(authorizeUrl);
    const cb = await callback(h, "hubspot", back, browser);
    expect(cb.statusCode, cb.body).toBe(200);
    expect(cb.json()).toEqual({ connected: true, provider: "hubspot", account: portal });
    const [row] = await tokensOf(h, t.clientId);
    expect(row?.account_ref).toBe(portal);
    const [access] = [...hs.accessTokens.keys()].slice(-1);
    expect(JSON.stringify(row)).not.toContain(access);
    expect((await accessTokenFor(h.database.db, SECRET, t.clientId, provider())).accessToken).toBe(access);
    // the grant is gone: used once
    expect(
      await h.database.db
        .selectFrom("crm_oauth_grants")
        .select("grant_id")
        .where("client_id", "=", t.clientId)
        .execute(),
    ).toEqual([]);
  });

  it("review repro: the used state replayed, with its code or with another portal's code, is refused and changes nothing", async () => {
    const t = await createTenant(h.database.db);
    const browser = await browserOf(h, t.revops);
    const { authorizeUrl } = await startGrant(h, "hubspot", browser);
    newPortal();
    const back = await approve(authorizeUrl);
    expect((await callback(h, "hubspot", back, browser)).statusCode).toBe(200);
    const before = await tokensOf(h, t.clientId);
    const sameCode = await callback(h, "hubspot", back, browser);
    expect(refusal(sameCode)).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
    expect(sameCode.json().error.message).toContain("used already");
    const other = new URLSearchParams(back);
    other.set(
      "code",
      hs.issueCode("http://baton.test/api/v1/crm/oauth/hubspot/callback", { hubId: 99_000_001 }),
    );
    expect(refusal(await callback(h, "hubspot", other, browser))).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
    expect(await tokensOf(h, t.clientId)).toEqual(before);
  });

  it("review repro: tenant B's state in tenant A's browser is refused; in B's own session it completes, but not with A's portal", async () => {
    const a = await createTenant(h.database.db);
    const b = await createTenant(h.database.db);
    const browserA = await browserOf(h, a.revops);
    const browserB = await browserOf(h, b.revops);
    const portalA = newPortal();
    expect((await connectInBrowser(h, "hubspot", browserA)).statusCode).toBe(200);
    const { authorizeUrl } = await startGrant(h, "hubspot", browserB);
    hs.nextPortal(Number(portalA)); // B's person granted access to A's portal
    const back = await approve(authorizeUrl);
    const inA = await callback(h, "hubspot", back, browserA);
    expect(refusal(inA)).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
    expect(inA.json().error.message).toContain("another workspace");
    // B's own session: the grant is still B's, and A's portal is A's
    const inB = await callback(h, "hubspot", back, browserB);
    expect(refusal(inB)).toEqual([409, "CRM_ACCOUNT_CONNECTED_ELSEWHERE"]);
    expect(await tokensOf(h, b.clientId)).toEqual([]);
    // B's own portal connects
    const portalB = newPortal();
    const own = await connectInBrowser(h, "hubspot", browserB);
    expect(own.json()).toEqual({ connected: true, provider: "hubspot", account: portalB });
  });

  it("review repro: another browser's session, another person, no sign-in: refused; the starter's own session then completes", async () => {
    const t = await createTenant(h.database.db);
    const first = await browserOf(h, t.revops);
    const second = await browserOf(h, t.revops); // the same person in another browser
    const colleague = await browserOf(h, t.revops2);
    const { authorizeUrl } = await startGrant(h, "hubspot", first);
    newPortal();
    const back = await approve(authorizeUrl);
    const cases: Array<[{ cookie: string } | undefined, string]> = [
      [second, "another browser session"],
      [colleague, "another person"],
      [undefined, "no live Baton sign-in"],
      [{ cookie: "baton_session=not-a-session" }, "no live Baton sign-in"],
    ];
    for (const [browser, why] of cases) {
      const res = await callback(h, "hubspot", back, browser);
      expect(refusal(res), why).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
      expect(res.json().error.message).toContain(why);
    }
    expect(await tokensOf(h, t.clientId)).toEqual([]);
    expect((await callback(h, "hubspot", back, first)).statusCode).toBe(200);
  });

  it("started with an API token, the grant completes in a live sign-in session of the same person; after 10 minutes, in none", async () => {
    const t = await createTenant(h.database.db);
    const browser = await browserOf(h, t.revops);
    const ok = await startGrant(h, "hubspot", t.revops.auth);
    const late = await startGrant(h, "hubspot", t.revops.auth);
    const portal = newPortal();
    const okBack = await approve(ok.authorizeUrl);
    hs.nextPortal(Number(portal));
    const lateBack = await approve(late.authorizeUrl);
    expect((await callback(h, "hubspot", okBack, browser)).statusCode).toBe(200);
    const before = await tokensOf(h, t.clientId);
    h.clock.now = new Date(Date.now() + 10 * 60_000 + 1000);
    try {
      const res = await callback(h, "hubspot", lateBack, browser);
      expect(refusal(res)).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
      expect(res.json().error.message).toContain("expired");
    } finally {
      h.clock.now = null;
    }
    expect(await tokensOf(h, t.clientId)).toEqual(before);
  });

  it("an access_denied from the CRM uses the grant up and stores nothing", async () => {
    const t = await createTenant(h.database.db);
    const browser = await browserOf(h, t.revops);
    const { authorizeUrl } = await startGrant(h, "hubspot", browser);
    const state = new URL(authorizeUrl).searchParams.get("state")!;
    const denied = new URLSearchParams({
      state,
      error: "access_denied",
      error_description: "the user said no",
    });
    expect(refusal(await callback(h, "hubspot", denied, browser))).toEqual([
      502,
      "CRM_OAUTH_EXCHANGE_FAILED",
    ]);
    expect(refusal(await callback(h, "hubspot", denied, browser))).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
    expect(await tokensOf(h, t.clientId)).toEqual([]);
  });
});

describe("stored tokens", () => {
  it("without a grant: CRM_NOT_CONNECTED", async () => {
    const t = await createTenant(h.database.db);
    await expect(accessTokenFor(h.database.db, SECRET, t.clientId, provider())).rejects.toMatchObject({
      code: "CRM_NOT_CONNECTED",
    });
  });

  it("refreshes within 60 s of expiry, once for concurrent callers; a 401 refreshes once", async () => {
    const t = await createTenant(h.database.db);
    const portal = newPortal();
    expect((await connectInBrowser(h, "hubspot", await browserOf(h, t.revops))).statusCode).toBe(200);
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
    expect(got[0].accountRef).toBe(portal);

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

// A person connects their own mailbox by OAuth consent (issue 67 item 1) against the Google and
// Microsoft stand-ins, over HTTP as a browser does it: signed in to Baton (a session cookie), start,
// consent at the provider's page, land on the callback with the cookie, which sends the browser to My
// mailbox. The consent's state is the CRM grant's (server-side, single use, 10 minutes, bound to
// person and session): a replayed, expired, other session's or other person's state is refused and
// spends no code. The consenting account must be the mailbox's address, and every scope asked must be
// granted, or nothing is stored (Google's grant is given back). Disconnect revokes at Google and
// deletes the tokens; lists, roles and the campaign pool.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { createCampaign } from "../../src/campaigns/index.ts";
import { mailboxAccessToken } from "../../src/mailboxes/mailbox-tokens.ts";
import { GOOGLE_SCOPES, mailboxOAuthProvider } from "../../src/mailboxes/providers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { startGoogleStandIn } from "../support/google-stand-in.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../support/microsoft-stand-in.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";

type Name = "google" | "microsoft";
let h: TestApp;
let google: ProviderStandIn;
let microsoft: ProviderStandIn;
const BASE = "http://baton.test";
const SECRET_ENV = "BATON_MAILBOX";

beforeAll(async () => {
  google = await startGoogleStandIn();
  microsoft = await startMicrosoftStandIn();
  google.redirectUris = [`${BASE}/api/v1/mailboxes/oauth/google/callback`];
  microsoft.redirectUris = [`${BASE}/api/v1/mailboxes/oauth/microsoft/callback`];
  h = await testApp(undefined, {
    [`${SECRET_ENV}_GOOGLE_CLIENT_ID`]: google.clientId,
    [`${SECRET_ENV}_GOOGLE_CLIENT_SECRET`]: google.clientSecret,
    [`${SECRET_ENV}_GOOGLE_AUTH_URL`]: google.authorizeUrl,
    [`${SECRET_ENV}_GOOGLE_TOKEN_URL`]: google.tokenUrl,
    [`${SECRET_ENV}_GOOGLE_REVOKE_URL`]: google.revokeUrl,
    [`${SECRET_ENV}_GOOGLE_API_URL`]: google.apiUrl,
    [`${SECRET_ENV}_MICROSOFT_CLIENT_ID`]: microsoft.clientId,
    [`${SECRET_ENV}_MICROSOFT_CLIENT_SECRET`]: microsoft.clientSecret,
    [`${SECRET_ENV}_MICROSOFT_AUTH_URL`]: microsoft.authorizeUrl,
    [`${SECRET_ENV}_MICROSOFT_TOKEN_URL`]: microsoft.tokenUrl,
    [`${SECRET_ENV}_MICROSOFT_API_URL`]: microsoft.apiUrl,
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await google?.close();
  await microsoft?.close();
});

const standIn = (n: Name) => (n === "google" ? google : microsoft);
const email = (p: TestPrincipal, t: Tenant) =>
  `${Object.entries(t).find(([, v]) => v === p)![0]}@${t.clientId}.test`;

type Browser = Record<string, string> & { cookie: string };

/** A browser signed in to Baton as this person: its cookie, and what its writes carry. */
async function browserOf(p: { clientId: string; principalId: string }): Promise<Browser> {
  const s = await createSession(
    h.database.db,
    { clientId: p.clientId, principalId: p.principalId, method: "email_link" },
    h.deps.config.session,
    h.deps.now(),
  );
  return { cookie: `baton_session=${s.id}`, origin: BASE, "x-csrf-token": s.csrfToken };
}

async function start(n: Name, headers: Record<string, string>, mailbox?: string) {
  return h.app.inject({
    method: "POST",
    url: `/api/v1/mailboxes/oauth/${n}/start`,
    headers,
    payload: mailbox ? { mailbox } : {},
  });
}

async function startOk(n: Name, headers: Record<string, string>, mailbox?: string) {
  const res = await start(n, headers, mailbox);
  if (res.statusCode !== 200) throw new Error(`start answered ${res.statusCode}: ${res.body}`);
  return res.json() as { authorize_url: string; redirect_uri: string; mailbox: string };
}

/** The browser lands on the callback (the provider's redirect) with its cookie, when it has one. */
async function land(location: string, browser?: { cookie: string }) {
  const u = new URL(location);
  expect(u.origin + u.pathname).toMatch(/\/api\/v1\/mailboxes\/oauth\/(google|microsoft)\/callback$/);
  const res = await h.app.inject({
    method: "GET",
    url: u.pathname + u.search,
    headers: browser ? { cookie: browser.cookie } : {},
  });
  expect(res.statusCode, res.body).toBe(302);
  const to = new URL(String(res.headers.location), BASE);
  expect(to.pathname).toBe("/my-mailbox");
  return Object.fromEntries(to.searchParams);
}

/** start → consent at the provider as `as` → callback, in one signed-in browser. */
async function connect(
  n: Name,
  browser: Browser,
  as: string,
  o: { grantScopes?: string[]; mailbox?: string } = {},
) {
  const { authorize_url } = await startOk(n, browser, o.mailbox);
  return land(await standIn(n).consent(authorize_url, as, { grantScopes: o.grantScopes }), browser);
}

const rows = (clientId: string) =>
  h.database.db.selectFrom("mailbox_connections").selectAll().where("client_id", "=", clientId).execute();
const tokenCalls = (n: Name) => standIn(n).requests.filter((r) => /\/token$/.test(r.path)).length;
const asJson = (res: { statusCode: number; json(): any }) => [res.statusCode, res.json().error?.code ?? null];

describe("connecting a mailbox", () => {
  it("a rep connects Google: PKCE S256, the state kept hashed, the tokens sealed, status connected, audited", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    google.addUser(address);
    const browser = await browserOf(t.rep);
    const { authorize_url, redirect_uri, mailbox } = await startOk("google", browser);
    expect(mailbox).toBe(address);
    expect(redirect_uri).toBe(`${BASE}/api/v1/mailboxes/oauth/google/callback`);
    const u = new URL(authorize_url);
    expect(u.searchParams.get("client_id")).toBe(google.clientId);
    expect(u.searchParams.get("code_challenge_method")).toBe("S256");
    expect(u.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(u.searchParams.get("scope")!.split(" ").sort()).toEqual([...GOOGLE_SCOPES].sort());
    expect(u.searchParams.get("access_type")).toBe("offline");
    expect(u.searchParams.get("login_hint")).toBe(address);
    const [grant] = await h.database.db
      .selectFrom("mailbox_oauth_grants")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(grant).toMatchObject({ mailbox: address, started_by: t.rep.principalId, provider: "google" });
    expect(JSON.stringify(grant)).not.toContain(u.searchParams.get("state"));

    const back = await land(await google.consent(authorize_url, address), browser);
    expect(back).toEqual({ provider: "google", connected: address, outcome: "connected" });
    const [row] = await rows(t.clientId);
    expect(row).toMatchObject({
      mailbox: address,
      owner_id: t.rep.principalId,
      provider: "google",
      status: "connected",
      provider_account: address,
    });
    expect(row.scopes.sort()).toEqual([...GOOGLE_SCOPES].sort());
    expect(row.refresh_token_sealed).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.stringify(row)).not.toMatch(/ya29\.|1\/\/0/);
    // the sealed access token opens and Gmail takes it
    const token = await mailboxAccessToken(
      {
        db: h.database.db,
        secret: h.deps.config.secret,
        provider: mailboxOAuthProvider(h.deps.config, "google")!,
      },
      t.clientId,
      address,
      new Date(),
    );
    const profile = await fetch(`${google.apiUrl}/gmail/v1/users/me/profile`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await profile.json()).emailAddress).toBe(address);
    // used once
    expect(
      await h.database.db
        .selectFrom("mailbox_oauth_grants")
        .select("grant_id")
        .where("client_id", "=", t.clientId)
        .execute(),
    ).toEqual([]);
    const audit = await h.database.db
      .selectFrom("audit_log")
      .select(["action", "target", "actor_principal_id"])
      .where("client_id", "=", t.clientId)
      .where("action", "like", "mailbox_%")
      .execute();
    expect(audit).toEqual([
      { action: "mailbox_connected", target: address, actor_principal_id: t.rep.principalId },
    ]);
  });

  it("the exec connects Microsoft: Graph /me proves the address; offline_access gives the refresh token", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.exec, t);
    microsoft.addUser(address);
    const browser = await browserOf(t.exec);
    const { authorize_url } = await startOk("microsoft", browser);
    expect(new URL(authorize_url).searchParams.get("scope")).toBe(
      "offline_access User.Read Mail.Send Mail.Read",
    );
    const back = await land(await microsoft.consent(authorize_url, address), browser);
    expect(back).toEqual({ provider: "microsoft", connected: address, outcome: "connected" });
    const [row] = await rows(t.clientId);
    expect(row).toMatchObject({ provider: "microsoft", status: "connected", owner_id: t.exec.principalId });
    expect(row.provider_account).not.toBe(address); // Entra's object id
    expect(row.refresh_token_sealed).toBeTruthy();
  });

  it("a given address of one's own: the owner is the caller; an agent connects none", async () => {
    const t = await createTenant(h.database.db);
    const second = `tara.sales@${t.clientId}.test`;
    google.addUser(second);
    const browser = await browserOf(t.rep);
    expect(await connect("google", browser, second, { mailbox: second.toUpperCase() })).toMatchObject({
      connected: second,
    });
    expect((await rows(t.clientId))[0]).toMatchObject({ mailbox: second, owner_id: t.rep.principalId });
    expect(asJson(await start("google", t.agt901.auth))).toEqual([403, "FORBIDDEN_ROLE"]);
    // the same address started by another person: taken
    expect(asJson(await start("google", t.slm.auth, second))).toEqual([409, "MAILBOX_TAKEN"]);
  });
});

describe("refused states spend no code and store nothing", () => {
  it("a replayed state (with its code) is refused: used", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    google.addUser(address);
    const browser = await browserOf(t.rep);
    const { authorize_url } = await startOk("google", browser);
    const location = await google.consent(authorize_url, address);
    expect((await land(location, browser)).connected).toBe(address);
    const before = await rows(t.clientId);
    const calls = tokenCalls("google");
    expect(await land(location, browser)).toEqual({
      provider: "google",
      error: "MAILBOX_OAUTH_STATE_INVALID",
      reason: "used",
    });
    expect(tokenCalls("google")).toBe(calls);
    expect(await rows(t.clientId)).toEqual(before);
  });

  it("another browser session, another person, no sign-in: refused; the starter's own session then completes with the same code", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    google.addUser(address);
    const first = await browserOf(t.rep);
    const second = await browserOf(t.rep);
    const colleague = await browserOf(t.admin);
    const { authorize_url } = await startOk("google", first);
    const location = await google.consent(authorize_url, address);
    const calls = tokenCalls("google");
    for (const [browser, reason] of [
      [second, "other_session"],
      [colleague, "other_person"],
      [undefined, "no_session"],
      [{ cookie: "baton_session=not-a-session" }, "no_session"],
    ] as const)
      expect(await land(location, browser), reason).toEqual({
        provider: "google",
        error: "MAILBOX_OAUTH_STATE_INVALID",
        reason,
      });
    expect(tokenCalls("google")).toBe(calls);
    expect(await rows(t.clientId)).toEqual([]);
    expect((await land(location, first)).connected).toBe(address);
  });

  it("another workspace's state is refused: used (no consent of this workspace has it)", async () => {
    const a = await createTenant(h.database.db);
    const b = await createTenant(h.database.db);
    const address = email(b.rep, b);
    microsoft.addUser(address);
    const { authorize_url } = await startOk("microsoft", await browserOf(b.rep));
    const location = await microsoft.consent(authorize_url, address);
    expect(await land(location, await browserOf(a.rep))).toMatchObject({ reason: "used" });
    expect(await rows(a.clientId)).toEqual([]);
    expect(await rows(b.clientId)).toEqual([]);
  });

  it("after 10 minutes the state is refused: expired, and the code is not exchanged", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.exec, t);
    microsoft.addUser(address);
    const browser = await browserOf(t.exec);
    const { authorize_url } = await startOk("microsoft", browser);
    const location = await microsoft.consent(authorize_url, address);
    const calls = tokenCalls("microsoft");
    h.clock.now = new Date(Date.now() + 10 * 60_000 + 1000);
    try {
      // the session itself is still alive (12 hours idle)
      expect(await land(location, browser)).toEqual({
        provider: "microsoft",
        error: "MAILBOX_OAUTH_STATE_INVALID",
        reason: "expired",
      });
    } finally {
      h.clock.now = null;
    }
    expect(tokenCalls("microsoft")).toBe(calls);
    expect(await rows(t.clientId)).toEqual([]);
    // taken once even when refused for its age
    expect(await land(location, browser)).toMatchObject({ reason: "used" });
  });

  it("consent by another address than the mailbox's: refused, no row, no tokens; Google's grant is revoked", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    const other = `someone.else@${t.clientId}.test`;
    google.addUser(address);
    google.addUser(other);
    const browser = await browserOf(t.rep);
    const revokes = google.requests.filter((r) => r.path === "/revoke").length;
    expect(await connect("google", browser, other)).toEqual({
      provider: "google",
      error: "MAILBOX_ACCOUNT_MISMATCH",
      mailbox: address,
      account: other,
    });
    expect(await rows(t.clientId)).toEqual([]);
    const revoked = google.requests.filter((r) => r.path === "/revoke");
    expect(revoked.length).toBe(revokes + 1);
    expect(revoked.at(-1)!.status).toBe(200);
    // Microsoft: the same refusal, nothing stored (it has no endpoint to revoke)
    const execAddress = email(t.exec, t);
    microsoft.addUser(`someone.else@${t.clientId}.test`);
    expect(await connect("microsoft", await browserOf(t.exec), other)).toMatchObject({
      error: "MAILBOX_ACCOUNT_MISMATCH",
      mailbox: execAddress,
      account: other,
    });
    expect(await rows(t.clientId)).toEqual([]);
    const audit = await h.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("client_id", "=", t.clientId)
      .where("action", "like", "mailbox_%")
      .execute();
    expect(audit).toEqual([]);
  });

  it("a scope unticked on the consent page (granular consent): MAILBOX_SCOPES_MISSING, nothing stored", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    google.addUser(address);
    const browser = await browserOf(t.rep);
    const back = await connect("google", browser, address, {
      grantScopes: ["https://www.googleapis.com/auth/gmail.send"],
    });
    expect(back).toEqual({
      provider: "google",
      error: "MAILBOX_SCOPES_MISSING",
      mailbox: address,
      missing: "https://www.googleapis.com/auth/gmail.readonly",
    });
    expect(await rows(t.clientId)).toEqual([]);
    const mAddress = email(t.exec, t);
    microsoft.addUser(mAddress);
    expect(
      await connect("microsoft", await browserOf(t.exec), mAddress, {
        grantScopes: ["User.Read", "Mail.Read"],
      }),
    ).toMatchObject({ error: "MAILBOX_SCOPES_MISSING", missing: "Mail.Send" });
    expect(await rows(t.clientId)).toEqual([]);
  });

  it("declined at the provider: MAILBOX_CONSENT_FAILED, the state used up", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    google.addUser(address);
    const browser = await browserOf(t.rep);
    const { authorize_url } = await startOk("google", browser);
    const location = await google.consent(authorize_url, address, { deny: true });
    expect(await land(location, browser)).toMatchObject({ error: "MAILBOX_CONSENT_FAILED" });
    expect(await land(location, browser)).toMatchObject({
      error: "MAILBOX_OAUTH_STATE_INVALID",
      reason: "used",
    });
    expect(await rows(t.clientId)).toEqual([]);
  });
});

describe("reconnect, disconnect, lists, pools", () => {
  it("reconnecting a mailbox that needs consent resumes it (mailbox_resumed)", async () => {
    const t = await createTenant(h.database.db);
    const address = email(t.rep, t);
    google.addUser(address);
    const browser = await browserOf(t.rep);
    await connect("google", browser, address);
    google.revokeUser(address);
    const ctx = {
      db: h.database.db,
      secret: h.deps.config.secret,
      provider: mailboxOAuthProvider(h.deps.config, "google")!,
    };
    google.expireAccessTokens();
    await h.database.db
      .updateTable("mailbox_connections")
      .set({ access_expires_at: new Date(0) })
      .where("client_id", "=", t.clientId)
      .execute();
    await expect(mailboxAccessToken(ctx, t.clientId, address, new Date())).rejects.toMatchObject({
      code: "MAILBOX_NEEDS_CONSENT",
    });
    expect((await rows(t.clientId))[0].status).toBe("needs_consent");
    expect(await connect("google", browser, address)).toEqual({
      provider: "google",
      connected: address,
      outcome: "resumed",
    });
    expect((await rows(t.clientId))[0]).toMatchObject({ status: "connected", status_reason: null });
    const events = await h.database.db
      .selectFrom("cadence_event_log")
      .select("event_type")
      .where("client_id", "=", t.clientId)
      .where("event_type", "like", "mailbox_%")
      .orderBy("event_id")
      .execute();
    expect(events.map((e) => e.event_type)).toEqual([
      "mailbox_connected",
      "mailbox_needs_consent",
      "mailbox_resumed",
    ]);
    expect(typeof (await mailboxAccessToken(ctx, t.clientId, address, new Date()))).toBe("string");
  });

  it("disconnect: Google revokes the refresh token, the tokens are deleted; Microsoft says where to remove it", async () => {
    const t = await createTenant(h.database.db);
    const g = email(t.rep, t);
    const m = email(t.exec, t);
    google.addUser(g);
    microsoft.addUser(m);
    const rep = await browserOf(t.rep);
    await connect("google", rep, g);
    await connect("microsoft", await browserOf(t.exec), m);
    // a rep cannot disconnect another's mailbox; an unknown one is not found
    const call = (auth: Record<string, string>, box: string) =>
      h.app.inject({
        method: "DELETE",
        url: `/api/v1/mailboxes/connections/${encodeURIComponent(box)}`,
        headers: auth,
      });
    expect(asJson(await call(t.rep.auth, m))).toEqual([403, "MAILBOX_NOT_YOURS"]);
    expect(asJson(await call(t.revops.auth, m))).toEqual([403, "MAILBOX_NOT_YOURS"]);
    expect(asJson(await call(t.rep.auth, `nobody@${t.clientId}.test`))).toEqual([404, "MAILBOX_NOT_FOUND"]);
    expect(asJson(await call(t.agt901.auth, g))).toEqual([403, "FORBIDDEN_ROLE"]);

    const before = google.requests.filter((r) => r.path === "/revoke").length;
    // the owner, from the browser (a write with the session's CSRF token)
    const res = await call(rep, g);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      mailbox: g,
      provider: "google",
      status: "disconnected",
      revoked: true,
      how: null,
    });
    expect(google.requests.filter((r) => r.path === "/revoke" && r.status === 200).length).toBe(before + 1);
    const [row] = (await rows(t.clientId)).filter((r) => r.mailbox === g);
    expect(row).toMatchObject({
      status: "disconnected",
      access_token_sealed: null,
      refresh_token_sealed: null,
      access_expires_at: null,
    });
    const ctx = {
      db: h.database.db,
      secret: h.deps.config.secret,
      provider: mailboxOAuthProvider(h.deps.config, "google")!,
    };
    await expect(mailboxAccessToken(ctx, t.clientId, g, new Date())).rejects.toMatchObject({
      code: "MAILBOX_NEEDS_CONSENT",
    });

    // an admin disconnects the exec's Microsoft mailbox: nothing to revoke at Microsoft
    const ms = await call(t.admin.auth, m);
    expect(ms.json()).toMatchObject({ provider: "microsoft", status: "disconnected", revoked: false });
    expect(ms.json().how).toContain("myapps.microsoft.com");
    const audit = await h.database.db
      .selectFrom("audit_log")
      .select(["action", "target", "actor_principal_id"])
      .where("client_id", "=", t.clientId)
      .where("action", "=", "mailbox_disconnected")
      .orderBy("audit_id")
      .execute();
    expect(audit).toEqual([
      { action: "mailbox_disconnected", target: g, actor_principal_id: t.rep.principalId },
      { action: "mailbox_disconnected", target: m, actor_principal_id: t.admin.principalId },
    ]);
    // connected again later: a fresh connection
    expect(await connect("google", rep, g)).toMatchObject({ connected: g, outcome: "connected" });
  });

  it("lists: a person sees their own; admins and RevOps every mailbox with owner, health and the provider's limit", async () => {
    const t = await createTenant(h.database.db);
    const g = email(t.rep, t);
    const m = email(t.exec, t);
    google.addUser(g);
    microsoft.addUser(m);
    await connect("google", await browserOf(t.rep), g);
    await connect("microsoft", await browserOf(t.exec), m);
    const list = async (p: TestPrincipal) => {
      const res = await h.app.inject({
        method: "GET",
        url: "/api/v1/mailboxes/connections",
        headers: p.auth,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const mine = await list(t.rep);
    expect(mine.everyone).toBe(false);
    expect(mine.items.map((i: any) => i.mailbox)).toEqual([g]);
    expect(mine.providers).toEqual([
      { name: "google", label: "Google", configured: true },
      { name: "microsoft", label: "Microsoft", configured: true },
    ]);
    expect((await list(t.slm)).items).toEqual([]);
    for (const who of [t.admin, t.revops]) {
      const all = await list(who);
      expect(all.everyone).toBe(true);
      expect(all.items.map((i: any) => [i.mailbox, i.owner.name, i.provider, i.status]).sort()).toEqual(
        [
          [m, "exec person", "microsoft", "connected"],
          [g, "rep person", "google", "connected"],
        ].sort(),
      );
    }
    const item = (await list(t.admin)).items.find((i: any) => i.mailbox === m);
    expect(item).toMatchObject({
      owner: { id: t.exec.principalId, email: m },
      sent_today: 0,
      provider_limit: { per_day: 10_000, per_minute: 30 },
      last_error: null,
      paused_until: null,
      campaigns: [],
    });
    expect(JSON.stringify(await list(t.admin))).not.toMatch(/sealed|ya29\.|EwB/);
    expect(
      asJson(
        await h.app.inject({ method: "GET", url: "/api/v1/mailboxes/connections", headers: t.agt901.auth }),
      ),
    ).toEqual([403, "FORBIDDEN_ROLE"]);
  });

  it("RevOps puts a connected mailbox into a campaign's pool; a disconnected one is refused; a rep may not", async () => {
    const t = await createTenant(h.database.db);
    const g = email(t.rep, t);
    google.addUser(g);
    const rep = await browserOf(t.rep);
    await connect("google", rep, g);
    await createCampaign(
      h.database.db,
      t.revops,
      {
        slug: "pooled",
        name: "Pooled",
        type: "nurture",
        owner_role: "roles.marketing",
        kind: "nurture",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Hi",
          },
        ],
      },
      new Date(),
    );
    const pool = (p: TestPrincipal, method: "PUT" | "DELETE", box: string) =>
      h.app.inject({
        method,
        url: `/api/v1/campaigns/pooled/mailbox-pool/${encodeURIComponent(box)}`,
        headers: p.auth,
      });
    expect(asJson(await pool(t.rep, "PUT", g))).toEqual([403, "FORBIDDEN_ROLE"]);
    const added = await pool(t.revops, "PUT", g);
    expect(added.json()).toEqual({ campaign: "pooled", pool: [g] });
    const listed = await h.app.inject({
      method: "GET",
      url: "/api/v1/mailboxes/connections",
      headers: t.rep.auth,
    });
    expect(listed.json().items[0].campaigns).toEqual(["pooled"]);
    expect((await pool(t.admin, "DELETE", g)).json()).toEqual({ campaign: "pooled", pool: [] });
    await h.app.inject({ method: "DELETE", url: `/api/v1/mailboxes/connections/${g}`, headers: t.rep.auth });
    expect(asJson(await pool(t.revops, "PUT", g))).toEqual([409, "MAILBOX_DISCONNECTED"]);
    expect(asJson(await pool(t.revops, "PUT", `relay@${t.clientId}.test`))).toEqual([200, null]);
  });
});

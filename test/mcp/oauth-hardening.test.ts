// Issue 73 item 2: OAuth clients that cannot point elsewhere. Each probe of the review beside the
// legitimate request:
//   - redirect URIs follow OAuth 2.1 and RFC 8252: https, http on this computer only (127.0.0.1,
//     [::1], localhost), a reversed-domain scheme for native clients; no fragment, wildcard,
//     look-alike loopback name or oob (the whole table: src/auth/mcp-oauth/redirect-uris.test.ts);
//   - registration is limited per address (10 in 15 minutes; an IPv6 host by its /64), another
//     address still registers;
//   - a client no person approved expires a day after it registered and the background's hourly
//     pass deletes it; an approved one stays, until its last approval ends (then a day later);
//   - the consent step says where the answer goes in plain words;
//   - the metadata's URLs come from the configured public URL, whatever Host or X-Forwarded-*
//     headers a request carries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeUnusedClients } from "../../src/auth/mcp-oauth/purge-unused-clients.ts";
import { backgroundJobs } from "../../src/runtime/background.ts";
import type { TestApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { approverFor, authorizeOverHttp, connectedClient, cookieHeader, listeningApp } from "./oauth-flow.ts";

let h: TestApp;
let base: string;
let t: Tenant;
let nextIp = 1;
/** A fresh address per test, so the registration limit of one test is not another's. */
const address = () => `10.73.0.${nextIp++}`;

beforeAll(async () => {
  ({ h, base } = await listeningApp());
  t = await createTenant(h.database.db, "oauthhard");
});
afterAll(async () => h?.close());

const register = (redirect_uris: string[], ip: string, extra: Record<string, unknown> = {}) =>
  h.app.inject({
    method: "POST",
    url: "/oauth/reg",
    remoteAddress: ip,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({
      client_name: "Probe",
      redirect_uris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...extra,
    }),
  });

const clients = async () =>
  Number(
    (
      await h.database.db
        .selectFrom("oauth_records")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("model", "=", "Client")
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("redirect URIs (OAuth 2.1, RFC 8252)", () => {
  it("registers https, loopback IP http and a native app's private scheme", async () => {
    const ip = address();
    for (const [uris, extra] of [
      [["https://agent.example.com/callback"], {}],
      [["http://127.0.0.1:8123/callback"], {}],
      [["http://[::1]:8123/callback"], {}],
      // the MCP SDK's own example client registers http://localhost:PORT/callback
      [["http://localhost:8123/callback"], {}],
      [["com.example.agent:/callback"], { application_type: "native" }],
    ] as const) {
      const r = await register([...uris], ip, extra);
      expect(r.statusCode, `${uris[0]} ${r.body}`).toBe(201);
    }
  });

  it("refuses plain http elsewhere, look-alike loopback names, oob, fragments, wildcards and browser schemes; stores none", async () => {
    const before = await clients();
    for (const uri of [
      "http://evil.example/cb",
      "http://localhost.evil.example/cb",
      "http://127.0.0.1.nip.io/cb",
      "http://sub.localhost:8123/callback",
      "http://127.1:8123/callback",
      "myapp:/callback",
      "http://user:pass@127.0.0.1:8123/cb",
      "urn:ietf:wg:oauth:2.0:oob",
      "oob",
      "https://agent.example.com/cb#frag",
      "https://*.example.com/cb",
      "javascript:alert(1)",
      "data:text/html,hi",
      "file:///etc/passwd",
    ]) {
      const r = await register([uri], address(), { application_type: "native" });
      expect(r.statusCode, `${uri} ${r.body}`).toBe(400);
      expect(r.json().error, uri).toBe("invalid_redirect_uri");
      expect(r.json().error_description, uri).toContain("redirect_uris: ");
    }
    // a good URI does not carry a bad one beside it
    const mixed = await register(["https://agent.example.com/cb", "http://evil.example/cb"], address());
    expect(mixed.statusCode).toBe(400);
    expect(await clients()).toBe(before);
  });
});

describe("registration per address", () => {
  it("takes 10 from one address in 15 minutes, refuses the 11th (429, Retry-After), and another address still registers", async () => {
    const ip = address();
    const before = await clients();
    for (let i = 0; i < 10; i++) {
      const r = await register(["https://agent.example.com/cb"], ip);
      expect(r.statusCode, r.body).toBe(201);
    }
    const refused = await register(["https://agent.example.com/cb"], ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("OAUTH_REGISTRATION_RATE_LIMITED");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(await clients()).toBe(before + 10);
    const other = await register(["https://agent.example.com/cb"], address());
    expect(other.statusCode).toBe(201);
  });
  it("counts an IPv6 host by its /64: a new address of the same block is refused, the next block registers", async () => {
    for (let i = 1; i <= 10; i++) {
      const r = await register(["https://agent.example.com/cb"], `2001:db8:73:1::${i.toString(16)}`);
      expect(r.statusCode, r.body).toBe(201);
    }
    const walked = await register(["https://agent.example.com/cb"], "2001:db8:73:1:dead:beef:0:1");
    expect(walked.statusCode).toBe(429);
    expect(walked.json().error.code).toBe("OAUTH_REGISTRATION_RATE_LIMITED");
    const neighbour = await register(["https://agent.example.com/cb"], "2001:db8:73:2::1");
    expect(neighbour.statusCode).toBe(201);
  });
});

describe("unused clients", () => {
  it("a registered client no one approved expires in a day and is then unknown; an approved one is kept", async () => {
    const r = await register(["https://agent.example.com/cb"], address());
    const id = r.json().client_id as string;
    const row = await h.database.db
      .selectFrom("oauth_records")
      .select("expires_at")
      .where("model", "=", "Client")
      .where("key_hash", "=", id)
      .executeTakeFirstOrThrow();
    const left = new Date(row.expires_at!).getTime() - Date.now();
    expect(left).toBeGreaterThan(23 * 3600_000);
    expect(left).toBeLessThanOrEqual(24 * 3600_000);
    // a day later: the authorization endpoint no longer knows it
    await h.database.db
      .updateTable("oauth_records")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("model", "=", "Client")
      .where("key_hash", "=", id)
      .execute();
    const auth = await fetch(
      `${base}/oauth/auth?client_id=${id}&response_type=code&redirect_uri=${encodeURIComponent("https://agent.example.com/cb")}&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrs&code_challenge_method=S256&scope=mcp:read`,
      { redirect: "manual" },
    );
    expect(auth.status).toBe(400);
    expect(await auth.text()).toMatch(/invalid_client/);

    const { oauth, client } = await connectedClient(h, base, t, t.rep, "Approved agent");
    await client.close();
    const approved = await h.database.db
      .selectFrom("oauth_records")
      .select("expires_at")
      .where("model", "=", "Client")
      .where("key_hash", "=", String(oauth.info!.client_id))
      .executeTakeFirstOrThrow();
    expect(approved.expires_at).toBeNull();

    // the background's hourly pass deletes the expired one, keeps the approved one and a young one;
    // a day later the young one goes too, and the registration limit's old windows with it
    expect(backgroundJobs.map((j) => j.name)).toContain("oauth-purge");
    const young = (await register(["https://agent.example.com/cb"], address())).json().client_id as string;
    const stored = async () =>
      (
        await h.database.db
          .selectFrom("oauth_records")
          .select("key_hash")
          .where("model", "=", "Client")
          .where("key_hash", "in", [id, young, String(oauth.info!.client_id)])
          .execute()
      ).map((c) => c.key_hash);
    expect(await stored()).toContain(id);
    const now = await purgeUnusedClients(h.database.db, new Date());
    expect(now.clients).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual(expect.arrayContaining([young, String(oauth.info!.client_id)]));
    expect(await stored()).not.toContain(id);
    const later = await purgeUnusedClients(h.database.db, new Date(Date.now() + 25 * 3600_000));
    expect(later.windows).toBeGreaterThan(0);
    expect(await stored()).toEqual([String(oauth.info!.client_id)]);

    // an admin revokes the approved one: with no approval left, it goes a day later too
    const approvedId = String(oauth.info!.client_id);
    const revoked = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/admin/oauth-clients/${approvedId}`,
      headers: t.admin.auth,
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const orphaned = await purgeUnusedClients(h.database.db, new Date());
    expect(orphaned.orphaned).toBeGreaterThanOrEqual(1);
    expect(await stored()).toEqual([approvedId]);
    await purgeUnusedClients(h.database.db, new Date(Date.now() + 25 * 3600_000));
    expect(await stored()).toEqual([]);
  }, 60_000);
});

describe("the consent step and the metadata", () => {
  it("says where the answer goes in plain words", async () => {
    for (const [uri, words] of [
      ["http://127.0.0.1:8123/callback", "a program on your own computer (127.0.0.1:8123)"],
      ["https://agent.example.com/callback", "the website agent.example.com"],
    ] as const) {
      const reg = await register([uri], address());
      const id = reg.json().client_id as string;
      const auth = await fetch(
        `${base}/oauth/auth?client_id=${id}&response_type=code&redirect_uri=${encodeURIComponent(uri)}&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrs&code_challenge_method=S256&scope=mcp:read&resource=${encodeURIComponent(`${base}/mcp`)}`,
        { redirect: "manual" },
      );
      expect(auth.status, await auth.clone().text()).toBeGreaterThanOrEqual(300);
      const uid = new URL(auth.headers.get("location")!, base).pathname.split("/").pop()!;
      const r = await h.app.inject({
        method: "GET",
        url: `/api/v1/oauth/requests/${uid}`,
        headers: t.rep.auth,
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().client.redirect_words).toContain(words);
    }
  });

  it("asks the person again before a code goes to another of the client's redirect URIs", async () => {
    const home = "http://127.0.0.1:8123/callback";
    const elsewhere = "https://evil.example/cb";
    const reg = await register([home, elsewhere], address());
    expect(reg.statusCode, reg.body).toBe(201);
    const authorize = (redirect: string) => {
      const u = new URL(`${base}/oauth/auth`);
      for (const [k, v] of Object.entries({
        client_id: reg.json().client_id,
        response_type: "code",
        redirect_uri: redirect,
        code_challenge: "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrs",
        code_challenge_method: "S256",
        scope: "mcp:read",
        resource: `${base}/mcp`,
      }))
        u.searchParams.set(k, v);
      return u;
    };
    // the person approves the client that says its answer goes to their own computer
    const jar = new Map<string, string>();
    const back = await authorizeOverHttp(
      authorize(home),
      await approverFor(h, base, t, t.rep),
      "approve",
      jar,
    );
    expect(back.origin + back.pathname).toBe(home);
    expect(back.searchParams.get("code")).toBeTruthy();
    // the same browser, minutes later, sent to the client's other URI: the consent page again, never
    // a code straight to evil.example
    const again = await fetch(authorize(elsewhere), {
      redirect: "manual",
      headers: { cookie: cookieHeader(jar) },
    });
    const location = String(again.headers.get("location"));
    expect(location).not.toContain("evil.example");
    expect(new URL(location, base).pathname).toMatch(/^\/oauth\/consent\//);
    // the admin's list names every host the client may send a code to, not only the first
    const listed = await h.app.inject({
      method: "GET",
      url: "/api/v1/admin/oauth-clients",
      headers: t.admin.auth,
    });
    const row = listed.json().items.find((c: { app_id: string }) => c.app_id === reg.json().client_id);
    expect(row.redirect_host).toBe("127.0.0.1:8123, evil.example");
  });

  const FORGED: Record<string, string>[] = [
    { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    { host: "evil.example" },
    { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-port": "8443" },
    { forwarded: "host=evil.example;proto=https" },
  ];

  it("builds its URLs from the public URL, not from a forged Host or X-Forwarded-Host", async () => {
    const plain = await fetch(`${base}/.well-known/oauth-authorization-server`);
    const real = await plain.json();
    expect(real.issuer).toBe(base);
    expect(real.registration_endpoint).toBe(`${base}/oauth/reg`);
    // no sign-out endpoint (the provider's is not routed), so no post-logout URI points anywhere
    expect(real.end_session_endpoint).toBeUndefined();
    const withLogout = await register(["https://agent.example.com/cb"], address(), {
      post_logout_redirect_uris: ["http://evil.example/out"],
    });
    expect(withLogout.body).not.toContain("evil.example");
    for (const headers of FORGED) {
      for (const url of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
        const r = await h.app.inject({ method: "GET", url, headers });
        expect(r.statusCode).toBe(200);
        expect(r.body, JSON.stringify(headers)).not.toContain("evil.example");
        expect(r.json().issuer).toBe(real.issuer);
        expect(r.json().token_endpoint).toBe(real.token_endpoint);
        expect(r.json().authorization_endpoint).toBe(real.authorization_endpoint);
        expect(r.json().registration_endpoint).toBe(real.registration_endpoint);
      }
    }
  });

  it("sends the browser on from the public URL and names only it, whatever Host a registration or an authorization carries", async () => {
    const uri = "http://127.0.0.1:8123/callback";
    for (const headers of FORGED) {
      const reg = await h.app.inject({
        method: "POST",
        url: "/oauth/reg",
        remoteAddress: address(),
        headers: { ...headers, "content-type": "application/json" },
        payload: JSON.stringify({
          client_name: "Probe",
          redirect_uris: [uri],
          token_endpoint_auth_method: "none",
        }),
      });
      expect(reg.statusCode, reg.body).toBe(201);
      expect(reg.body, JSON.stringify(headers)).not.toContain("evil.example");
      const auth = await h.app.inject({
        method: "GET",
        url: `/oauth/auth?client_id=${reg.json().client_id}&response_type=code&redirect_uri=${encodeURIComponent(uri)}&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrs&code_challenge_method=S256&scope=mcp:read&resource=${encodeURIComponent(`${base}/mcp`)}`,
        headers,
      });
      expect(auth.statusCode, auth.body).toBe(303);
      const location = String(auth.headers.location);
      expect(new URL(location, base).origin, location).toBe(base);
      expect(JSON.stringify(auth.headers), JSON.stringify(headers)).not.toContain("evil.example");
      // the protected resource's own metadata and its challenge name the public URL too
      const prm = await h.app.inject({
        method: "GET",
        url: "/.well-known/oauth-protected-resource/mcp",
        headers,
      });
      expect(prm.body).not.toContain("evil.example");
      expect(prm.json().authorization_servers).toEqual([base]);
      const challenge = await h.app.inject({
        method: "POST",
        url: "/mcp",
        headers: {
          ...headers,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        payload: "{}",
      });
      expect(challenge.statusCode).toBe(401);
      expect(String(challenge.headers["www-authenticate"])).toContain(`resource_metadata="${base}/`);
    }
  });
});

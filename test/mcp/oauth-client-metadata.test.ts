// Sign-in as hosts do it (issue 71 item 3): a host names itself by the URL of its Client ID Metadata
// Document, as hosted connectors do, and Baton fetches that document safely; the MCP SDK's own OAuth
// client follows the hosts' flow (401 with resource_metadata and scope, protected-resource metadata,
// authorization-server metadata, the document instead of registering, PKCE S256, the resource
// indicator), a person approves over HTTP (in Chromium in test/browser/mcp-oauth.test.ts), a tool
// call, a refresh, a revocation. Beside it, the forged documents: another client_id, private
// addresses, too large, too slow, a redirect, a redirect URI the rules refuse, a shared secret.
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app.ts";
import { HOST_NAME, type McpHostStandIn, startMcpHostStandIn } from "../support/mcp-host-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import {
  approverFor,
  authorizeOverHttp,
  cookieHeader,
  cookiesOf,
  listeningApp,
  MemoryOAuthClient,
} from "./oauth-flow.ts";

let h: TestApp;
let base: string;
let t: Tenant;
let host: McpHostStandIn;
let callback: string;

beforeAll(async () => {
  ({ h, base } = await listeningApp());
  host = await startMcpHostStandIn();
  // set in code, as only tests may: the stand-in's name, resolver and certificate
  h.deps.config.oauthClientMetadataTestHosts = host.testHosts;
  callback = `${host.origin}/api/mcp/auth_callback`;
  host.served.set("/oauth/mcp-client-metadata", {
    body: host.document([callback]),
    headers: { "cache-control": "public, max-age=3600" },
  });
  t = await createTenant(h.database.db, "cm");
}, 60_000);
afterAll(async () => {
  await host?.close();
  await h?.close();
});

const mcpInit = (token: string) =>
  fetch(`${base}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    }),
  });

/** An authorization request for the client_id, as the SDK builds it; returns the provider's answer. */
async function authorize(clientId: string, redirectUri = callback): Promise<Response> {
  const u = new URL(`${base}/oauth/auth`);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
    scope: "mcp:read mcp:write",
    resource: `${base}/mcp`,
  }))
    u.searchParams.set(k, v);
  return fetch(u, { redirect: "manual" });
}

/** The provider refused the client: its error page, no consent page, no redirect anywhere. */
async function expectRefused(res: Response, reason: RegExp): Promise<void> {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.headers.get("location")).toBeNull();
  const page = await res.text();
  expect(page).toContain("This sign-in was refused");
  expect(page).toMatch(reason);
}

describe("a host signs in with its Client ID Metadata Document", () => {
  it("discovers, is approved by a person, calls a tool, refreshes and revokes; the document is fetched once", async () => {
    const meta = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    expect(meta.client_id_metadata_document_supported).toBe(true);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["none", "client_secret_post", "client_secret_basic"]),
    );

    const oauth = new MemoryOAuthClient(callback, "ignored: the document names the host", {
      clientMetadataUrl: host.clientId,
    });
    const first = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
    await expect(new Client({ name: "host", version: "1" }).connect(first)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    // no registration: the client_id is the document's URL
    expect(oauth.info?.client_id).toBe(host.clientId);
    const registered = await h.database.db
      .selectFrom("oauth_records")
      .select("key_hash")
      .where("model", "=", "Client")
      .execute();
    expect(registered).toEqual([]);
    const asked = oauth.authorizationUrl!;
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({
      client_id: host.clientId,
      scope: "mcp:read mcp:write", // the challenge's scope
      resource: `${base}/mcp`,
      code_challenge_method: "S256",
      redirect_uri: callback,
    });

    // the person reads who asks: the document's name, and the host that publishes it
    const who = await approverFor(h, base, t, t.revops);
    const jar = new Map<string, string>();
    const toConsent = await fetch(asked, { redirect: "manual" });
    cookiesOf(toConsent, jar);
    const uid = new URL(toConsent.headers.get("location")!, base).pathname.split("/").pop()!;
    const request = await fetch(`${base}/api/v1/oauth/requests/${uid}`, {
      headers: { cookie: `baton_session=${who.sessionId}` },
    });
    expect((await request.json()).client).toMatchObject({
      app_id: host.clientId,
      name: "Hosted agent (stand-in)",
      published_by: `${HOST_NAME}:${host.port}`,
      redirect_host: `${HOST_NAME}:${host.port}`,
    });
    const back = await authorizeOverHttp(asked, who, "approve", jar);
    expect(back.origin).toBe(host.origin);
    await first.finishAuth(back.searchParams.get("code")!);

    const client = new Client({ name: "host", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth }));
    const me = await client.callTool({ name: "whoami", arguments: {} });
    expect(me.structuredContent).toMatchObject({ principal_id: t.revops.principalId, roles: ["revops"] });

    const before = oauth.saved!;
    expect(await auth(oauth, { serverUrl: `${base}/mcp` })).toBe("AUTHORIZED");
    expect(oauth.saved!.refresh_token).not.toBe(before.refresh_token);
    expect((await mcpInit(oauth.saved!.access_token)).status).toBe(200);

    const rev = await fetch(meta.revocation_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: oauth.saved!.refresh_token!, client_id: host.clientId }),
    });
    expect(rev.status).toBe(200);
    expect((await mcpInit(oauth.saved!.access_token)).status).toBe(401);
    // authorization, consent, token, refresh and revocation: one fetch (Cache-Control: max-age=3600)
    expect(host.fetches.get("/oauth/mcp-client-metadata")).toBe(1);
    expect(cookieHeader(jar)).not.toBe("");
  });
});

describe("forged documents are refused, and nothing private is fetched", () => {
  const serve = (path: string, s: Parameters<McpHostStandIn["served"]["set"]>[1]) => {
    host.served.set(path, s);
    return `${host.origin}${path}`;
  };

  it("a document whose client_id is not its own URL", async () => {
    const url = serve("/forged/other-id", { body: host.document([callback]) });
    await expectRefused(await authorize(url), /client_id does not match/);
  });

  it("documents on private, loopback, link-local and metadata addresses, fetched from none of them", async () => {
    const before = [...host.fetches.values()].reduce((a, b) => a + b, 0);
    for (const [url, why] of [
      [
        `https://intranet.host.test:${host.port}/oauth/mcp-client-metadata`,
        /private \(10\.0\.0\.0\/8\) range/,
      ],
      [
        `https://metadata.host.test:${host.port}/oauth/mcp-client-metadata`,
        /link-local \(169\.254\.0\.0\/16\) range/,
      ],
      [
        `https://mapped.host.test:${host.port}/oauth/mcp-client-metadata`,
        /in a private \(192\.168\.0\.0\/16\) range/,
      ],
      [
        `https://mixed.host.test:${host.port}/oauth/mcp-client-metadata`,
        /private \(172\.16\.0\.0\/12\) range/,
      ],
      // the stand-in itself, by its address rather than its allowed name
      [`https://127.0.0.1:${host.port}/oauth/mcp-client-metadata`, /loopback/],
      [`https://[::1]:${host.port}/oauth/mcp-client-metadata`, /loopback/],
      [`https://169.254.169.254/latest/meta-data/`, /link-local/],
      [`https://unknown.host.test/oauth/client`, /does not resolve/],
    ] as const) {
      await expectRefused(await authorize(url), why);
    }
    expect([...host.fetches.values()].reduce((a, b) => a + b, 0)).toBe(before);
  });

  it("a document larger than 5 KB, one that arrives too slowly, one that trickles, and a redirect", async () => {
    const big = serve("/forged/big", {
      body: host.document([callback], { client_id: `${host.origin}/forged/big`, padding: "x".repeat(6000) }),
    });
    await expectRefused(await authorize(big), /larger than 5120 bytes/);
    const bigChunked = serve("/forged/big-chunked", {
      headers: { "transfer-encoding": "chunked" },
      body: host.document([callback], {
        client_id: `${host.origin}/forged/big-chunked`,
        padding: "x".repeat(6000),
      }),
    });
    await expectRefused(await authorize(bigChunked), /larger than 5120 bytes/);
    const started = Date.now();
    const slow = serve("/forged/slow", {
      delayMs: 5_000,
      body: host.document([callback], { client_id: `${host.origin}/forged/slow` }),
    });
    await expectRefused(await authorize(slow), /did not arrive within 2.5 s/);
    const trickle = serve("/forged/trickle", {
      trickleMs: 50,
      body: host.document([callback], { client_id: `${host.origin}/forged/trickle` }),
    });
    await expectRefused(await authorize(trickle), /did not arrive within 2.5 s/);
    expect(Date.now() - started).toBeLessThan(9_000);
    const moved = serve("/forged/moved", { status: 302, headers: { location: "https://127.0.0.1/doc" } });
    await expectRefused(await authorize(moved), /unexpected response status 302/);
  });

  it("redirect URIs the registration rules refuse, a shared secret, and a redirect URI the document does not list", async () => {
    const plainHttp = serve("/forged/http-redirect", {
      body: host.document(["http://evil.example/cb"], { client_id: `${host.origin}/forged/http-redirect` }),
    });
    await expectRefused(
      await authorize(plainHttp, "http://evil.example/cb"),
      /http is allowed on this computer only/,
    );
    const secret = serve("/forged/secret", {
      body: host.document([callback], {
        client_id: `${host.origin}/forged/secret`,
        token_endpoint_auth_method: "client_secret_post",
      }),
    });
    await expectRefused(await authorize(secret), /shared-secret/);
    await expectRefused(await authorize(host.clientId, "https://attacker.example/cb"), /redirect_uri/);
    // a client_id that is an http URL names no document: an unknown client
    await expectRefused(
      await authorize(`http://${HOST_NAME}:${host.port}/oauth/mcp-client-metadata`),
      /client/,
    );
  });
});

/** The SDK's whole sign-in for a client that registers itself; returns the connected client. */
async function registeredSignIn(oauth: MemoryOAuthClient): Promise<Client> {
  const first = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
  await expect(new Client({ name: "host", version: "1" }).connect(first)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  const back = await authorizeOverHttp(oauth.authorizationUrl!, await approverFor(h, base, t, t.rep));
  await first.finishAuth(back.searchParams.get("code")!);
  const client = new Client({ name: "host", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth }));
  return client;
}

const tokenEndpoint = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
  });

describe("a host that registers with a client secret", () => {
  for (const method of ["client_secret_post", "client_secret_basic"] as const) {
    it(`${method}: the secret is issued once, stored hashed, and the token endpoint checks it`, async () => {
      const oauth = new MemoryOAuthClient("http://127.0.0.1:9/callback", `Secret host ${method}`, {
        authMethod: method,
      });
      const client = await registeredSignIn(oauth);
      const { client_id, client_secret } = oauth.info as { client_id: string; client_secret?: string };
      expect(client_secret).toMatch(/^[\w-]{32,}$/);
      expect((oauth.info as { token_endpoint_auth_method?: string }).token_endpoint_auth_method).toBe(method);
      const me = await client.callTool({ name: "whoami", arguments: {} });
      expect(me.structuredContent).toMatchObject({ principal_id: t.rep.principalId });
      // stored: the hash, never the secret
      const row = await h.database.db
        .selectFrom("oauth_records")
        .select("payload")
        .where("model", "=", "Client")
        .where("key_hash", "=", client_id)
        .executeTakeFirstOrThrow();
      const stored = JSON.stringify(row.payload);
      expect(stored).not.toContain(client_secret);
      expect((row.payload as { client_secret?: string }).client_secret).toMatch(/^sha256:[0-9a-f]{64}$/);

      // the SDK refreshes with its secret, sent the way it registered
      expect(await auth(oauth, { serverUrl: `${base}/mcp` })).toBe("AUTHORIZED");
      const refresh = oauth.saved!.refresh_token!;
      // forged beside real: a wrong secret, the stored hash as the secret, none at all
      const basic = (secret: string) => ({
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
      });
      const grant = { grant_type: "refresh_token", refresh_token: refresh };
      for (const forged of [
        `${client_secret!.slice(0, -1)}x`,
        (row.payload as { client_secret: string }).client_secret,
      ]) {
        const r =
          method === "client_secret_post"
            ? await tokenEndpoint({ ...grant, client_id, client_secret: forged })
            : await tokenEndpoint(grant, basic(forged));
        expect(r.status).toBe(401);
        expect((await r.json()).error).toBe("invalid_client");
      }
      const none = await tokenEndpoint({ ...grant, client_id });
      expect(none.status).toBe(401);
      // a wrong secret revokes nothing
      const rev = await fetch(`${base}/oauth/token/revocation`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: refresh, client_id, client_secret: "wrong" }),
      });
      expect(rev.status).toBe(401);
      // the real secret still refreshes: the forged attempts spent nothing
      const real =
        method === "client_secret_post"
          ? await tokenEndpoint({ ...grant, client_id, client_secret: client_secret! })
          : await tokenEndpoint(grant, basic(client_secret!));
      expect(real.status, await real.clone().text()).toBe(200);
    });
  }

  it("registration takes none, client_secret_post and client_secret_basic, and refuses what needs a key Baton never checks", async () => {
    const register = (token_endpoint_auth_method: string) =>
      fetch(`${base}/oauth/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:9/cb"], token_endpoint_auth_method }),
      });
    const none = await register("none");
    expect(none.status).toBe(201);
    expect((await none.json()).client_secret).toBeUndefined();
    for (const refused of ["private_key_jwt", "client_secret_jwt", "tls_client_auth"]) {
      const r = await register(refused);
      expect(r.status, refused).toBe(400);
      expect((await r.json()).error).toBe("invalid_client_metadata");
    }
  });
});

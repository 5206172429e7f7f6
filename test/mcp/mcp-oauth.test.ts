// MCP clients sign in with OAuth 2.1 (issue 61 item 4), driven by the MCP SDK's own OAuth client
// against a listening server: discovery from the 401, dynamic registration, authorization code with
// PKCE and a person's approval (over HTTP here; in Chromium in test/browser/mcp-oauth.test.ts), a
// tool call, refresh, revocation; and the forged cases.
import { randomUUID } from "node:crypto";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import {
  type Approver,
  approverFor,
  authorizeOverHttp,
  connectedClient,
  listeningApp,
  MemoryOAuthClient,
} from "./oauth-flow.ts";

let h: TestApp;
let base: string;
let t: Tenant;
let other: Tenant;

const approver = (tenant: Tenant, who: TestPrincipal) => approverFor(h, base, tenant, who);

/** Connects with the SDK: the first connect is refused (401), the person approves, finishAuth, connect again. */
async function signIn(oauth: MemoryOAuthClient, who: Approver): Promise<Client> {
  const first = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  await expect(client.connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
  expect(oauth.authorizationUrl).toBeDefined();
  const back = await authorizeOverHttp(oauth.authorizationUrl!, who);
  const code = back.searchParams.get("code");
  expect(code, back.toString()).toBeTruthy();
  await first.finishAuth(code!);
  const again = new Client({ name: "oauth-test", version: "1.0.0" });
  await again.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth }));
  return again;
}

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
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    }),
  });

beforeAll(async () => {
  ({ h, base } = await listeningApp());
  t = await createTenant(h.database.db, "oa");
  other = await createTenant(h.database.db, "ob");
});
afterAll(async () => h.close());

describe("an MCP client signs in with OAuth", () => {
  it("discovers, registers, is approved by a person, calls a tool, refreshes and is revoked", async () => {
    const oauth = new MemoryOAuthClient("http://127.0.0.1:9/callback", "Claude test");
    const client = await signIn(oauth, await approver(t, t.revops));
    expect(oauth.info?.client_id).toBeTruthy();
    expect(oauth.saved?.refresh_token).toBeTruthy();
    expect(oauth.saved?.expires_in).toBeLessThanOrEqual(600);
    // the person who approved, acting through the client, with their own roles
    const me = await client.callTool({ name: "whoami", arguments: {} });
    expect(me.isError, JSON.stringify(me)).toBeFalsy();
    expect(me.structuredContent).toMatchObject({
      principal_id: t.revops.principalId,
      client_id: t.clientId,
      kind: "person",
      roles: ["revops"],
    });

    // refresh: with tokens saved, the SDK's auth() refreshes; a new access token and a new refresh
    // token (rotation)
    const before = oauth.saved!;
    expect(await auth(oauth, { serverUrl: `${base}/mcp` })).toBe("AUTHORIZED");
    expect(oauth.saved!.access_token).not.toBe(before.access_token);
    expect(oauth.saved!.refresh_token).not.toBe(before.refresh_token);
    expect((await mcpInit(oauth.saved!.access_token)).status).toBe(200);

    // revoke (RFC 7009) the refresh token: the grant ends, the access token with it
    const meta = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    const rev = await fetch(meta.revocation_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: oauth.saved!.refresh_token!, client_id: oauth.info!.client_id }),
    });
    expect(rev.status).toBe(200);
    const after = await mcpInit(oauth.saved!.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });
});

const connected = (tenant: Tenant, who: TestPrincipal, name: string, scope?: string) =>
  connectedClient(h, base, tenant, who, name, scope);

const tokenRequest = (meta: any, body: Record<string, string>) =>
  fetch(meta.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body),
  });

describe("what a client may not do", () => {
  it("mcp:read only: the write tools are not listed; a write is a 403 step-up challenge; the host steps up and retries", async () => {
    const { client, oauth } = await connected(t, t.revops, "Reader", "mcp:read");
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name)).toContain("whoami");
    expect(tools.filter((x) => x.annotations?.readOnlyHint === false)).toEqual([]);
    const args = { enrollment_id: randomUUID() };
    // the SDK's client meets the 403 and tries to step up (its refresh keeps the old scope): the
    // call does not come back as a tool result
    await expect(client.callTool({ name: "pause_enrollment", arguments: args })).rejects.toThrow(/403/);
    // the same call as raw HTTP: 403 with the challenge of MCP 2025-11-25 (RFC 6750 §3.1)
    const raw = await fetch(`${base}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${oauth.saved!.access_token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "pause_enrollment", arguments: args },
      }),
    });
    expect(raw.status).toBe(403);
    const challenge = raw.headers.get("www-authenticate") ?? "";
    expect(challenge).toBe(
      `Bearer error="insufficient_scope", scope="mcp:read mcp:write", resource_metadata="${base}/.well-known/oauth-protected-resource/mcp", error_description="pause_enrollment needs mcp:write"`,
    );
    const body = await raw.json();
    expect(body).toMatchObject({
      jsonrpc: "2.0",
      id: 7,
      error: { data: { error: { code: "OAUTH_SCOPE_MISSING" } } },
    });
    // a read is not challenged
    expect((await client.callTool({ name: "whoami", arguments: {} })).isError).toBeFalsy();

    // the host steps up: it asks its person for the challenge's scope, then retries the call
    const scope = /scope="([^"]+)"/.exec(challenge)![1];
    oauth.saved = undefined;
    expect(await auth(oauth, { serverUrl: `${base}/mcp`, scope })).toBe("REDIRECT");
    expect(oauth.authorizationUrl!.searchParams.get("scope")).toBe("mcp:read mcp:write");
    const back = await authorizeOverHttp(oauth.authorizationUrl!, await approver(t, t.revops));
    expect(
      await auth(oauth, { serverUrl: `${base}/mcp`, authorizationCode: back.searchParams.get("code")! }),
    ).toBe("AUTHORIZED");
    expect(oauth.saved!.scope).toBe("mcp:read mcp:write");
    const writer = new Client({ name: "Reader", version: "1" });
    await writer.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth }));
    const r = await writer.callTool({ name: "pause_enrollment", arguments: args });
    // past the scope now: the tool itself answers (no such enrollment), not the step-up
    expect((r.structuredContent as any)?.error?.code).not.toBe("OAUTH_SCOPE_MISSING");
    expect(r.isError).toBe(true);
    await Promise.all([client.close(), writer.close()]);
  }, 60_000);

  it("refuses a wrong PKCE verifier, an unregistered redirect URI and another resource", async () => {
    const meta = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    expect(meta).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth/auth`,
      token_endpoint: `${base}/oauth/token`,
      registration_endpoint: `${base}/oauth/reg`,
      revocation_endpoint: `${base}/oauth/token/revocation`,
      code_challenge_methods_supported: ["S256"],
    });
    const oauth = new MemoryOAuthClient("http://127.0.0.1:9/callback", "Forger");
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
    await expect(new Client({ name: "f", version: "1" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const who = await approver(t, t.rep);
    // a code with the wrong verifier
    const back = await authorizeOverHttp(oauth.authorizationUrl!, who);
    const wrong = await tokenRequest(meta, {
      grant_type: "authorization_code",
      code: back.searchParams.get("code")!,
      redirect_uri: oauth.redirectUrl,
      client_id: oauth.info!.client_id,
      code_verifier: "x".repeat(64),
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe("invalid_grant");
    // a redirect URI the client did not register: an error page, no redirect to it
    const elsewhere = new URL(oauth.authorizationUrl!);
    elsewhere.searchParams.set("redirect_uri", "https://attacker.example/cb");
    const res = await fetch(elsewhere, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    // a token for another resource (RFC 8707): refused back to the client as invalid_target
    const other = new URL(oauth.authorizationUrl!);
    other.searchParams.set("resource", "https://other.example/mcp");
    const refused = await fetch(other, { redirect: "manual" });
    expect(new URL(refused.headers.get("location")!).searchParams.get("error")).toBe("invalid_target");
  });

  it("an access token works on /mcp only, and not once expired; expired ones are deleted", async () => {
    const { oauth } = await connected(t, t.slm, "Expiring");
    const token = oauth.saved!.access_token;
    const api = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(401);
    expect((await mcpInit(token)).status).toBe(200);
    // stored hashed: the table never holds the token itself
    const rows = await h.database.db.selectFrom("oauth_tokens").select(["token_hash", "payload"]).execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const { grant_id } = await h.database.db
      .selectFrom("oauth_grants")
      .select("grant_id")
      .where("client_id", "=", t.clientId)
      .where("app_id", "=", oauth.info!.client_id)
      .executeTakeFirstOrThrow();
    await h.database.db
      .updateTable("oauth_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("client_id", "=", t.clientId)
      .where("grant_id", "=", grant_id)
      .where("model", "=", "AccessToken")
      .execute();
    expect((await mcpInit(token)).status).toBe(401);
    // the client refreshes; the new token works, and the expired one is deleted as it comes
    expect(await auth(oauth, { serverUrl: `${base}/mcp` })).toBe("AUTHORIZED");
    expect((await mcpInit(oauth.saved!.access_token)).status).toBe(200);
    const left = await h.database.db
      .selectFrom("oauth_tokens")
      .select("expires_at")
      .where("client_id", "=", t.clientId)
      .where("grant_id", "=", grant_id)
      .where("model", "=", "AccessToken")
      .where("expires_at", "<", new Date())
      .execute();
    expect(left).toEqual([]);
  });

  it("an admin sees the connected clients and revokes one: its next call is 401; another tenant sees none of it", async () => {
    const { oauth } = await connected(t, t.exec, "Revoked agent");
    const b = await connected(other, other.revops, "Other tenant's agent");
    const admin = await approver(t, t.admin);
    const headers = {
      cookie: `baton_session=${admin.sessionId}`,
      origin: base,
      "x-csrf-token": admin.csrfToken,
    };
    const list = await (await fetch(`${base}/api/v1/admin/oauth-clients`, { headers })).json();
    const mine = list.items.find((c: any) => c.name === "Revoked agent");
    expect(mine).toMatchObject({
      app_id: oauth.info!.client_id,
      redirect_host: "127.0.0.1:9",
      approved_by: { principal_id: t.exec.principalId },
      scopes: ["mcp:read", "mcp:write"],
    });
    expect(mine.last_used_at).not.toBeNull();
    expect(list.items.map((c: any) => c.name)).not.toContain("Other tenant's agent");
    // the other tenant's client is not this admin's to revoke
    const theirs = await fetch(`${base}/api/v1/admin/oauth-clients/${b.oauth.info!.client_id}`, {
      method: "DELETE",
      headers,
    });
    expect(theirs.status).toBe(404);
    expect((await mcpInit(b.oauth.saved!.access_token)).status).toBe(200);
    const whoB = await b.client.callTool({ name: "whoami", arguments: {} });
    expect(whoB.structuredContent).toMatchObject({ client_id: other.clientId });
    // a rep may not list or revoke
    const rep = await approver(t, t.rep);
    const repList = await fetch(`${base}/api/v1/admin/oauth-clients`, {
      headers: { cookie: `baton_session=${rep.sessionId}` },
    });
    expect(repList.status).toBe(403);
    // revoke: the access token and the refresh token end at once
    const del = await fetch(`${base}/api/v1/admin/oauth-clients/${oauth.info!.client_id}`, {
      method: "DELETE",
      headers,
    });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ app_id: oauth.info!.client_id, approvals_revoked: 1 });
    expect((await mcpInit(oauth.saved!.access_token)).status).toBe(401);
    const meta = await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json();
    const refresh = await tokenRequest(meta, {
      grant_type: "refresh_token",
      refresh_token: oauth.saved!.refresh_token!,
      client_id: oauth.info!.client_id,
    });
    expect(refresh.status).toBe(400);
    const audit = await h.database.db
      .selectFrom("audit_log")
      .select(["action", "target"])
      .where("client_id", "=", t.clientId)
      .where("action", "=", "oauth_client_revoked")
      .execute();
    expect(audit).toEqual([{ action: "oauth_client_revoked", target: oauth.info!.client_id }]);
  });

  it("a person who denies sends the client back with access_denied", async () => {
    const oauth = new MemoryOAuthClient("http://127.0.0.1:9/callback", "Denied");
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: oauth });
    await expect(new Client({ name: "d", version: "1" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const back = await authorizeOverHttp(oauth.authorizationUrl!, await approver(t, t.rep), "deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
  });
});

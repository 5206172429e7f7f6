// An MCP client signs in the way MCP clients do, in Chromium (issue 61 item 4): the MCP SDK's own
// OAuth client discovers Baton from the 401, registers, and sends the person's browser to authorize;
// RevOps reads the consent page (the client's name, its redirect host, the scopes, their roles) and
// approves; the client gets its code at its own callback, calls a tool as that person, refreshes;
// the admin sees it under Admin › Connected clients and revokes it, and its next call is 401.
// A host with a Client ID Metadata Document does the same without registering (issue 71 item 3).
// Screenshots oauth-consent, oauth-consent-client-metadata and admin-connected-clients; 0 console
// errors, 0 serious axe.
import { createServer, type Server } from "node:http";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MemoryOAuthClient } from "../mcp/oauth-flow.ts";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { HOST_NAME, type McpHostStandIn, startMcpHostStandIn } from "../support/mcp-host-stand-in.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: an MCP client signs in with OAuth", () => {
  let h: BrowserHarness;
  let host: McpHostStandIn;
  let callback: Server;
  let callbackUrl: string;
  const codes: URL[] = [];
  beforeAll(async () => {
    h = await startBrowserHarness();
    // the agent's own redirect URI: a loopback server that receives the answer (RFC 8252)
    callback = createServer((req, res) => {
      // the browser also asks this server for its favicon
      const at = new URL(req.url ?? "/", callbackUrl);
      if (at.pathname === "/callback") codes.push(at);
      res
        .writeHead(200, { "content-type": "text/html" })
        .end("<!doctype html><title>Agent</title><p>Connected.</p>");
    });
    await new Promise<void>((r) => callback.listen(0, "127.0.0.1", r));
    callbackUrl = `http://127.0.0.1:${(callback.address() as { port: number }).port}/callback`;
    // a host that names itself by its Client ID Metadata Document (issue 71 item 3); set in code,
    // as only tests may: its name, resolver and certificate
    host = await startMcpHostStandIn();
    h.deps.config.oauthClientMetadataTestHosts = host.testHosts;
    host.served.set("/oauth/mcp-client-metadata", { body: host.document([callbackUrl]) });
  }, 240_000);
  afterAll(async () => {
    await host?.close();
    callback?.close();
    await h?.close();
  }, 60_000);

  const initialize = (token: string) =>
    fetch(`${h.url}/mcp`, {
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

  it("discover, register, a person approves in the browser, call a tool, refresh, the admin revokes", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    await h.signInAs("revops");
    const oauth = new MemoryOAuthClient(callbackUrl, "Claude Desktop (test)");
    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { authProvider: oauth });
    await expect(new Client({ name: "agent", version: "1" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(oauth.info?.client_id).toBeTruthy();

    // the person's browser opens the authorization URL and lands on the workspace's consent page
    await page.goto(oauth.authorizationUrl!.toString());
    await page.getByRole("heading", { name: "Connect an agent" }).waitFor();
    expect(await page.getByTestId("consent-client").textContent()).toBe("Claude Desktop (test)");
    expect(await page.getByTestId("consent-host").textContent()).toBe(new URL(callbackUrl).host);
    expect(await page.getByTestId("consent-roles").textContent()).toBe("revops");
    await page.getByTestId("consent-scopes").getByText("mcp:write").waitFor();
    const violations = [...(await h.a11y())];
    await h.screenshot("oauth-consent");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => codes.length, { timeout: 30_000 }).toBe(1);
    // the page's own navigation to the answer ends before the next sign-in navigates it elsewhere
    // (the loopback server sees the request before the browser has loaded its page)
    await page.waitForURL((u) => u.toString().startsWith(callbackUrl), { waitUntil: "load" });
    const code = codes[0].searchParams.get("code");
    expect(code, codes[0].toString()).toBeTruthy();

    await transport.finishAuth(code!);
    const client = new Client({ name: "agent", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { authProvider: oauth }));
    const me = await client.callTool({ name: "whoami", arguments: {} });
    expect(me.structuredContent).toMatchObject({ kind: "person", roles: ["revops"] });
    const campaigns = await client.callTool({ name: "list_campaigns", arguments: {} });
    expect(campaigns.isError, JSON.stringify(campaigns).slice(0, 300)).toBeFalsy();

    // refresh: a new access token, the refresh token rotated
    const first = oauth.saved!;
    expect(await auth(oauth, { serverUrl: `${h.url}/mcp` })).toBe("AUTHORIZED");
    expect(oauth.saved!.access_token).not.toBe(first.access_token);
    expect(oauth.saved!.refresh_token).not.toBe(first.refresh_token);
    expect((await initialize(oauth.saved!.access_token)).status).toBe(200);

    // the admin sees the client, who approved it, and revokes it
    await h.signInAs("admin");
    await page.goto("/admin/clients");
    const row = page.locator('tr[data-client="Claude Desktop (test)"]');
    await row.waitFor();
    await row.getByText("Riley RevOps").waitFor();
    violations.push(...(await h.a11y()));
    await h.screenshot("admin-connected-clients");
    await row.getByRole("button", { name: "Revoke Claude Desktop (test)" }).click();
    await expect.poll(() => row.count()).toBe(0);
    const after = await initialize(oauth.saved!.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain("resource_metadata=");
    expect(violations).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  // issue 73 item 2: a client that names itself like a known agent and sends the code to another
  // website; the page says where in plain words, and the client's own words stay text
  it("the consent page says in plain words that the answer goes to another website, and shows a hostile name as text", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    await h.signInAs("revops");
    const name = `Claude Desktop <img src=x onerror="window.__pwned=1">`;
    const redirect = "https://evil.example/cb";
    const reg = await fetch(`${h.url}/oauth/reg`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_name: name,
        redirect_uris: [redirect],
        token_endpoint_auth_method: "none",
      }),
    });
    expect(reg.status).toBe(201);
    const authorize = new URL(`${h.url}/oauth/auth`);
    for (const [k, v] of Object.entries({
      client_id: (await reg.json()).client_id,
      response_type: "code",
      redirect_uri: redirect,
      code_challenge: "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrs",
      code_challenge_method: "S256",
      scope: "mcp:write",
      resource: `${h.url}/mcp`,
    }))
      authorize.searchParams.set(k, String(v));
    await page.goto(authorize.toString());
    await page.getByRole("heading", { name: "Connect an agent" }).waitFor();
    expect(await page.getByTestId("consent-client").textContent()).toBe(name);
    expect(await page.getByTestId("consent-words").textContent()).toBe("the website evil.example");
    expect(await page.getByTestId("consent-host").textContent()).toBe("evil.example");
    expect(await page.getByTestId("consent-where").textContent()).toContain(
      "After you approve, you will be sent to the website evil.example (evil.example)",
    );
    expect(await page.getByTestId("oauth-consent").locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(h.consoleErrors).toEqual([]);
  });

  // issue 71 item 3: the host's flow with a Client ID Metadata Document, the MCP SDK's own client
  it("a host with a Client ID Metadata Document: discover, a person approves in the browser, call, refresh, revoke", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    codes.length = 0;
    await h.signInAs("slm");
    const oauth = new MemoryOAuthClient(callbackUrl, "unused", { clientMetadataUrl: host.clientId });
    const transport = new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { authProvider: oauth });
    await expect(new Client({ name: "host", version: "1" }).connect(transport)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(oauth.info?.client_id).toBe(host.clientId);
    expect(oauth.authorizationUrl!.searchParams.get("scope")).toBe("mcp:read mcp:write");

    await page.goto(oauth.authorizationUrl!.toString());
    await page.getByRole("heading", { name: "Connect an agent" }).waitFor();
    expect(await page.getByTestId("consent-client").textContent()).toBe("Hosted agent (stand-in)");
    expect(await page.getByTestId("consent-publisher").textContent()).toBe(`${HOST_NAME}:${host.port}`);
    expect(await page.getByTestId("consent-host").textContent()).toBe(new URL(callbackUrl).host);
    const violations = [...(await h.a11y())];
    await h.screenshot("oauth-consent-client-metadata");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => codes.length, { timeout: 30_000 }).toBe(1);
    await transport.finishAuth(codes[0].searchParams.get("code")!);

    const client = new Client({ name: "host", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { authProvider: oauth }));
    const me = await client.callTool({ name: "whoami", arguments: {} });
    expect(me.structuredContent).toMatchObject({ kind: "person", roles: ["slm"] });
    const first = oauth.saved!;
    expect(await auth(oauth, { serverUrl: `${h.url}/mcp` })).toBe("AUTHORIZED");
    expect(oauth.saved!.refresh_token).not.toBe(first.refresh_token);
    expect((await initialize(oauth.saved!.access_token)).status).toBe(200);

    // the host revokes its refresh token (RFC 7009), as a host does when the person disconnects it
    const rev = await fetch(`${h.url}/oauth/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: oauth.saved!.refresh_token!, client_id: host.clientId }),
    });
    expect(rev.status).toBe(200);
    expect((await initialize(oauth.saved!.access_token)).status).toBe(401);
    expect(host.fetches.get("/oauth/mcp-client-metadata")).toBeGreaterThanOrEqual(1);
    expect(violations).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});

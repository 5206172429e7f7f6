// /mcp as an OAuth protected resource (issue 61 item 4, step 1): the RFC 9728 metadata, the
// WWW-Authenticate challenge of a 401, and bearer API tokens that keep working for scripts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
const init = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};
const mcpHeaders = { "content-type": "application/json", accept: "application/json, text/event-stream" };

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
});
afterAll(async () => h.close());

describe("/mcp is an OAuth protected resource", () => {
  it("publishes its metadata (RFC 9728) at the bare path and with /mcp appended", async () => {
    const base = h.deps.config.publicUrl.replace(/\/$/, "");
    for (const url of [
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/mcp",
    ]) {
      const res = await h.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        resource: `${base}/mcp`,
        authorization_servers: [base],
        scopes_supported: ["mcp:read", "mcp:write"],
        bearer_methods_supported: ["header"],
        resource_name: "Baton MCP server",
        resource_documentation: `${base}/docs`,
      });
    }
  });

  it("answers a 401 without a token with the challenge naming the metadata", async () => {
    const base = h.deps.config.publicUrl.replace(/\/$/, "");
    const res = await h.app.inject({ method: "POST", url: "/mcp", headers: mcpHeaders, payload: init });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp", scope="mcp:read mcp:write"`,
    );
    expect(res.json().error.code).toBe("UNAUTHENTICATED");
    const get = await h.app.inject({ method: "GET", url: "/mcp" });
    expect(get.statusCode).toBe(401);
    expect(get.headers["www-authenticate"]).toContain("resource_metadata=");
  });

  it("says invalid_token when the token sent is not valid", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/mcp",
      headers: { ...mcpHeaders, authorization: "Bearer bt_not_a_token" },
      payload: init,
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(
      /^Bearer resource_metadata="[^"]+", scope="mcp:read mcp:write", error="invalid_token"$/,
    );
  });

  it("keeps serving bearer API tokens, with no challenge", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/mcp",
      headers: { ...mcpHeaders, authorization: `Bearer ${t.agt901.token}` },
      payload: init,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["www-authenticate"]).toBeUndefined();
    // other API routes keep their plain 401
    const api = await h.app.inject({ method: "GET", url: "/api/v1/me" });
    expect(api.statusCode).toBe(401);
    expect(api.headers["www-authenticate"]).toBeUndefined();
  });
});

// Issue 36 item 6: authentication is decided on the route the router matched, not on the raw URL.
// Every route of the app is requested with percent-encoded spellings of its path and no token: a
// route that is not public answers 401 (or 404 when the spelling matches no route), never 500 and
// never data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { type AppRoute, routesOf } from "../support/routes.ts";

const ID = "00000000-0000-4000-8000-000000000000";

function concrete(path: string): string {
  return path.replace(/:[A-Za-z_]+/g, ID).replace(/\*$/, "x");
}

/** Percent-encoded spellings of one path: a letter of each segment, upper and lower case hex. */
function variants(path: string): string[] {
  const enc = (c: string, upper: boolean) => {
    const h = c.charCodeAt(0).toString(16);
    return `%${upper ? h.toUpperCase() : h}`;
  };
  const segs = path.split("/");
  const out = new Set<string>();
  for (let i = 1; i < segs.length; i++) {
    const s = segs[i];
    const at = s.search(/[a-z]/i);
    if (at < 0) continue;
    for (const upper of [false, true]) {
      const copy = [...segs];
      copy[i] = s.slice(0, at) + enc(s[at], upper) + s.slice(at + 1);
      out.add(copy.join("/"));
    }
    // every letter of the segment
    const all = [...segs];
    all[i] = s.replace(/[a-z]/gi, (c) => enc(c, false));
    out.add(all.join("/"));
  }
  return [...out];
}

describe("authentication on the matched route", () => {
  let h: TestApp;
  let routes: AppRoute[];
  beforeAll(async () => {
    h = await testApp();
    routes = routesOf(h.app.printRoutes({ commonPrefix: false }));
  });
  afterAll(() => h.close());

  it("finds the app's routes", () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.map((r) => r.path)).toContain("/api/v1/campaigns/:slug/enrollments/bulk");
    expect(routes.map((r) => r.path)).toContain("/mcp");
  });

  it("answers every non-public route with 401 or 404 without a token, whatever the spelling", async () => {
    const seen: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const method of route.methods) {
        const url = concrete(route.path);
        // public routes answer without a token by design; they are the ones that say so
        const plain = await h.app.inject({
          method: method as "GET",
          url,
          payload: method === "GET" ? undefined : {},
        });
        const isPublic = plain.statusCode !== 401;
        if (isPublic) continue;
        for (const v of [url, ...variants(url)]) {
          const res = await h.app.inject({
            method: method as "GET",
            url: v,
            ...(method === "GET" || method === "DELETE" ? {} : { payload: {} }),
          });
          checked++;
          if (res.statusCode !== 401 && res.statusCode !== 404)
            seen.push(`${method} ${v} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(seen).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it("lists the public routes: only those that say so", async () => {
    const open: string[] = [];
    for (const route of routes)
      for (const method of route.methods) {
        const res = await h.app.inject({
          method: method as "GET",
          url: concrete(route.path),
          ...(method === "GET" || method === "DELETE" ? {} : { payload: {} }),
        });
        if (res.statusCode !== 401) open.push(`${method} ${route.path}`);
      }
    // each of these is a route registered with config: { public: true } (the workspace's built
    // files, when web/dist exists, are public by their scope: static-routes.ts); a provider's
    // receiving URL carries no bearer token: the provider's signature authenticates each request
    // (test/inbox/provider-webhooks.test.ts refuses forged ones; test/meetings/meetings.test.ts a
    // scheduling tool's; test/crm/hubspot-round-trip.test.ts a CRM's; test/signals/signal-webhook.test.ts
    // a Segment/RudderStack source's); a CRM's OAuth2 callback is
    // authenticated by its signed state (test/crm/crm-oauth.test.ts refuses a forged or expired one),
    // and so is a mailbox's consent callback (test/mailboxes/connect-mailbox.test.ts);
    // the OAuth metadata under /.well-known is public by RFC 9728 and RFC 8414, and the authorization
    // server's endpoints under /oauth authenticate by OAuth itself (test/mcp/mcp-oauth.test.ts; issue 61)
    for (const o of open)
      expect(o).toMatch(
        / (\/api\/health|\/healthz|\/readyz|\/docs.*|\/auth\/.*|\/u\/.*|\/\*|\/|\/api\/v1\/demo\/principals|\/api\/v1\/inbound\/(webhooks|meetings)\/:provider.*|\/api\/v1\/inbound\/crm\/[a-z]+(\/:id)?|\/api\/v1\/inbound\/signals\/:client_id\/:source_id|\/api\/v1\/crm\/oauth\/:provider\/callback|\/api\/v1\/mailboxes\/oauth\/:provider\/callback|\/assets\/[\w.-]+|\/index\.html|\/\.well-known\/[\w/-]+|\/oauth\/(auth|auth\/:uid|token|token\/revocation|reg|jwks))$/,
      );
  });

  it("serves the workspace's page and its built files without a token", async () => {
    for (const route of routes.filter((r) => /^\/(assets\/|index\.html$|$)/.test(r.path))) {
      const res = await h.app.inject({ method: "GET", url: route.path });
      expect(res.statusCode, route.path).toBe(200);
    }
    expect((await h.app.inject({ method: "GET", url: "/campaigns/x" })).statusCode).toBe(200);
  });

  it("refuses MCP over an encoded path without a token", async () => {
    for (const url of ["/mcp", "/%6dcp", "/%6Dcp", "/m%63p", "/%6d%63%70"]) {
      const res = await h.app.inject({
        method: "POST",
        url,
        headers: { accept: "application/json, text/event-stream" },
        payload: { jsonrpc: "2.0", id: 1, method: "tools/list" },
      });
      expect(res.statusCode, url).toBe(401);
      expect(res.body).not.toMatch(/list_campaigns|inputSchema/);
    }
  });

  it("does not serve the workspace for an encoded API path", async () => {
    const res = await h.app.inject({ method: "GET", url: "/%61pi/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
  });
});

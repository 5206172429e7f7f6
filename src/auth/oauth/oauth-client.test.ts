// The one OAuth client (issue 58, Deliver 2): plain http only to this machine, and a refusal read
// as RFC 6749 §5.2 or HubSpot's {status, message}, without the answer's body or any token.
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { describeRefusal, oauthClient, oauthRefusal } from "./oauth-client.ts";

const answer = (status: number, body: unknown, type = "application/json") =>
  (async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": type },
    })) as unknown as typeof fetch;

async function refresh(f: typeof fetch) {
  const c = oauthClient({
    tokenEndpoint: "http://127.0.0.1:9/token",
    clientId: "c",
    clientSecret: "s",
    fetch: f,
  });
  return oidc.refreshTokenGrant(c, "rt-secret").then(
    () => null,
    (e) => oauthRefusal(e),
  );
}

describe("oauthClient", () => {
  it("takes https anywhere and http only to a loopback host", () => {
    expect(() =>
      oauthClient({ tokenEndpoint: "https://api.hubapi.com/oauth/v3/token", clientId: "c" }),
    ).not.toThrow();
    expect(() => oauthClient({ tokenEndpoint: "http://localhost:8080/token", clientId: "c" })).not.toThrow();
    expect(() =>
      oauthClient({ tokenEndpoint: "http://api.hubapi.com/oauth/v3/token", clientId: "c" }),
    ).toThrow(/must use https/);
    expect(() =>
      oauthClient({
        tokenEndpoint: "https://login.salesforce.com/services/oauth2/token",
        authorizationEndpoint: "http://evil.test/authorize",
        clientId: "c",
      }),
    ).toThrow(/must use https/);
  });

  it("reads RFC 6749's error, HubSpot's status and message, a non-JSON answer and a dead socket, never the body", async () => {
    expect(await refresh(answer(400, { error: "invalid_grant", error_description: "expired" }))).toEqual({
      status: 400,
      error: "invalid_grant",
      description: "expired",
      problem: null,
    });
    const hubspot = await refresh(
      answer(400, { status: "BAD_REFRESH_TOKEN", message: "missing or unknown", token: "rt-secret" }),
    );
    expect(hubspot).toMatchObject({
      status: 400,
      error: "BAD_REFRESH_TOKEN",
      description: "missing or unknown",
    });
    expect(describeRefusal(hubspot!, true)).toBe("BAD_REFRESH_TOKEN: missing or unknown");
    expect(JSON.stringify(hubspot)).not.toContain("rt-secret");
    const html = await refresh(answer(502, "<html>bad gateway</html>", "text/html"));
    expect(html).toMatchObject({ status: 502, error: null });
    expect(describeRefusal(html!, false)).not.toContain("html");
    const dead = await refresh((async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    }) as unknown as typeof fetch);
    expect(dead).toEqual({ status: 0, error: null, description: null, problem: "ECONNREFUSED" });
    // a 200 that is no token answer
    const odd = await refresh(answer(200, { access_token: "at", token_type: "mac" }));
    expect(odd?.status).toBe(200);
    expect(JSON.stringify(odd)).not.toContain('"at"');
  });
});

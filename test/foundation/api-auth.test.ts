import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describe("authentication and the error shape", () => {
  let h: TestApp;
  let t: Tenant;
  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db);
  });
  afterAll(() => h.close());

  it("answers health without a token", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, database: "pglite" });
  });

  it("refuses a missing token with 401 and the registry body", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/me" });
    expect(res.statusCode).toBe(401);
    const body = res.json();
    expect(body.error.code).toBe("UNAUTHENTICATED");
    expect(body.error.next_action).toMatch(/Bearer/);
    expect(body.error.rule).toBeTruthy();
  });

  it("refuses a bad token with 401", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { authorization: "Bearer nope" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.facts).toEqual({ reason: "invalid" });
  });

  it("maps a token to its principal and tenant", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: t.slm.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ client_id: t.clientId, kind: "person", roles: ["slm"] });
    const agent = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: t.agt901.auth });
    expect(agent.json()).toMatchObject({ kind: "agent", agent_id: "AGT-901", roles: [] });
  });

  it("stores tokens only as hashes", async () => {
    const rows = await h.database.db.selectFrom("api_tokens").select("token_hash").execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.map((r) => r.token_hash)).not.toContain(t.slm.token);
  });

  it("answers an unknown route with a registry 404", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/nothing-here", headers: t.slm.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
  });

  it("serves the OpenAPI document at /docs/json", async () => {
    const res = await h.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths["/api/v1/me"]).toBeDefined();
  });
});

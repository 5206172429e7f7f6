// Issue 38: what the HTTP API now lets agents do, and still refuses them — the domain checks behind
// both the routes and the MCP tools. A brain revises only its own draft and only before pickup (the
// database's play rules agree, migration 0260); brain agents read the learning figures, other agents
// do not; an agent reads only the staged drafts it wrote; a reply is classified without a write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftBody, seedTaxonomy } from "../plays/plays-helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db);
  await seedTaxonomy(h.database.db, t);
});
afterAll(async () => h.close());

const call = (who: TestPrincipal, method: string, url: string, payload?: object) =>
  h.app.inject({ method: method as "GET", url, headers: who.auth, ...(payload ? { payload } : {}) });

const draft = async (who: TestPrincipal) => {
  const r = await call(who, "POST", "/api/v1/plays", draftBody());
  expect(r.statusCode, r.body).toBe(201);
  return r.json().play_id as string;
};

describe("agents over the HTTP API (issue 38)", () => {
  it("a brain revises its own draft until pickup; not another brain's, not after pickup", async () => {
    const id = await draft(t.agt901);
    const ok = await call(t.agt901, "PATCH", `/api/v1/plays/${id}`, { name: "Sharper name" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: "Sharper name", state: "draft" });
    // not a review edit: the edit log stays empty
    const row = await h.database.db
      .selectFrom("plays")
      .select("edits_during_review")
      .where("play_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.edits_during_review).toBeNull();

    const other = await call(t.agt902, "PATCH", `/api/v1/plays/${id}`, { name: "Not mine" });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe("FORBIDDEN_ROLE");

    expect((await call(t.slm, "POST", `/api/v1/plays/${id}/pickup`)).statusCode).toBe(200);
    const late = await call(t.agt901, "PATCH", `/api/v1/plays/${id}`, { name: "Too late" });
    expect(late.statusCode).toBe(403);
    expect(late.json().error.code).toBe("FORBIDDEN_ROLE");
  });

  it("the database refuses an agent's write to another brain's draft, whatever the API does", async () => {
    const id = await draft(t.agt902);
    const { sql } = await import("kysely");
    const { setActor } = await import("../../src/db/actor-context.ts");
    await expect(
      h.database.db.transaction().execute(async (tx) => {
        await setActor(tx, t.agt901, new Date());
        await sql`update plays set name = 'hijacked' where play_id = ${id}::uuid`.execute(tx);
      }),
    ).rejects.toThrow(/agents never change a play/);
  });

  it("brain agents read the learning figures; other agents are refused", async () => {
    for (const url of [
      "/api/v1/cohort?quarter=2026-Q4",
      "/api/v1/learning/retrospectives",
      "/api/v1/learning/agents/calibration",
    ]) {
      expect((await call(t.agt901, "GET", url)).statusCode, url).toBe(200);
      const refused = await call(t.agt304, "GET", url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.facts.required).toMatch(/brain agent/);
    }
  });

  it("classifies a reply without a write, for agents and the reply roles only", async () => {
    const count = async () =>
      (
        await h.database.db
          .selectFrom("campaign_replies")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const r = await call(t.sales, "POST", "/api/v1/replies/classify", {
      text: "Please take me off your list.",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ intent: "unsubscribe" });
    expect(await count()).toEqual(before);
    expect((await call(t.slm, "POST", "/api/v1/replies/classify", { text: "hi" })).statusCode).toBe(403);
  });

  it("an agent lists only the staged drafts it wrote; people who approve see all", async () => {
    const mine = await call(t.sales, "GET", "/api/v1/drafts?status=pending");
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.every((d: { drafted_by: string }) => d.drafted_by === "AGT-401")).toBe(true);
    expect((await call(t.exec, "GET", "/api/v1/drafts")).statusCode).toBe(200);
    expect((await call(t.slm, "GET", "/api/v1/drafts")).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { call, playAt, seedTaxonomy } from "./plays-helpers.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db);
  await seedTaxonomy(h.deps.db, t);
});
afterAll(() => h.close());

describe("plays lifecycle through the API", () => {
  it("drafts, picks up, edits, approves jointly, retires and copies", async () => {
    const id = await playAt(h, t, "under_review");
    const edit = await call(h, t.slm, "PATCH", `/api/v1/plays/${id}`, { name: "Renamed" });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.edits_during_review).toHaveLength(1);
    const a1 = await call(h, t.slm, "POST", `/api/v1/plays/${id}/approve`, {});
    expect(a1.status, JSON.stringify(a1.body)).toBe(200);
    const a2 = await call(h, t.revops, "POST", `/api/v1/plays/${id}/approve`, {});
    expect(a2.body.state).toBe("active");
    const r = await call(h, t.revops, "POST", `/api/v1/plays/${id}/retire`, { retire_reason: "completed" });
    expect(r.body.state).toBe("retired");
    const c = await call(h, t.revops, "POST", `/api/v1/plays/${id}/copy`);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.copied_from_play_id).toBe(id);
    const one = await call(h, t.rep, "GET", `/api/v1/plays/${id}`);
    expect(one.body.history.map((e: any) => e.event)).toEqual([
      "drafted",
      "picked_up",
      "edited",
      "approved_slm",
      "approved_revops",
      "activated",
      "retired",
    ]);
  });
});

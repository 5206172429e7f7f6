import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceEventCursors } from "../../src/event-log/advance-cursors.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { activePlay, seedEvents, seedFlag, seedTaxonomy } from "./fixtures.ts";

describe("GET /api/v1/workspace/dashboard", () => {
  let h: TestApp;
  let t: Tenant;
  const now = new Date("2026-11-20T12:00:00Z");
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = now;
    t = await createTenant(h.deps.db);
    const { contactIds } = await seedTaxonomy(h.deps.db, t.clientId);
    const play = await activePlay(
      h.deps.db,
      { agent: t.agt901, revops: t.revops, slm: t.slm },
      "Proof play",
      now,
    );
    await seedEvents(h.deps.db, t.clientId, contactIds[0], now, play.play_id);
    await seedFlag(h.deps.db, t.clientId, contactIds[0], now);
  });
  afterAll(async () => h.close());

  it("aggregates caps, activity, promotion, edits, touches, suppressions, cohorts and flags", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/dashboard",
      headers: t.revops.auth,
    });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.segments.find((s: any) => s.segment === "mm")).toMatchObject({ active: 1, cap: 5 });
    expect(d.review_threshold).toBe(30);
    expect(d.active_over_time.at(-1).active).toBe(1);
    expect(d.promotion).toEqual([
      expect.objectContaining({ agent_id: "AGT-901", drafted: 1, promoted: 1, rate: 1 }),
    ]);
    expect(d.edit_volume[0]).toMatchObject({ agent_id: "AGT-901", edits: 1 });
    expect(d.touches_per_day).toHaveLength(31);
    expect(d.touches_per_day.reduce((s: number, x: any) => s + x.touches, 0)).toBe(5);
    expect(d.suppressions).toEqual([{ reason: "touch_cap_exceeded", action: "hold", count: 1 }]);
    expect(d.open_flags).toBe(1);
    // the same figures once the event log's cursors have folded the events into the daily rollup
    // (before, they came from the tail past the cursor)
    await advanceEventCursors(h.deps.db);
    const again = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/dashboard",
      headers: t.revops.auth,
    });
    const rolled = again.json();
    expect(rolled.touches_per_day).toEqual(d.touches_per_day);
    expect(rolled.suppressions).toEqual(d.suppressions);
    expect(rolled.cohorts).toEqual(d.cohorts);
  });

  it("is for RevOps, sales leaders, execs and admins; a rep is refused", async () => {
    const res = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/dashboard",
      headers: t.rep.auth,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("FORBIDDEN_ROLE");
  });

  it("searches contacts by name prefix, paged, within the tenant only", async () => {
    const first = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/contacts?q=contact&limit=2",
      headers: t.rep.auth,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((c: any) => c.full_name)).toEqual(["Contact A Person", "Contact B Person"]);
    expect(first.json().items[0].segment_name).toBe("Mid-market");
    const next = await h.app.inject({
      method: "GET",
      url: `/api/v1/workspace/contacts?q=contact&limit=2&cursor=${first.json().next_cursor}`,
      headers: t.rep.auth,
    });
    expect(next.json().items.map((c: any) => c.full_name)).toEqual(["Contact C Person"]);
    expect(next.json().next_cursor).toBeNull();
    const other = await createTenant(h.deps.db, "o");
    const none = await h.app.inject({
      method: "GET",
      url: "/api/v1/workspace/contacts?q=contact",
      headers: other.rep.auth,
    });
    expect(none.json().items).toEqual([]);
    const id = first.json().items[0].contact_id;
    expect(
      (
        await h.app.inject({
          method: "GET",
          url: `/api/v1/workspace/contacts/${id}`,
          headers: other.rep.auth,
        })
      ).statusCode,
    ).toBe(404);
    const mine = await h.app.inject({
      method: "GET",
      url: `/api/v1/workspace/contacts/${id}`,
      headers: t.rep.auth,
    });
    // the segment by its name, what the prospect page shows (issue 60 item 5), and its slug
    expect(mine.json()).toMatchObject({
      company: "Northwind",
      icp_tier: "T1",
      segment: "mm",
      segment_name: "Mid-market",
      opted_out: false,
    });
  });
});

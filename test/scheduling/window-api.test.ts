// A campaign's send window and follow-up steps over HTTP: stored, read back, PATCHed away, and a
// bad window refused with its own code (nothing written).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  h.clock.now = new Date("2026-11-20T10:00:00Z");
  t = await createTenant(h.database.db, "wapi");
});
afterAll(() => h.close());

const window = { days: ["tue", "wed", "thu"], start: "09:00", end: "11:30", time_zone: "Europe/Berlin" };
const step = (n: number, extra: Record<string, unknown> = {}) => ({
  step_number: n,
  delay_days: n * 2,
  channel: "email",
  content_type: "follow_up",
  template_instructions: `step ${n}`,
  ...extra,
});

describe("send_window and thread in campaign definitions (HTTP)", () => {
  it("stores, reads back and clears a window; follow-up steps keep their thread", async () => {
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns",
      headers: t.revops.auth,
      payload: {
        slug: "win_api",
        name: "W",
        type: "membership",
        owner_role: "roles.sales",
        kind: "nurture",
        send_window: window,
        steps: [step(1), step(2, { thread: "follow_up" })],
      },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().send_window).toEqual(window);
    expect(r.json().steps.map((s: { thread: string }) => s.thread)).toEqual(["new", "follow_up"]);
    const got = await h.app.inject({ method: "GET", url: "/api/v1/campaigns/win_api", headers: t.rep.auth });
    expect(got.json().send_window).toEqual(window);
    const cleared = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/win_api",
      headers: t.revops.auth,
      payload: { send_window: null },
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().send_window).toBeNull();
  });

  it("refuses a bad window with CAMPAIGN_SEND_WINDOW_INVALID and every problem", async () => {
    const r = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/win_api",
      headers: t.revops.auth,
      payload: { send_window: { days: ["someday"], start: "9am", end: "11:30", time_zone: "+02:00" } },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe("CAMPAIGN_SEND_WINDOW_INVALID");
    expect(JSON.stringify(r.json())).toMatch(/send_window\/days/);
    expect(JSON.stringify(r.json())).toMatch(/send_window\/time_zone/);
  });
});

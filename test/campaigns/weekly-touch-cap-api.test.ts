// issue 59 item 6 over HTTP: a campaign's weekly touch cap is stored and read back, changed and
// cleared by PATCH, and a bad value (0, negative, non-integer, huge, a string) is refused with the
// field named, nothing written; only a campaign definer may set it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { step } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

const campaign = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  name: "Capped",
  type: "event",
  owner_role: "roles.bdr",
  kind: "marketing",
  steps: [step(1, 0), step(2, 1)],
  ...extra,
});

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "wcap");
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const post = (payload: Record<string, unknown>, auth = t.revops.auth) =>
  h.app.inject({ method: "POST", url: "/api/v1/campaigns", headers: auth, payload });
const patch = (slug: string, payload: Record<string, unknown>, auth = t.revops.auth) =>
  h.app.inject({ method: "PATCH", url: `/api/v1/campaigns/${slug}`, headers: auth, payload });
const read = async (slug: string) =>
  (await h.app.inject({ url: `/api/v1/campaigns/${slug}`, headers: t.revops.auth })).json();

describe("a campaign's weekly touch cap", () => {
  it("is stored, read back, changed and cleared; absent means none", async () => {
    const res = await post(campaign("capped", { weekly_touch_cap: 2 }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().weekly_touch_cap).toBe(2);
    expect((await read("capped")).weekly_touch_cap).toBe(2);
    expect((await patch("capped", { weekly_touch_cap: 1 })).statusCode).toBe(200);
    expect((await read("capped")).weekly_touch_cap).toBe(1);
    expect((await patch("capped", { weekly_touch_cap: null })).statusCode).toBe(200);
    expect((await read("capped")).weekly_touch_cap).toBeNull();
    const plain = await post(campaign("plain"));
    expect(plain.json().weekly_touch_cap).toBeNull();
  });

  it("refuses 0, negative, non-integer, huge and string values, naming the field; nothing written", async () => {
    await post(campaign("kept", { weekly_touch_cap: 3 }));
    for (const bad of [0, -1, 1.5, 101, 1e9, "2"]) {
      const created = await post(
        campaign(`bad_${String(bad).replace(/\W/g, "_")}`, { weekly_touch_cap: bad }),
      );
      expect(created.statusCode, `${bad}: ${created.body}`).toBe(400);
      const e = created.json().error;
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(e.facts)).toMatch(/weekly_touch_cap/);
      const changed = await patch("kept", { weekly_touch_cap: bad });
      expect(changed.statusCode, `${bad}: ${changed.body}`).toBe(400);
    }
    expect((await read("kept")).weekly_touch_cap).toBe(3);
    const none = await h.app.inject({ url: "/api/v1/campaigns/bad_0", headers: t.revops.auth });
    expect(none.statusCode).toBe(404);
  });

  it("a rep may not set it", async () => {
    const res = await patch("kept", { weekly_touch_cap: 1 }, t.rep.auth);
    expect(res.statusCode).toBe(403);
    expect((await read("kept")).weekly_touch_cap).toBe(3);
  });
});

// issue 67 item 5 over HTTP: a campaign's personal sends go on the exec's click (the default) or at
// once (PATCH /api/v1/campaigns/{slug} personal_send). Only the exec chooses at once; a rep, a sales
// manager and RevOps are refused with FORBIDDEN_PERSONAL_SEND_CHOICE and nothing changes; RevOps
// may put his click back; an unknown value is refused by the schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { closeCampaign } from "./personal-send-world.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "psendapi");
  await closeCampaign(h.database.db, t.revops, "close_api", "Close", new Date());
});
afterAll(() => h.close());

const patch = (who: { auth: Record<string, string> }, personal_send: string) =>
  h.app.inject({
    method: "PATCH",
    url: "/api/v1/campaigns/close_api",
    headers: who.auth,
    payload: { personal_send },
  });

describe("a campaign's personal sends, on click or at once (HTTP)", () => {
  it("is on click by default; only the exec sets at once; RevOps may put his click back", async () => {
    const got = await h.app.inject({
      method: "GET",
      url: "/api/v1/campaigns/close_api",
      headers: t.exec.auth,
    });
    expect(got.json()).toMatchObject({ personal_send: "on_click", personal_send_by: null });
    for (const who of [t.rep, t.slm, t.revops]) {
      const r = await patch(who, "at_once");
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe("FORBIDDEN_PERSONAL_SEND_CHOICE");
    }
    const set = await patch(t.exec, "at_once");
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ personal_send: "at_once", personal_send_by: t.exec.principalId });
    expect((await patch(t.rep, "on_click")).statusCode).toBe(403);
    const back = await patch(t.revops, "on_click");
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ personal_send: "on_click", personal_send_by: null });
    expect((await patch(t.exec, "whenever")).statusCode).toBe(400);
  });
});

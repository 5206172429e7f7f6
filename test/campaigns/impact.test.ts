// Issue 37 item 3: POST /api/v1/campaigns/:slug/impact checks a proposed change and says which live
// enrollments it affects, before anything is saved; it writes nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, step, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;
const SLUG = "b2bea_membership_close";

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "imp");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
  // 5 live enrollments: 3 take step 2 next, 2 take step 6 next
  for (const next of [2, 2, 2, 6, 6]) {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const r = await h.app.inject({
      method: "POST",
      url: `/api/v1/campaigns/${SLUG}/enrollments`,
      headers: t.sales.auth,
      payload: { contact_id: contactId },
    });
    expect(r.json().outcome).toBe("enrolled");
    await sql`update campaign_contacts set current_step = ${next} where id = ${r.json().enrollment_id}::uuid`.execute(
      h.database.db,
    );
  }
});
afterAll(() => h.close());

const current = async () =>
  (await h.app.inject({ method: "GET", url: `/api/v1/campaigns/${SLUG}`, headers: t.revops.auth })).json();
const impact = (body: Record<string, unknown>, who: TestPrincipal = t.revops) =>
  h.app.inject({ method: "POST", url: `/api/v1/campaigns/${SLUG}/impact`, headers: who.auth, payload: body });

describe("campaign change impact", () => {
  it("says who takes a new step 4 and who has passed it, and writes nothing", async () => {
    const before = await current();
    const steps = before.steps.map((s: any) => ({ ...s }));
    steps[3] = { ...steps[3], template_instructions: "A new step 4: share the member case study." };
    const r = await impact({ steps });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.problems).toEqual([]);
    expect(body.live).toBe(5);
    expect(body.changes).toEqual([
      {
        kind: "steps",
        affected: 3,
        sentence: "3 enrollments are at step 3 or earlier and will take the new step 4; 2 have passed it.",
      },
    ]);
    expect(await current()).toEqual(before);
  });

  it("counts the enrollments whose step is removed and whose next step keeps its old day", async () => {
    const before = await current();
    const steps = before.steps.slice(0, 5).map((s: any) => ({ ...s }));
    steps[1] = { ...steps[1], delay_days: 4 };
    const body = (await impact({ steps })).json();
    expect(body.changes.map((c: any) => [c.kind, c.affected])).toEqual([
      ["steps", 3],
      ["removed_steps", 2],
      ["scheduled_delay", 3],
    ]);
    expect(body.changes[0].sentence).toBe(
      "3 enrollments are at step 1 or earlier and will take the new step 2.",
    );
  });

  it("describes pausing and an on_exit change to every live enrollment", async () => {
    const body = (
      await impact({ status: "paused", on_exit: { converted: "b2bea_membership_cs", rejected: "dreamborn" } })
    ).json();
    expect(body.changes).toEqual([
      {
        kind: "on_exit",
        affected: 5,
        sentence:
          "5 live enrollments will follow the new on_exit when they exit: no_engagement no longer routed, rejected → dreamborn.",
      },
      {
        kind: "status",
        affected: 5,
        sentence:
          "Pausing stops new enrollments until you resume; the 5 live enrollments keep taking their steps.",
      },
    ]);
  });

  it("returns every problem with its path, as the PATCH would refuse them", async () => {
    const steps = [step(1, 0), step(2, -1, { channel: "fax" }), step(3, 2, { content_type: "poem" })];
    const body = (await impact({ steps, on_exit: { converted: "no_such_campaign" } })).json();
    expect(body.problems.map((p: any) => [p.code, p.path])).toEqual([
      ["CAMPAIGN_STEP_DELAY_INVALID", "/steps/1/delay_days"],
      ["CAMPAIGN_STEP_CHANNEL_UNKNOWN", "/steps/1/channel"],
      ["CAMPAIGN_STEP_CONTENT_TYPE_UNKNOWN", "/steps/2/content_type"],
      ["CAMPAIGN_STEP_DELAY_INVALID", "/steps"],
      ["ON_EXIT_TARGET_MISSING", "/on_exit/converted"],
    ]);
    const patch = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/campaigns/${SLUG}`,
      headers: t.revops.auth,
      payload: { steps },
    });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.facts.problems.map((p: any) => p.path)).toEqual([
      "/steps/1/delay_days",
      "/steps/1/channel",
      "/steps/2/content_type",
      "/steps",
    ]);
  });

  it("puts a loop at the exit reason that closes it", async () => {
    const r = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/b2bea_membership_cs",
      headers: t.revops.auth,
      payload: { on_exit: { no_engagement: SLUG } },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe("ON_EXIT_CYCLE");
    expect(r.json().error.facts.problems).toEqual([
      {
        code: "ON_EXIT_CYCLE",
        path: "/on_exit/no_engagement",
        message: expect.stringContaining(
          "b2bea_membership_close → b2bea_membership_cs → b2bea_membership_close",
        ),
      },
    ]);
  });

  it("checks a new campaign as the create would, every problem at its path, writing nothing", async () => {
    const body = {
      slug: SLUG,
      name: "Copy",
      type: "event",
      owner_role: "roles.sales",
      kind: "sales",
      approval_policy: "auto_send",
      steps: [step(1, 0), step(2, -3)],
      on_exit: { rejected: "nowhere" },
    };
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/check",
      headers: t.revops.auth,
      payload: body,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().problems.map((p: any) => [p.code, p.path])).toEqual([
      ["CAMPAIGN_STEP_DELAY_INVALID", "/steps/1/delay_days"],
      ["CAMPAIGN_STEP_DELAY_INVALID", "/steps"],
      ["SALES_CAMPAIGN_REQUIRES_APPROVAL", "/approval_policy"],
      ["CAMPAIGN_SLUG_TAKEN", "/slug"],
      ["ON_EXIT_TARGET_MISSING", "/on_exit/rejected"],
    ]);
    const ok = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/check",
      headers: t.revops.auth,
      payload: {
        ...body,
        slug: "fresh_one",
        approval_policy: "require_approval",
        steps: [step(1, 0)],
        on_exit: {},
      },
    });
    expect(ok.json()).toEqual({ problems: [] });
    expect(
      (await h.app.inject({ method: "GET", url: "/api/v1/campaigns/fresh_one", headers: t.revops.auth }))
        .statusCode,
    ).toBe(404);
  });

  it("is for the roles that define campaigns", async () => {
    expect((await impact({ status: "paused" }, t.rep)).statusCode).toBe(403);
    expect((await impact({ status: "paused" }, t.admin)).statusCode).toBe(200);
  });
});

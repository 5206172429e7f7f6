// spec 002 campaign definitions over HTTP: the bad inputs of issue 4 each get a clear error and
// change nothing; the spec's campaigns are accepted as written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, step, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "camp");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(() => h.close());

const post = (body: any, who = t.revops) =>
  h.app.inject({ method: "POST", url: "/api/v1/campaigns", headers: who.auth, payload: body });
const def = (slug: string, extra: Record<string, unknown> = {}) => ({
  slug,
  name: slug,
  type: "membership",
  owner_role: "roles.sales",
  kind: "nurture",
  steps: [step(1, 0), step(2, 3)],
  ...extra,
});
const count = async () =>
  Number(
    (
      await h.database.db
        .selectFrom("campaigns")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("client_id", "=", t.clientId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("campaign definitions", () => {
  it("stores the spec's b2bea_membership_close with its 8 steps and on_exit", async () => {
    const r = await h.app.inject({
      method: "GET",
      url: "/api/v1/campaigns/b2bea_membership_close",
      headers: t.exec.auth,
    });
    expect(r.statusCode).toBe(200);
    const c = r.json();
    expect(c.steps.map((s: any) => s.delay_days)).toEqual([0, 3, 7, 10, 14, 21, 35, 56]);
    expect(c.steps.map((s: any) => s.channel)).toEqual([
      "email",
      "email",
      "email",
      "linkedin",
      "email",
      "email",
      "email",
      "email",
    ]);
    expect(c.steps[6].content_type).toBe("close");
    expect(c.on_exit).toEqual({ converted: "b2bea_membership_cs", no_engagement: null, rejected: null });
    expect(c.kind).toBe("sales");
    const list = await h.app.inject({ method: "GET", url: "/api/v1/campaigns", headers: t.rep.auth });
    expect(list.json().items.map((x: any) => x.slug)).toEqual([
      "b2bea_membership",
      "b2bea_membership_close",
      "b2bea_membership_cs",
      "b2bea_world",
      "dreamborn",
    ]);
  });

  it("creates a campaign with a gate target and an auto_send nurture policy", async () => {
    const r = await post(
      def("nurture_ok", {
        approval_policy: "auto_send",
        on_exit: { meeting: { gate: "exec" }, converted: "b2bea_membership_cs" },
      }),
    );
    expect(r.statusCode).toBe(201);
    expect(r.json().approval_policy).toBe("auto_send");
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["a step gap", { steps: [step(1, 0), step(3, 5)] }, "CAMPAIGN_STEPS_INVALID"],
    ["a duplicate step", { steps: [step(1, 0), step(1, 2)] }, "CAMPAIGN_STEPS_INVALID"],
    ["a negative delay_days", { steps: [step(1, -2)] }, "CAMPAIGN_STEP_DELAY_INVALID"],
    ["a decreasing delay_days", { steps: [step(1, 5), step(2, 1)] }, "CAMPAIGN_STEP_DELAY_INVALID"],
    ["an unknown channel", { steps: [step(1, 0, { channel: "sms" })] }, "CAMPAIGN_STEP_CHANNEL_UNKNOWN"],
    [
      "an unknown content type",
      { steps: [step(1, 0, { content_type: "meme" })] },
      "CAMPAIGN_STEP_CONTENT_TYPE_UNKNOWN",
    ],
    ["an unknown exit reason", { on_exit: { won: null } }, "ON_EXIT_REASON_UNKNOWN"],
    ["a malformed target", { on_exit: { converted: { gate: "ceo" } } }, "ON_EXIT_TARGET_INVALID"],
    ["a missing target campaign", { on_exit: { converted: "nope" } }, "ON_EXIT_TARGET_MISSING"],
    ["a self-loop", { on_exit: { no_engagement: "loop_self" } }, "ON_EXIT_CYCLE"],
    [
      "sales with auto_send",
      { kind: "sales", approval_policy: "auto_send" },
      "SALES_CAMPAIGN_REQUIRES_APPROVAL",
    ],
  ];
  for (const [what, extra, code] of bad) {
    it(`refuses ${what} with ${code} and writes nothing`, async () => {
      const before = await count();
      const r = await post(def("loop_self", extra));
      expect(r.json().error?.code).toBe(code);
      expect(r.statusCode).toBe(422);
      expect(r.json().error.next_action).toBeTruthy();
      expect(await count()).toBe(before);
    });
  }

  it("refuses an update that closes a loop across campaigns, and keeps the old definition", async () => {
    expect((await post(def("chain_a"))).statusCode).toBe(201);
    expect((await post(def("chain_b", { on_exit: { converted: "chain_a" } }))).statusCode).toBe(201);
    const r = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/chain_a",
      headers: t.revops.auth,
      payload: { on_exit: { rejected: "chain_b" }, steps: [step(1, 0)] },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe("ON_EXIT_CYCLE");
    expect(r.json().error.facts.cycle).toEqual(["chain_a", "chain_b", "chain_a"]);
    const a = (
      await h.app.inject({ method: "GET", url: "/api/v1/campaigns/chain_a", headers: t.revops.auth })
    ).json();
    expect(a.on_exit).toEqual({});
    expect(a.steps).toHaveLength(2);
    // a human gate breaks the loop, so this one is fine
    const ok = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/chain_a",
      headers: t.revops.auth,
      payload: { on_exit: { converted: { gate: "exec" } }, status: "paused" },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe("paused");
  });

  it("refuses a duplicate slug, a bad body and a role that may not define", async () => {
    expect((await post(def("b2bea_world"))).json().error.code).toBe("CAMPAIGN_SLUG_TAKEN");
    expect((await post({ slug: "x" })).json().error.code).toBe("VALIDATION_FAILED");
    const r = await post(def("by_rep"), t.rep);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
  });

  it("the database refuses a step gap written by any other path (deferred trigger BE001)", async () => {
    const c = await h.database.db
      .selectFrom("campaigns")
      .select("id")
      .where("client_id", "=", t.clientId)
      .where("slug", "=", "chain_b")
      .executeTakeFirstOrThrow();
    await expect(
      h.database.db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom("campaign_sequences")
          .where("campaign_id", "=", c.id)
          .where("step_number", "=", 1)
          .execute();
      }),
    ).rejects.toMatchObject({ code: "BE001" });
  });

  it("another tenant's campaign is a plain 404", async () => {
    const other = await createTenantFor();
    const r = await h.app.inject({
      method: "GET",
      url: "/api/v1/campaigns/b2bea_world",
      headers: other.revops.auth,
    });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe("CAMPAIGN_NOT_FOUND");
  });
});

async function createTenantFor() {
  return createTenant(h.database.db, "camp2");
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact, makeSendItem } from "./support/fixtures.ts";

let h: TestApp;
let t: Tenant;
beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db);
  h.clock.now = new Date("2026-03-02T15:00:00Z");
});
afterAll(async () => h.close());

const post = (url: string, auth: { authorization: string }, payload: unknown) =>
  h.app.inject({ method: "POST", url, headers: auth, payload: payload as any });

describe("POST /api/v1/coordinator/activations", () => {
  it("allows by slug and returns the decision, enrollment and event", async () => {
    const contact = await makeContact(h.deps.db, t.clientId, {
      accountId: await makeAccount(h.deps.db, t.clientId),
    });
    const campaign = await makeCampaign(h.deps.db, t.clientId, "sales");
    const slug = (
      await h.deps.db
        .selectFrom("campaigns")
        .select("slug")
        .where("id", "=", campaign)
        .executeTakeFirstOrThrow()
    ).slug;
    const r = await post("/api/v1/coordinator/activations", t.rep.auth, {
      contact_id: contact,
      campaign: slug,
      sequence_type: "sales",
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ decision: "allow", gate: null, reason: null, until: null });
    expect(r.json().enrollment_id).toBeTruthy();
    expect(r.json().event_id).toBeGreaterThan(0);
  });

  it("a hold gives the release time", async () => {
    const contact = await makeContact(h.deps.db, t.clientId);
    const c1 = await makeCampaign(h.deps.db, t.clientId, "marketing");
    const c2 = await makeCampaign(h.deps.db, t.clientId, "marketing");
    await h.deps.db
      .insertInto("cadence_event_log")
      .values({
        client_id: t.clientId,
        contact_id: contact,
        event_type: "touch",
        sequence_type: "marketing",
        occurred_at: new Date("2026-03-02T09:00:00Z"),
        details: "{}",
      })
      .execute();
    const r = await post("/api/v1/coordinator/activations", t.agt304.auth, {
      contact_id: contact,
      campaign: c1,
    });
    expect(r.json()).toMatchObject({
      decision: "hold",
      gate: 3,
      reason: "touch_cap_exceeded",
      until: "2026-03-03T00:00:00.000Z",
    });
    expect(
      (
        await post("/api/v1/coordinator/activations", t.agt304.auth, { contact_id: contact, campaign: c2 })
      ).json().decision,
    ).toBe("hold");
  });

  it("bad input changes nothing: unknown type, mismatch, unknown contact, other tenant, illegal transition", async () => {
    const contact = await makeContact(h.deps.db, t.clientId);
    const campaign = await makeCampaign(h.deps.db, t.clientId, "nurture");
    const before = await h.deps.db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const cases: Array<[unknown, number, string]> = [
      [{ contact_id: contact, campaign, sequence_type: "spam" }, 400, "UNKNOWN_SEQUENCE_TYPE"],
      [{ contact_id: contact, campaign, sequence_type: "sales" }, 422, "SEQUENCE_TYPE_MISMATCH"],
      [{ contact_id: "00000000-0000-4000-8000-000000000000", campaign }, 404, "NOT_FOUND"],
      [{ contact_id: "nope", campaign }, 404, "NOT_FOUND"],
      [{ contact_id: contact, campaign: "no_such_campaign" }, 404, "NOT_FOUND"],
    ];
    const other = await createTenant(h.deps.db);
    cases.push([{ contact_id: await makeContact(h.deps.db, other.clientId), campaign }, 404, "NOT_FOUND"]);
    for (const [body, status, code] of cases) {
      const r = await post("/api/v1/coordinator/activations", t.revops.auth, body);
      expect([r.statusCode, r.json().error.code]).toEqual([status, code]);
    }
    expect(
      (await post("/api/v1/coordinator/activations", t.revops.auth, { contact_id: contact, campaign })).json()
        .decision,
    ).toBe("allow");
    const again = await post("/api/v1/coordinator/activations", t.revops.auth, {
      contact_id: contact,
      campaign,
    });
    expect([again.statusCode, again.json().error.code, again.json().error.facts.reason]).toEqual([
      409,
      "ILLEGAL_SEQUENCE_TRANSITION",
      "already_enrolled",
    ]);
    const after = await h.deps.db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n + 1); // only the one allowed activation
  });

  it("roles: slm may not request; agents, exec, rep, revops may", async () => {
    const contact = await makeContact(h.deps.db, t.clientId);
    const campaign = await makeCampaign(h.deps.db, t.clientId, "transactional");
    const r = await post("/api/v1/coordinator/activations", t.slm.auth, { contact_id: contact, campaign });
    expect([r.statusCode, r.json().error.code]).toEqual([403, "FORBIDDEN_ROLE"]);
    expect(
      (await post("/api/v1/coordinator/activations", t.exec.auth, { contact_id: contact, campaign }))
        .statusCode,
    ).toBe(200);
  });
});

describe("steps and opt-out", () => {
  it("a step for a finished sequence is refused with SEQUENCE_FINISHED; opt-out ends everything", async () => {
    const contact = await makeContact(h.deps.db, t.clientId);
    const campaign = await makeCampaign(h.deps.db, t.clientId, "sales", { steps: [0] });
    const a = (
      await post("/api/v1/coordinator/activations", t.sales.auth, { contact_id: contact, campaign })
    ).json();
    const step = await post("/api/v1/coordinator/steps", t.sales.auth, { enrollment_id: a.enrollment_id });
    expect(step.json()).toMatchObject({ decision: "allow" });
    const item = await makeSendItem(h.deps.db, t.clientId, a.enrollment_id, h.clock.now!);
    const out = await post(`/api/v1/contacts/${contact}/opt-out`, t.rep.auth, {
      flag: "unsubscribe",
      source: "reply",
    });
    expect(out.json()).toEqual({ already_opted_out: false, enrollments_terminated: 1, items_cancelled: 1 });
    const again = await post(`/api/v1/contacts/${contact}/opt-out`, t.rep.auth, {});
    expect(again.json()).toEqual({ already_opted_out: true, enrollments_terminated: 0, items_cancelled: 0 });
    const i = await h.deps.db
      .selectFrom("sales_send_queue")
      .select("status")
      .where("id", "=", item)
      .executeTakeFirstOrThrow();
    expect(i.status).toBe("cancelled");
    const finished = await post("/api/v1/coordinator/steps", t.sales.auth, {
      enrollment_id: a.enrollment_id,
    });
    // gate 1 comes first: the opted-out lead is a compliance block, logged
    expect(finished.json()).toMatchObject({ decision: "block", gate: 1, reason: "compliance_block" });
    const c2 = await makeContact(h.deps.db, t.clientId);
    const a2 = (
      await post("/api/v1/coordinator/activations", t.sales.auth, { contact_id: c2, campaign })
    ).json();
    await h.deps.db
      .updateTable("campaign_contacts")
      .set({ status: "exited" })
      .where("id", "=", a2.enrollment_id)
      .execute();
    const r = await post("/api/v1/coordinator/steps", t.sales.auth, { enrollment_id: a2.enrollment_id });
    expect([r.statusCode, r.json().error.code]).toEqual([409, "SEQUENCE_FINISHED"]);
    const other = await createTenant(h.deps.db);
    expect((await post(`/api/v1/contacts/${contact}/opt-out`, other.rep.auth, {})).statusCode).toBe(404);
  });
});

describe("config", () => {
  it("revops reads and sets caps; rep may not", async () => {
    const get = await h.app.inject({
      method: "GET",
      url: "/api/v1/coordinator/config",
      headers: t.revops.auth,
    });
    expect(get.json()).toEqual({ weekly_touch_cap: 3, daily_touch_cap: 1, conflict_queue_hours: 48 });
    const put = await h.app.inject({
      method: "PUT",
      url: "/api/v1/coordinator/config",
      headers: t.revops.auth,
      payload: { weekly_touch_cap: 4 },
    });
    expect(put.json()).toEqual({ weekly_touch_cap: 4, daily_touch_cap: 1, conflict_queue_hours: 48 });
    const bad = await h.app.inject({
      method: "PUT",
      url: "/api/v1/coordinator/config",
      headers: t.revops.auth,
      payload: { weekly_touch_cap: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const rep = await h.app.inject({
      method: "PUT",
      url: "/api/v1/coordinator/config",
      headers: t.rep.auth,
      payload: { weekly_touch_cap: 9 },
    });
    expect(rep.statusCode).toBe(403);
    await h.app.inject({
      method: "PUT",
      url: "/api/v1/coordinator/config",
      headers: t.admin.auth,
      payload: { weekly_touch_cap: 3 },
    });
  });
});

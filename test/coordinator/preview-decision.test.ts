// issue 37 item 2: POST /api/v1/coordinator/preview gives the verdict the real call then gives, and
// writes nothing (no enrollment, no event row, no notification).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";

let h: TestApp;
let t: Tenant;
const NOW = new Date("2026-03-05T15:00:00Z");
const H = 3600_000;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.deps.db, "prv");
  h.clock.now = NOW;
});
afterAll(async () => h.close());

const post = (url: string, auth: { authorization: string }, payload: Record<string, unknown>) =>
  h.app.inject({ method: "POST", url, headers: auth, payload });
const preview = (payload: Record<string, unknown>, auth = t.slm.auth) =>
  post("/api/v1/coordinator/preview", auth, payload);

async function rowCounts() {
  const count = async (table: "cadence_event_log" | "campaign_contacts" | "notification_outbox") =>
    Number(
      (
        await h.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("client_id", "=", t.clientId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    events: await count("cadence_event_log"),
    enrollments: await count("campaign_contacts"),
    notifications: await count("notification_outbox"),
  };
}

async function touch(contactId: string, at: Date) {
  await h.deps.db
    .insertInto("cadence_event_log")
    .values({
      client_id: t.clientId,
      contact_id: contactId,
      event_type: "touch",
      sequence_type: "sales",
      occurred_at: at,
      details: "{}",
    })
    .execute();
}

/** The preview's verdict, then the real activation's decision, for the same request. */
async function previewThenActivate(contactId: string, campaign: string) {
  const before = await rowCounts();
  const p = await preview({ contact_id: contactId, campaign });
  expect(p.statusCode).toBe(200);
  expect(await rowCounts()).toEqual(before);
  const real = await post("/api/v1/coordinator/activations", t.revops.auth, {
    contact_id: contactId,
    campaign,
  });
  expect(real.statusCode).toBe(200);
  return { p: p.json(), real: real.json() };
}

describe("POST /api/v1/coordinator/preview", () => {
  it("opt-out: blocked at gate 1, as the real activation then decides", async () => {
    const contact = await makeContact(h.deps.db, t.clientId, { optOut: true });
    const campaign = await makeCampaign(h.deps.db, t.clientId, "sales");
    const { p, real } = await previewThenActivate(contact, campaign);
    expect(p).toMatchObject({ verdict: "blocked", action: "block", gate: 1, reason: "compliance_block" });
    expect(p.facts).toMatchObject({ opted_out: true, kind: "activation", sequence_type: "sales" });
    expect(real).toMatchObject({ decision: "block", gate: 1, reason: "compliance_block" });
  });

  it("ABM-active account: a nurture is blocked at gate 2 and the preview notifies nobody", async () => {
    const account = await makeAccount(h.deps.db, t.clientId, { tier: "T1", abm: true });
    const contact = await makeContact(h.deps.db, t.clientId, { accountId: account });
    const campaign = await makeCampaign(h.deps.db, t.clientId, "nurture");
    const { p, real } = await previewThenActivate(contact, campaign);
    expect(p).toMatchObject({ verdict: "blocked", gate: 2, reason: "abm_active_suppression", until: null });
    expect(p.facts).toMatchObject({ abm_active: true, icp_tier: "T1" });
    expect(p.trace.map((g: any) => g.gate)).toEqual([1, 2]);
    expect(real).toMatchObject({ decision: "block", gate: 2, reason: "abm_active_suppression" });
  });

  it("touch cap reached: queued at gate 3 until the oldest touch leaves the window, as the real call holds", async () => {
    const contact = await makeContact(h.deps.db, t.clientId, {
      accountId: await makeAccount(h.deps.db, t.clientId),
    });
    const oldest = new Date(NOW.getTime() - 72 * H);
    for (const at of [oldest, new Date(NOW.getTime() - 48 * H), new Date(NOW.getTime() - 24 * H)])
      await touch(contact, at);
    const campaign = await makeCampaign(h.deps.db, t.clientId, "sales");
    const { p, real } = await previewThenActivate(contact, campaign);
    const until = new Date(oldest.getTime() + 7 * 24 * H).toISOString();
    expect(p).toMatchObject({
      verdict: "queued",
      action: "hold",
      gate: 3,
      reason: "touch_cap_exceeded",
      until,
    });
    expect(p.facts).toMatchObject({
      touches_in_window: 3,
      weekly_touch_cap: 3,
      touches_today: 0,
      daily_touch_cap: 1,
    });
    expect(real).toMatchObject({ decision: "hold", gate: 3, reason: "touch_cap_exceeded", until });
  });

  it("allowed, then the same request again is a duplicate blocked at gate 5; a step preview matches the step gate", async () => {
    const contact = await makeContact(h.deps.db, t.clientId, {
      accountId: await makeAccount(h.deps.db, t.clientId),
    });
    const campaign = await makeCampaign(h.deps.db, t.clientId, "sales");
    const { p, real } = await previewThenActivate(contact, campaign);
    expect(p).toMatchObject({ verdict: "allowed", action: "allow", gate: null, reason: null, until: null });
    expect(real).toMatchObject({ decision: "allow" });
    const again = (await preview({ contact_id: contact, campaign })).json();
    expect(again).toMatchObject({ verdict: "blocked", gate: 5, reason: "already_enrolled" });
    expect(again.facts.concurrent).toEqual([
      { enrollment_id: real.enrollment_id, sequence_type: "sales", status: "active" },
    ]);
    // the enrollment's step: one touch today, so the daily cap holds it until the next UTC day
    await touch(contact, new Date(NOW.getTime() - H));
    const before = await rowCounts();
    const s = await preview({ contact_id: contact, enrollment_id: real.enrollment_id, channel: "email" });
    expect(await rowCounts()).toEqual(before);
    expect(s.json()).toMatchObject({
      verdict: "queued",
      gate: 3,
      until: "2026-03-06T00:00:00.000Z",
      facts: { kind: "step", enrollment_id: real.enrollment_id, channel: "email", touches_today: 1 },
    });
    const step = await post("/api/v1/coordinator/steps", t.revops.auth, {
      enrollment_id: real.enrollment_id,
    });
    expect(step.json()).toMatchObject({ decision: "hold", gate: 3, until: s.json().until });
    // paused (no touches): gate 5 refuses the step; as_resumed gives the step as decided once resumed
    const other = await makeContact(h.deps.db, t.clientId, {
      accountId: await makeAccount(h.deps.db, t.clientId),
    });
    const { real: r2 } = await previewThenActivate(other, campaign);
    await post(`/api/v1/enrollments/${r2.enrollment_id}/pause`, t.rep.auth, { reason: "on leave" });
    const paused = { contact_id: other, enrollment_id: r2.enrollment_id };
    expect((await preview(paused)).json()).toMatchObject({
      verdict: "blocked",
      gate: 5,
      reason: "enrollment_paused",
    });
    expect((await preview({ ...paused, as_resumed: true })).json()).toMatchObject({ verdict: "allowed" });
  });

  it("a sequence type alone previews an activation of that kind; every role reads, nobody else does", async () => {
    const account = await makeAccount(h.deps.db, t.clientId, { tier: "T1", abm: true });
    const contact = await makeContact(h.deps.db, t.clientId, { accountId: account });
    for (const who of [t.rep, t.exec, t.revops, t.slm, t.admin, t.agt304]) {
      const r = await preview({ contact_id: contact, sequence_type: "nurture" }, who.auth);
      expect([r.statusCode, r.json().gate]).toEqual([200, 2]);
    }
    expect((await preview({ contact_id: contact, sequence_type: "sales" })).json().verdict).toBe("allowed");
    let r = await h.app.inject({
      method: "POST",
      url: "/api/v1/coordinator/preview",
      payload: { contact_id: contact },
    });
    expect(r.statusCode).toBe(401);
    r = await preview({ contact_id: contact });
    expect([r.statusCode, r.json().error.code]).toEqual([422, "PREVIEW_TARGET_MISSING"]);
    r = await preview({ contact_id: contact, sequence_type: "fax" });
    expect([r.statusCode, r.json().error.code]).toEqual([400, "UNKNOWN_SEQUENCE_TYPE"]);
    const other = await createTenant(h.deps.db, "prv2");
    r = await preview({ contact_id: contact, sequence_type: "sales" }, other.rep.auth);
    expect([r.statusCode, r.json().error.code]).toEqual([404, "NOT_FOUND"]);
  });
});

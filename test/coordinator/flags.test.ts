// Proactive flags (spec 001 scheduled checks): cap warning, concurrency, stall with escalation to
// AGT-303 after 3 business days, backlog risk to rep and manager; dedup, auto-resolve, list/resolve API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SequenceType } from "../../src/db/core-tables.ts";
import { seedFlags } from "../../src/demo/seed-flags.ts";
import { scanFlags } from "../../src/flags/scan-flags.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { makeCampaign } from "./support/fixtures.ts";

const T0 = new Date("2026-11-20T12:00:00Z"); // a Friday
const DAY = 86_400_000;
let h: TestApp;

beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h.close());

async function contactOf(t: Tenant, owner = t.rep.principalId) {
  return (
    await h.deps.db
      .insertInto("contacts")
      .values({
        client_id: t.clientId,
        full_name: "P",
        email: `${Math.random()}@x.test`,
        owner_principal_id: owner,
      })
      .returning("contact_id")
      .executeTakeFirstOrThrow()
  ).contact_id;
}

async function enroll(
  t: Tenant,
  contactId: string,
  kind: SequenceType,
  status: "active" | "paused",
  enrolledAt: Date,
) {
  const campaign = await makeCampaign(h.deps.db, t.clientId, kind);
  return (
    await h.deps.db
      .insertInto("campaign_contacts")
      .values({
        client_id: t.clientId,
        contact_id: contactId,
        campaign_id: campaign,
        status,
        sequence_type: kind,
        enrolled_at: enrolledAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

async function touch(t: Tenant, contactId: string, at: Date, enrollmentId: string | null = null) {
  await h.deps.db
    .insertInto("cadence_event_log")
    .values({
      client_id: t.clientId,
      contact_id: contactId,
      enrollment_id: enrollmentId,
      occurred_at: at,
      event_type: "touch",
      sequence_type: "sales",
      details: "{}",
    })
    .execute();
}

const flags = (t: Tenant) =>
  h.deps.db
    .selectFrom("coordinator_flags")
    .selectAll()
    .where("client_id", "=", t.clientId)
    .orderBy("raised_at")
    .execute();
const notes = (t: Tenant) =>
  h.deps.db
    .selectFrom("notification_outbox")
    .selectAll()
    .where("client_id", "=", t.clientId)
    .orderBy("notification_id")
    .execute();
const scan = (t: Tenant, now: Date) => scanFlags(h.deps.db, now, { clientId: t.clientId });

describe("scanFlags", () => {
  it("warns the rep when one touch is left this week, once, and clears when the situation changes", async () => {
    const t = await createTenant(h.deps.db);
    const c = await contactOf(t);
    const e = await enroll(t, c, "sales", "active", new Date(T0.getTime() - DAY));
    await touch(t, c, new Date(T0.getTime() - 6 * DAY), e);
    await touch(t, c, new Date(T0.getTime() - DAY), e);
    // a prospect with two touches but no live sequence is not warned about
    const idle = await contactOf(t);
    await touch(t, idle, new Date(T0.getTime() - DAY));
    await touch(t, idle, new Date(T0.getTime() - DAY));
    expect((await scan(t, T0)).raised.cap_warning).toBe(1);
    const [flag] = await flags(t);
    expect(flag).toMatchObject({
      flag_type: "cap_warning",
      status: "open",
      contact_id: c,
      principal_id: t.rep.principalId,
    });
    expect(flag.details).toMatchObject({
      touches_in_window: 2,
      cap: 3,
      touches_left: 1,
      window_frees_at: new Date(T0.getTime() + DAY).toISOString(),
    });
    const [n] = await notes(t);
    expect(n).toMatchObject({
      kind: "flag.cap_warning",
      recipient_kind: "principal",
      recipient: t.rep.principalId,
    });
    // the next scan does not duplicate it
    expect(await scan(t, new Date(T0.getTime() + 60_000))).toMatchObject({
      raised: { cap_warning: 0 },
      resolved: 0,
    });
    // the oldest touch leaves the rolling window (open end at now - 7 days): one touch, no warning
    const later = new Date(T0.getTime() + DAY);
    expect((await scan(t, later)).resolved).toBe(1);
    expect((await flags(t))[0]).toMatchObject({ status: "resolved", resolution: "condition_cleared" });
  });

  it("flags a prospect in a sales and a marketing sequence at once", async () => {
    const t = await createTenant(h.deps.db);
    const c = await contactOf(t);
    await enroll(t, c, "sales", "active", T0);
    await enroll(t, c, "marketing", "active", T0);
    const solo = await contactOf(t);
    await enroll(t, solo, "sales", "active", T0);
    expect((await scan(t, T0)).raised.concurrency).toBe(1);
    expect((await flags(t)).map((f) => [f.flag_type, f.contact_id])).toEqual([["concurrency", c]]);
  });

  it("flags a stall after 7 days and passes it to AGT-303 after 3 business days without action", async () => {
    const t = await createTenant(h.deps.db);
    const c = await contactOf(t);
    const e = await enroll(t, c, "sales", "active", new Date(T0.getTime() - 10 * DAY));
    await touch(t, c, new Date(T0.getTime() - 7 * DAY), e);
    const fresh = await contactOf(t);
    await enroll(t, fresh, "sales", "active", new Date(T0.getTime() - 6 * DAY));
    expect((await scan(t, T0)).raised.stall).toBe(1);
    const [stall] = await flags(t);
    expect(stall).toMatchObject({ flag_type: "stall", enrollment_id: e, escalated_at: null });
    expect(stall.details).toMatchObject({ stalled_days: 7 });
    // Friday + 3 business days = Wednesday, same time
    expect((await scan(t, new Date("2026-11-25T11:59:00Z"))).escalated).toBe(0);
    expect((await scan(t, new Date("2026-11-25T12:00:00Z"))).escalated).toBe(1);
    expect((await scan(t, new Date("2026-11-26T12:00:00Z"))).escalated).toBe(0);
    const escalations = (await notes(t)).filter((n) => n.kind === "flag.stall_escalated");
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ recipient_kind: "agent", recipient: "AGT-303" });
    // activity on the sequence resolves the flag
    await touch(t, c, new Date("2026-11-26T13:00:00Z"), e);
    expect((await scan(t, new Date("2026-11-26T14:00:00Z"))).resolved).toBe(1);
  });

  it("flags a backlog of 10 paused prospects to the rep and the rep's manager", async () => {
    const t = await createTenant(h.deps.db);
    await h.deps.db
      .updateTable("principals")
      .set({ manager_id: t.slm.principalId })
      .where("principal_id", "=", t.rep.principalId)
      .execute();
    for (let i = 0; i < 9; i++) await enroll(t, await contactOf(t), "sales", "paused", T0);
    expect((await scan(t, T0)).raised.backlog_risk).toBe(0);
    await enroll(t, await contactOf(t), "sales", "paused", T0);
    expect((await scan(t, T0)).raised.backlog_risk).toBe(1);
    const backlog = (await notes(t)).filter((n) => n.kind === "flag.backlog_risk");
    expect(backlog.map((n) => n.recipient).sort()).toEqual([t.rep.principalId, t.slm.principalId].sort());
    expect((await flags(t)).find((f) => f.flag_type === "backlog_risk")?.details).toMatchObject({
      paused_prospects: 10,
    });
  });
});

describe("demo seeder", () => {
  it("raises what the data holds, and nothing more when run again", async () => {
    const t = await createTenant(h.deps.db);
    const c = await contactOf(t);
    await enroll(t, c, "sales", "active", new Date(T0.getTime() - 9 * DAY));
    const ctx = { db: h.deps.db, clientId: t.clientId, principals: {}, now: T0 };
    await seedFlags(ctx);
    await seedFlags(ctx);
    expect((await flags(t)).map((f) => f.flag_type)).toEqual(["stall"]);
  });
});

describe("flags API", () => {
  it("lists flags by role and resolves each once", async () => {
    const t = await createTenant(h.deps.db);
    const c = await contactOf(t);
    await enroll(t, c, "sales", "active", T0);
    await enroll(t, c, "nurture", "active", T0);
    h.clock.now = T0;
    const repScan = await h.app.inject({ method: "POST", url: "/api/v1/flags/scan", headers: t.rep.auth });
    expect(repScan.statusCode).toBe(403);
    const scanRes = await h.app.inject({ method: "POST", url: "/api/v1/flags/scan", headers: t.revops.auth });
    expect(scanRes.json()).toMatchObject({ raised: { concurrency: 1 } });

    const mine = (
      await h.app.inject({ method: "GET", url: "/api/v1/flags?status=open", headers: t.rep.auth })
    ).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.next_cursor).toBeNull();
    const flagId = mine.items[0].flag_id;
    const other = await createTenant(h.deps.db);
    expect(
      (await h.app.inject({ method: "GET", url: "/api/v1/flags", headers: other.revops.auth })).json().items,
    ).toHaveLength(0);
    const foreign = await h.app.inject({
      method: "POST",
      url: `/api/v1/flags/${flagId}/resolve`,
      headers: other.revops.auth,
      payload: {},
    });
    expect(foreign.statusCode).toBe(404);

    const resolved = await h.app.inject({
      method: "POST",
      url: `/api/v1/flags/${flagId}/resolve`,
      headers: t.rep.auth,
      payload: { note: "paused the marketing sequence" },
    });
    expect(resolved.json()).toMatchObject({
      status: "resolved",
      resolved_by: t.rep.principalId,
      resolution: "paused the marketing sequence",
    });
    const twice = await h.app.inject({
      method: "POST",
      url: `/api/v1/flags/${flagId}/resolve`,
      headers: t.revops.auth,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("FLAG_ALREADY_RESOLVED");
    // the same situation is not raised again after a person resolved it
    await h.app.inject({ method: "POST", url: "/api/v1/flags/scan", headers: t.revops.auth });
    const all = (await h.app.inject({ method: "GET", url: "/api/v1/flags", headers: t.slm.auth })).json();
    expect(all.items.map((f: { status: string }) => f.status)).toEqual(["resolved"]);
  });
});

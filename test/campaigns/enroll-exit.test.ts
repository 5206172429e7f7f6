// spec 002 enroll_contact / exit_contact / on_exit chains and the exec hand-off gate, over HTTP.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitContact } from "../../src/campaigns/index.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { DAY, defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "enr");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(() => h.close());

const enroll = (
  slug: string,
  contactId: string,
  who: TestPrincipal = t.sales,
  extra: Record<string, unknown> = {},
) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/campaigns/${slug}/enrollments`,
    headers: who.auth,
    payload: { contact_id: contactId, ...extra },
  });
const exit = (id: string, reason: string, who: TestPrincipal = t.sales) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/enrollments/${id}/exit`,
    headers: who.auth,
    payload: { reason },
  });
const enrollmentsOf = (contactId: string) =>
  h.database.db
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", "c.id", "e.campaign_id")
    .select([
      "e.id",
      "c.slug",
      "e.status",
      "e.exit_reason",
      "e.goal",
      "e.notes",
      "e.current_step",
      "e.next_send_at",
    ])
    .where("e.client_id", "=", t.clientId)
    .where("e.contact_id", "=", contactId)
    .orderBy("e.enrolled_at")
    .orderBy("e.updated_at")
    .execute();
const outbox = (contactId: string) =>
  h.database.db
    .selectFrom("crm_outbox")
    .select(["op", "payload"])
    .where("contact_id", "=", contactId)
    .orderBy("id")
    .execute();
const patchStatus = (slug: string, status: string) =>
  h.app.inject({
    method: "PATCH",
    url: `/api/v1/campaigns/${slug}`,
    headers: t.revops.auth,
    payload: { status },
  });

describe("enroll_contact", () => {
  it("enrolls at step 1 with next_send_at = enrolled_at + delay_days(1), records goal and notes, enqueues CRM writes", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const r = await enroll("b2bea_membership_close", contactId, t.sales, {
      goal: "awareness",
      notes: "from Justin",
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ outcome: "enrolled", campaign: "b2bea_membership_close" });
    const [e] = await enrollmentsOf(contactId);
    expect(e).toMatchObject({ status: "active", current_step: 1, goal: "awareness", notes: "from Justin" });
    expect(new Date(e.next_send_at!).getTime()).toBe(T0.getTime());
    expect((await outbox(contactId)).map((o) => o.op)).toEqual(["upsert_contact", "create_deal"]);
    const list = await h.app.inject({
      method: "GET",
      url: "/api/v1/campaigns/b2bea_membership_close/enrollments?status=active",
      headers: t.exec.auth,
    });
    expect(list.json().items.map((i: any) => i.contact_id)).toContain(contactId);
  });

  it("refuses a double active enrollment and changes nothing", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    expect((await enroll("b2bea_world", contactId)).statusCode).toBe(201);
    const r = await enroll("b2bea_world", contactId);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("ENROLLMENT_ALREADY_ACTIVE");
    expect(await enrollmentsOf(contactId)).toHaveLength(1);
  });

  it("refuses paused and archived campaigns, an unknown contact and a role that may not enroll", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    expect((await patchStatus("dreamborn", "paused")).statusCode).toBe(200);
    let r = await enroll("dreamborn", contactId);
    expect([r.statusCode, r.json().error.code]).toEqual([409, "CAMPAIGN_NOT_ACTIVE"]);
    expect(r.json().error.facts.status).toBe("paused");
    await patchStatus("dreamborn", "archived");
    r = await enroll("dreamborn", contactId);
    expect(r.json().error.facts.status).toBe("archived");
    await patchStatus("dreamborn", "active");
    expect(await enrollmentsOf(contactId)).toHaveLength(0);
    r = await enroll("dreamborn", "00000000-0000-4000-8000-000000000000");
    expect([r.statusCode, r.json().error.code]).toEqual([404, "ENROLL_CONTACT_NOT_FOUND"]);
    r = await enroll("dreamborn", contactId, t.slm);
    expect(r.statusCode).toBe(403);
    r = await enroll("no_such_campaign", contactId);
    expect(r.json().error.code).toBe("CAMPAIGN_NOT_FOUND");
  });

  it("bulk enrollment decides each contact on its own", async () => {
    const a = await newContact(h.database.db, t.clientId);
    const b = await newContact(h.database.db, t.clientId);
    await enroll("b2bea_membership", a.contactId, t.agt301);
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/b2bea_membership/enrollments/bulk",
      headers: t.agt301.auth,
      payload: { contacts: [{ contact_id: a.contactId }, { contact_id: b.contactId, goal: "pipeline" }] },
    });
    expect(r.statusCode).toBe(200);
    const [ra, rb] = r.json().results;
    expect(ra).toMatchObject({ ok: false, error: { code: "ENROLLMENT_ALREADY_ACTIVE" } });
    expect(rb).toMatchObject({ ok: true, result: { outcome: "enrolled" } });
  });
});

describe("exit_contact and on_exit", () => {
  it("converted → b2bea_membership_cs automatically; the deal closes won; history kept; re-enrollment allowed", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const e1 = (await enroll("b2bea_membership_close", contactId, t.sales, { goal: "credibility" })).json()
      .enrollment_id;
    h.clock.now = new Date(T0.getTime() + 8 * DAY);
    const r = await exit(e1, "converted");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: "converted",
      reason: "converted",
      next: { kind: "enrolled", campaign: "b2bea_membership_cs", outcome: "enrolled" },
    });
    const rows = await enrollmentsOf(contactId);
    expect(rows.map((x) => [x.slug, x.status, x.exit_reason])).toEqual([
      ["b2bea_membership_close", "converted", "converted"],
      ["b2bea_membership_cs", "active", null],
    ]);
    expect(rows[1].goal).toBe("credibility");
    const ops = await outbox(contactId);
    expect(ops.find((o) => o.op === "close_deal")?.payload).toMatchObject({
      enrollmentId: e1,
      outcome: "won",
    });
    const events = await h.database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "resolution"])
      .where("contact_id", "=", contactId)
      .where("event_type", "in", ["exit", "on_exit_routed"])
      .orderBy("event_id")
      .execute();
    expect(events).toEqual([
      { event_type: "exit", resolution: "converted" },
      { event_type: "on_exit_routed", resolution: "enrolled" },
    ]);
    // exiting again is refused; the engine's direct call is told it already ended
    expect((await exit(e1, "rejected")).json().error.code).toBe("ENROLLMENT_NOT_LIVE");
    const again = await h.database.db
      .transaction()
      .execute((tx) =>
        exitContact(tx, { clientId: t.clientId, enrollmentId: e1, reason: "no_engagement" }, h.clock.now!),
      );
    expect(again).toMatchObject({ already_ended: true, status: "converted" });
    // exited enrollments are history and do not block re-enrollment
    const re = await enroll("b2bea_membership_close", contactId);
    expect(re.statusCode).toBe(201);
    expect((await enrollmentsOf(contactId)).filter((x) => x.slug === "b2bea_membership_close")).toHaveLength(
      2,
    );
    h.clock.now = T0;
  });

  it("no_engagement leaves timed_out and routes nowhere; rejected closes the deal lost; unknown reasons are refused", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = (await enroll("b2bea_membership_close", contactId)).json().enrollment_id;
    expect((await exit(id, "won")).json().error.code).toBe("EXIT_REASON_UNKNOWN");
    const r = await exit(id, "no_engagement");
    expect(r.json()).toMatchObject({ status: "timed_out", next: { kind: "none" } });
    const id2 = (await enroll("b2bea_membership_close", contactId)).json().enrollment_id;
    await exit(id2, "rejected");
    const closes = (await outbox(contactId))
      .filter((o) => o.op === "close_deal")
      .map((o) => o.payload.outcome);
    expect(closes).toEqual(["lost", "lost"]);
  });

  it("cancels the ended enrollment's unsent send items", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = (await enroll("b2bea_membership_close", contactId)).json().enrollment_id;
    const c = await h.database.db
      .selectFrom("campaigns")
      .select("id")
      .where("client_id", "=", t.clientId)
      .where("slug", "=", "b2bea_membership_close")
      .executeTakeFirstOrThrow();
    await h.database.db
      .insertInto("sales_send_queue")
      .values({
        client_id: t.clientId,
        contact_id: contactId,
        campaign_id: c.id,
        enrollment_id: id,
        step_number: 1,
        channel: "email",
        scheduled_at: T0,
        idempotency_key: `${id}:1`,
      })
      .execute();
    await exit(id, "rejected");
    const item = await h.database.db
      .selectFrom("sales_send_queue")
      .select("status")
      .where("enrollment_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe("cancelled");
  });
});

describe("the exec hand-off gate", () => {
  it("a BDR meeting exit waits for the exec, who routes it; after that on_exit routes automatically", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const bdr = (await enroll("b2bea_membership", contactId, t.agt301)).json().enrollment_id;
    const r = await exit(bdr, "meeting", t.agt301);
    expect(r.json()).toMatchObject({ status: "exited", next: { kind: "handoff", gate: "exec" } });
    const handoffId = r.json().next.handoff_id;
    // nothing is enrolled until the exec decides
    expect((await enrollmentsOf(contactId)).filter((x) => x.status === "active")).toHaveLength(0);
    const open = await h.app.inject({
      method: "GET",
      url: "/api/v1/handoffs?status=open",
      headers: t.exec.auth,
    });
    expect(open.json().items.find((x: any) => x.id === handoffId)).toMatchObject({
      from_campaign: "b2bea_membership",
      exit_reason: "meeting",
      status: "open",
    });
    const route = (who: TestPrincipal, payload: unknown) =>
      h.app.inject({
        method: "POST",
        url: `/api/v1/handoffs/${handoffId}/route`,
        headers: who.auth,
        payload: payload as any,
      });
    expect((await route(t.rep, { campaigns: ["b2bea_membership_close"] })).statusCode).toBe(403);
    expect((await route(t.exec, { campaigns: ["nope"] })).json().error.code).toBe("CAMPAIGN_NOT_FOUND");
    const ok = await route(t.exec, {
      campaigns: ["b2bea_membership_close"],
      goal: "pipeline",
      notes: "Wants ICP overlap; lead with community data",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().handoff).toMatchObject({
      status: "routed",
      notes: "Wants ICP overlap; lead with community data",
    });
    expect(ok.json().enrollments[0]).toMatchObject({
      outcome: "enrolled",
      campaign: "b2bea_membership_close",
    });
    expect((await route(t.exec, { campaigns: ["b2bea_membership_close"] })).json().error.code).toBe(
      "HANDOFF_ALREADY_DECIDED",
    );
    const close = (await enrollmentsOf(contactId)).find((x) => x.slug === "b2bea_membership_close")!;
    expect(close).toMatchObject({
      status: "active",
      goal: "pipeline",
      notes: "Wants ICP overlap; lead with community data",
    });
    // after the first gate: converted routes on without a person
    const done = await exit(close.id, "converted");
    expect(done.json().next).toMatchObject({ kind: "enrolled", campaign: "b2bea_membership_cs" });
  });

  it("the exec may close a hand-off with no campaign (dreamborn: no sales campaign yet)", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const id = (await enroll("dreamborn", contactId, t.agt301)).json().enrollment_id;
    const handoffId = (await exit(id, "meeting", t.agt301)).json().next.handoff_id;
    const r = await h.app.inject({
      method: "POST",
      url: `/api/v1/handoffs/${handoffId}/route`,
      headers: t.exec.auth,
      payload: { campaigns: [], notes: "Justin calls personally" },
    });
    expect(r.json().handoff.status).toBe("closed");
    expect(r.json().enrollments).toEqual([]);
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from campaign_contacts where contact_id = ${contactId} and status = 'active'`.execute(
      h.database.db,
    );
    expect(n.rows[0].n).toBe(0);
  });
});

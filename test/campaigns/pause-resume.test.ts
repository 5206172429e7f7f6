// issue 37 item 2: pause and resume one enrollment by hand, with a reason, over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumePausedEnrollments } from "../../src/campaigns/resume-paused.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { DAY, defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "pau");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(() => h.close());

async function enrolled(slug = "b2bea_world"): Promise<{ contactId: string; enrollmentId: string }> {
  const { contactId } = await newContact(h.database.db, t.clientId);
  const r = await h.app.inject({
    method: "POST",
    url: `/api/v1/campaigns/${slug}/enrollments`,
    headers: t.rep.auth,
    payload: { contact_id: contactId },
  });
  expect(r.statusCode).toBe(201);
  return { contactId, enrollmentId: r.json().enrollment_id };
}
const act = (id: string, what: "pause" | "resume", who: TestPrincipal, payload: Record<string, unknown>) =>
  h.app.inject({ method: "POST", url: `/api/v1/enrollments/${id}/${what}`, headers: who.auth, payload });
const enrollment = (id: string) =>
  h.database.db.selectFrom("campaign_contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const events = (id: string) =>
  h.database.db
    .selectFrom("cadence_event_log")
    .select(["event_type", "resolution", "actor_principal_id", "details"])
    .where("enrollment_id", "=", id)
    .where("event_type", "in", ["paused", "resumed"])
    .orderBy("event_id")
    .execute();

describe("POST /api/v1/enrollments/:id/pause and /resume", () => {
  it("a rep pauses with a reason until resumed; the engine leaves it; a resume makes it due at once", async () => {
    const { enrollmentId } = await enrolled();
    h.clock.now = new Date(T0.getTime() + DAY);
    const p = await act(enrollmentId, "pause", t.rep, { reason: "on parental leave, call in March" });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ enrollment_id: enrollmentId, status: "paused", paused_until: null });
    expect((await enrollment(enrollmentId)).status).toBe("paused");
    // no end date: the engine's out-of-office resume does not touch it, however late
    h.clock.now = new Date(T0.getTime() + 60 * DAY);
    await resumePausedEnrollments(h.database.db, h.clock.now);
    expect((await enrollment(enrollmentId)).status).toBe("paused");
    const r = await act(enrollmentId, "resume", t.exec, { reason: "back early" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: "active", paused_until: null });
    expect(new Date(r.json().next_send_at).getTime()).toBe(h.clock.now.getTime());
    const ev = await events(enrollmentId);
    expect(ev.map((e) => [e.event_type, e.resolution, e.actor_principal_id])).toEqual([
      ["paused", "by_hand", t.rep.principalId],
      ["resumed", "by_hand", t.exec.principalId],
    ]);
    expect(ev[0].details).toMatchObject({ reason: "on parental leave, call in March", paused_until: null });
    expect(ev[1].details).toMatchObject({ reason: "back early" });
    h.clock.now = T0;
  });

  it("a pause with an end date is resumed by the engine when it passes", async () => {
    const { enrollmentId } = await enrolled("b2bea_membership_close");
    const until = new Date(T0.getTime() + 3 * DAY);
    const p = await act(enrollmentId, "pause", t.agt301, {
      reason: "trade fair week",
      until: until.toISOString(),
    });
    expect(p.json()).toMatchObject({ status: "paused", paused_until: until.toISOString() });
    expect((await resumePausedEnrollments(h.database.db, new Date(until.getTime() - 1))).resumed).toBe(0);
    await resumePausedEnrollments(h.database.db, until);
    expect((await enrollment(enrollmentId)).status).toBe("active");
  });

  it("refuses what the state table does not allow, other roles, other tenants and bad input, changing nothing", async () => {
    const { enrollmentId } = await enrolled();
    let r = await act(enrollmentId, "resume", t.rep, { reason: "x" });
    expect([r.statusCode, r.json().error.code]).toEqual([409, "ENROLLMENT_NOT_PAUSED"]);
    expect((await act(enrollmentId, "pause", t.revops, { reason: "x" })).statusCode).toBe(200);
    r = await act(enrollmentId, "pause", t.revops, { reason: "again" });
    expect([r.statusCode, r.json().error.code]).toEqual([409, "ENROLLMENT_NOT_PAUSABLE"]);
    expect(r.json().error.next_action).toMatch(/resume/);
    r = await act(enrollmentId, "resume", t.slm, { reason: "x" });
    expect([r.statusCode, r.json().error.code]).toEqual([403, "FORBIDDEN_ROLE"]);
    r = await act(enrollmentId, "resume", t.rep, {});
    expect(r.statusCode).toBe(400);
    const other = await createTenant(h.database.db, "pau2");
    r = await act(enrollmentId, "resume", other.rep, { reason: "x" });
    expect([r.statusCode, r.json().error.code]).toEqual([404, "ENROLLMENT_NOT_FOUND"]);
    expect((await enrollment(enrollmentId)).status).toBe("paused");
    // an ended enrollment cannot be paused
    await act(enrollmentId, "resume", t.rep, { reason: "x" });
    await h.app.inject({
      method: "POST",
      url: `/api/v1/enrollments/${enrollmentId}/exit`,
      headers: t.rep.auth,
      payload: { reason: "disqualified" },
    });
    r = await act(enrollmentId, "pause", t.rep, { reason: "x" });
    expect([r.statusCode, r.json().error.facts.status]).toEqual([409, "exited"]);
    const fresh = await enrolled("dreamborn");
    r = await act(fresh.enrollmentId, "pause", t.rep, { reason: "x", until: T0.toISOString() });
    expect([r.statusCode, r.json().error.code]).toEqual([422, "PAUSE_UNTIL_PAST"]);
    expect((await enrollment(fresh.enrollmentId)).status).toBe("active");
    expect(await events(fresh.enrollmentId)).toEqual([]);
  });
});

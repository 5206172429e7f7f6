// The bulk routes over HTTP (issue 14): the exec routes a list of hand-offs, a rep marks a list of
// manual touches done, each in one call, with a result per item in the list's order, as one call
// per item would answer. Roles and bodies are checked as on every route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { exitEnrollment } from "../../src/campaigns/exit-contact.ts";
import { optOut } from "../../src/coordinator/index.ts";
import { decideDrafts } from "../../src/engine/approve-drafts.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { finishDraft } from "../../src/simulation/simulate-days.ts";
import { defineSpecCampaigns, newContact } from "../campaigns/helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepSales } from "./engine-harness.ts";

const T0 = new Date("2026-04-06T10:00:00Z");
const UNKNOWN = "00000000-0000-4000-8000-00000000dead";
const CLOSE = "b2bea_membership_close";

describe("bulk routes over HTTP", () => {
  let h: TestApp;
  let t: Tenant;
  let deps: EngineDeps;
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = T0;
    deps = await engineDeps(h.database);
    t = await createTenant(h.database.db, "bulkapi");
  });
  afterAll(() => h.close());

  const post = (url: string, who: { auth: Record<string, string> }, payload: unknown) =>
    h.app.inject({ method: "POST", url, headers: who.auth, payload: payload as never });

  it("the exec routes a list of hand-offs: a result per hand-off, in order", async () => {
    const db = h.database.db;
    await defineSpecCampaigns(db, t.revops, T0);
    const handoffs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { contactId } = await newContact(db, t.clientId, `Met ${i}`);
      const e = await enrollContact(db, t.agt301, { campaign: "b2bea_membership", contactId }, T0);
      const x = await exitEnrollment(db, t.agt301, { enrollmentId: e.enrollment_id!, reason: "meeting" }, T0);
      if (x.next.kind !== "handoff") throw new Error("expected a hand-off");
      handoffs.push(x.next.handoff_id);
    }
    const items = [
      { handoff_id: handoffs[0], campaigns: [CLOSE], goal: "pipeline", notes: "met at the fair" },
      { handoff_id: handoffs[1], campaigns: [] },
      { handoff_id: UNKNOWN, campaigns: [CLOSE] },
      { handoff_id: handoffs[2], campaigns: ["nope"] },
    ];
    expect((await post("/api/v1/handoffs/route", t.rep, { items })).statusCode).toBe(403);

    const r = await post("/api/v1/handoffs/route", t.exec, { items });
    expect(r.statusCode, r.body).toBe(200);
    const results = r.json().results;
    expect(results.map((x: any) => [x.handoff_id, x.ok, x.handoff?.status ?? x.error.code])).toEqual([
      [handoffs[0], true, "routed"],
      [handoffs[1], true, "closed"],
      [UNKNOWN, false, "HANDOFF_NOT_FOUND"],
      [handoffs[2], false, "CAMPAIGN_NOT_FOUND"],
    ]);
    expect(results[0].enrollments).toHaveLength(1);
    expect(results[0].enrollments[0]).toMatchObject({ campaign: CLOSE, outcome: "enrolled" });
    expect(results[1].enrollments).toEqual([]);
    expect(results[2].error.next_action).toEqual(expect.any(String));
    // the refused one stays open; routing it again one at a time works as before
    const open = await h.app.inject({
      method: "GET",
      url: `/api/v1/handoffs/${handoffs[2]}`,
      headers: t.exec.auth,
    });
    expect(open.json().status).toBe("open");
    const again = await post(`/api/v1/handoffs/${handoffs[2]}/route`, t.exec, { campaigns: [] });
    expect(again.json().handoff.status).toBe("closed");
  });

  it("refuses a malformed list before routing anything", async () => {
    const bad = [
      { items: [] },
      { items: [{ handoff_id: "not-a-uuid", campaigns: [] }] },
      { items: [{ handoff_id: UNKNOWN, campaigns: [], extra: 1 }] },
      { items: Array.from({ length: 501 }, () => ({ handoff_id: UNKNOWN, campaigns: [] })) },
    ];
    for (const body of bad) {
      const r = await post("/api/v1/handoffs/route", t.exec, body);
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
  });

  it("a rep marks a list of manual touches done: each touch recorded, each refusal in its slot", async () => {
    const db = h.database.db;
    await oneStepSales(db, t.revops, "bulkapi_li", T0, { channel: "linkedin", instructions: "Hi." });
    const contacts: string[] = [];
    for (let i = 0; i < 3; i++) contacts.push(await addContact(db, t.clientId, `Touch ${i}`));
    for (const contactId of contacts)
      await enrollContact(db, t.exec, { campaign: "bulkapi_li", contactId }, T0);
    await runEngineOnce(deps, T0, { workerId: "t", batch: 50, onError: (e) => Promise.reject(e) });
    const drafts = await db
      .selectFrom("staged_drafts")
      .select(["id", "subject", "body"])
      .where("client_id", "=", t.clientId)
      .where("status", "=", "pending")
      .where("channel", "=", "linkedin")
      .execute();
    expect(drafts).toHaveLength(3);
    // approved as the exec finishes them (the server approves no [placeholder])
    const finished = new Map(drafts.map((x) => [x.id, finishDraft(x.subject, x.body) ?? {}]));
    await decideDrafts(db, t.exec, [...finished.keys()], { action: "approve" }, T0, finished);
    const tasks = (
      await h.app.inject({ method: "GET", url: "/api/v1/rep-tasks", headers: t.rep.auth })
    ).json().items as { id: string; contact_id: string }[];
    const taskOf = (c: string) => tasks.find((x) => x.contact_id === c)!.id;
    await optOut(
      db,
      null,
      { clientId: t.clientId, contactId: contacts[2], flag: "opt_out", source: "test" },
      T0,
    );
    const ids = [taskOf(contacts[0]), taskOf(contacts[1]), taskOf(contacts[2]), taskOf(contacts[0]), UNKNOWN];

    expect((await post("/api/v1/rep-tasks/done", t.revops, { ids })).statusCode).toBe(403);
    const r = await post("/api/v1/rep-tasks/done", t.rep, { ids });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().results.map((x: any) => [x.id, x.ok, x.task?.status ?? x.error.code])).toEqual([
      [ids[0], true, "done"],
      [ids[1], true, "done"],
      [ids[2], false, "REP_TASK_CANCELLED_CONTACT"],
      [ids[3], false, "REP_TASK_CLOSED"],
      [UNKNOWN, false, "NOT_FOUND"],
    ]);
    const touches = await db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "channel"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .where("contact_id", "in", contacts)
      .orderBy("event_id")
      .execute();
    expect(touches.map((x) => contacts.indexOf(x.contact_id!)).sort()).toEqual([0, 1]);
    expect(touches.every((x) => x.channel === "linkedin")).toBe(true);

    for (const body of [{ ids: [] }, { ids: ["nope"] }, { ids: [UNKNOWN], more: true }]) {
      expect((await post("/api/v1/rep-tasks/done", t.rep, body)).statusCode).toBe(400);
    }
  });
});

// Issue 72 item 1 over HTTP: RevOps, the sales leader and admins see the automation classes; RevOps
// and admins close one by hand (Baton stops acting alone on it at once) and reopen it to earning
// (its tally at 0: never opened outright). Each change is an event; the roles are checked before the
// body is read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import type { Classification } from "../../src/replies/classifier.ts";
import { addContact, oneStepNurture } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { openEveryClass } from "../support/automation.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const no = {
  name: "fixed",
  classify: async (): Promise<Classification & { language: string }> => ({
    intent: "not_interested",
    returnDate: null,
    confidence: 0.99,
    by: "fixed",
    language: "de",
  }),
};

let h: TestApp;
let t: Tenant;
const PATH = "/api/v1/replies/automation";

beforeAll(async () => {
  setCampaignPorts({ classifier: no });
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "autoapi");
  await openEveryClass(h.database.db, t.clientId, T0);
  await oneStepNurture(h.database.db, t.revops, "autoapi_nurture", T0);
});
afterAll(async () => {
  setCampaignPorts({});
  await h.close();
});

const call = (method: "GET" | "POST", url: string, headers: Record<string, string>, payload?: unknown) =>
  h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const replyNo = async () => {
  const c = await addContact(h.database.db, t.clientId, "Nein Danke");
  await enrollContact(h.database.db, t.exec, { campaign: "autoapi_nurture", contactId: c }, T0);
  return processReply(h.database.db, t.agt301, { contactId: c, text: "Nein danke", receivedAt: T0 }, T0);
};

describe("the automation classes' routes", () => {
  it("RevOps, slm and admins read them; a rep, an exec and an agent are refused", async () => {
    for (const who of [t.revops, t.slm, t.admin]) {
      const r = await call("GET", PATH, who.auth);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().rule).toEqual({ min_decisions: 30, min_agreement: 0.97, spot_check_every: 10 });
      expect(r.json().items).toContainEqual(
        expect.objectContaining({ intent: "not_interested", language: "de", state: "open", decided: 30 }),
      );
    }
    for (const who of [t.rep, t.exec, t.agt301]) {
      const r = await call("GET", PATH, who.auth);
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
    }
  });

  it("a close by hand stops Baton acting alone at once; a reopening returns it to earning, not open", async () => {
    expect(await replyNo()).toMatchObject({ triage: "auto", action: "exited" });
    const key = { intent: "not_interested", language: "de" };
    for (const who of [t.slm, t.rep, t.agt301])
      expect((await call("POST", `${PATH}/close`, who.auth, key)).statusCode).toBe(403);
    const closed = await call("POST", `${PATH}/close`, t.revops.auth, key);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: "closed_by_hand", closed_by: t.revops.principalId });
    // again: nothing changes, no second event
    expect((await call("POST", `${PATH}/close`, t.admin.auth, key)).json().state).toBe("closed_by_hand");
    expect(await replyNo()).toMatchObject({ triage: "pending", action: "held" });

    const reopened = await call("POST", `${PATH}/reopen`, t.admin.auth, key);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ state: "closed", decided: 0, agreed: 0, to_earn: 30 });
    expect(await replyNo()).toMatchObject({ triage: "pending" });
    const again = await call("POST", `${PATH}/reopen`, t.revops.auth, key);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("AUTOMATION_CLASS_NOT_CLOSED_BY_HAND");

    const events = await h.database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "resolution", "actor_principal_id", "details"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "in", ["automation_closed", "automation_reopened"])
      .orderBy("event_id")
      .execute();
    expect(events.map((e) => [e.event_type, e.resolution, e.actor_principal_id])).toEqual([
      ["automation_closed", "by_hand", t.revops.principalId],
      ["automation_reopened", "by_hand", t.admin.principalId],
    ]);
    expect(events[0].details).toMatchObject({
      intent: "not_interested",
      language: "de",
      was: "open",
      decided: 30,
    });
  });

  it("refuses a class that is never earned, and a language that is no code", async () => {
    for (const body of [
      { intent: "referral", language: "en" },
      { intent: "unsubscribe", language: "en" },
      { intent: "not_interested", language: "English" },
    ]) {
      const r = await call("POST", `${PATH}/close`, t.revops.auth, body);
      expect(r.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
  });
});

// issue 37 item 2: what the prospect page's actions need: a prospect's enrollments, the classifier's
// reading of a reply (nothing stored), and a reply logged with the class a person chose.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "pra");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(() => h.close());

const call = (method: "GET" | "POST", url: string, auth: { authorization: string }, payload?: object) =>
  h.app.inject({ method, url, headers: auth, payload: payload as any });

describe("prospect actions over HTTP", () => {
  it("classifies without storing, logs a reply with a person's class, lists the prospect's enrollments", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId);
    const e = await call("POST", "/api/v1/campaigns/b2bea_membership/enrollments", t.rep.auth, {
      contact_id: contactId,
    });
    const text = "Can we book a call on Thursday?";
    const c = await call("POST", "/api/v1/replies/classify", t.rep.auth, { text });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ intent: "meeting", return_date: null });
    const stored = await h.database.db
      .selectFrom("campaign_replies")
      .select("id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(stored).toEqual([]);
    expect((await call("POST", "/api/v1/replies/classify", t.slm.auth, { text })).statusCode).toBe(403);
    // the rep reads it as small talk: the sequence goes on
    const r = await call("POST", "/api/v1/replies", t.rep.auth, {
      contact_id: contactId,
      text,
      received_at: T0.toISOString(),
      intent: "other",
    });
    expect(r.json()).toMatchObject({ intent: "other", action: "continued", exit: null });
    expect(r.json().classified_by).toBe("a person (the classifier read meeting)");
    const list = await call("GET", `/api/v1/contacts/${contactId}/enrollments`, t.slm.auth);
    const { name } = await h.database.db
      .selectFrom("campaigns")
      .select("name")
      .where("client_id", "=", t.clientId)
      .where("slug", "=", "b2bea_membership")
      .executeTakeFirstOrThrow();
    expect(name).not.toBe("b2bea_membership");
    // issue 60 item 5: the listing carries the campaign's name for a person, the slug beside it
    expect(list.json().items).toMatchObject([
      { id: e.json().enrollment_id, campaign: "b2bea_membership", campaign_name: name, status: "active" },
    ]);
    const byCampaign = await call("GET", "/api/v1/campaigns/b2bea_membership/enrollments", t.slm.auth);
    expect(byCampaign.json().items[0]).toMatchObject({ campaign: "b2bea_membership", campaign_name: name });
    const other = await createTenant(h.database.db, "pra2");
    expect(
      (await call("GET", `/api/v1/contacts/${contactId}/enrollments`, other.rep.auth)).json().items,
    ).toEqual([]);
    const header = await call("GET", `/api/v1/workspace/contacts/${contactId}`, t.rep.auth);
    expect(header.json().abm_active).toBe(false);
  });
});

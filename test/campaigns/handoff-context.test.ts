// issue 37 item 1: an open hand-off carries the reply that caused it, the prospect's company and
// the campaigns to suggest, so the exec decides from the list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { openEveryClass } from "../support/automation.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

beforeAll(async () => {
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "hoc");
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(h.database.db, t.clientId);
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(() => h.close());

describe("GET /api/v1/handoffs", () => {
  it("a BDR reply asking for a call opens a hand-off listed with its reply and the close campaign first", async () => {
    const { contactId } = await newContact(h.database.db, t.clientId, "Priya Raman");
    const e = await h.app.inject({
      method: "POST",
      url: "/api/v1/campaigns/b2bea_membership/enrollments",
      headers: t.agt301.auth,
      payload: { contact_id: contactId },
    });
    expect(e.statusCode).toBe(201);
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/replies",
      headers: t.agt301.auth,
      payload: {
        contact_id: contactId,
        text: "Can we book a call on Thursday?",
        received_at: T0.toISOString(),
      },
    });
    expect(r.json()).toMatchObject({
      intent: "meeting",
      action: "exited",
      exit: { next: { kind: "handoff" } },
    });
    const list = await h.app.inject({
      method: "GET",
      url: "/api/v1/handoffs?status=open",
      headers: t.exec.auth,
    });
    const [item] = list.json().items;
    expect(item).toMatchObject({
      contact_id: contactId,
      contact_name: "Priya Raman",
      company: "Priya Raman Co",
      from_campaign: "b2bea_membership",
      reply: { body: "Can we book a call on Thursday?", intent: "meeting", channel: "email" },
    });
    expect(item.suggested_campaigns[0].slug).toBe("b2bea_membership_close");
    const one = await h.app.inject({
      method: "GET",
      url: `/api/v1/handoffs/${item.id}`,
      headers: t.exec.auth,
    });
    expect(one.json().reply.body).toBe("Can we book a call on Thursday?");
  });
});

// Issue 56 item 3: the reply triage queue over HTTP: roles before arguments, the list with its
// cursor, one reply, decide, bulk decide, the count, the JSONL export and the agreement rate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCampaignPorts } from "../../src/campaigns/index.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

let h: TestApp;
let t: Tenant;

const fixed = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [intent, conf] = text.split(" ")[0].split("~");
    return {
      intent: intent as ReplyIntent,
      returnDate: null,
      confidence: conf ? Number(conf) : 1,
      by: "fixed",
    };
  },
};

beforeAll(async () => {
  setCampaignPorts({ classifier: fixed });
  h = await testApp();
  h.clock.now = T0;
  t = await createTenant(h.database.db, "tapi");
  await defineSpecCampaigns(h.database.db, t.revops, T0);
});
afterAll(async () => {
  setCampaignPorts({});
  await h.close();
});

async function heldReply(slug = "b2bea_membership_close", text = "other who are you?") {
  const { contactId } = await newContact(h.database.db, t.clientId);
  const e = await h.app.inject({
    method: "POST",
    url: `/api/v1/campaigns/${slug}/enrollments`,
    headers: t.sales.auth,
    payload: { contact_id: contactId, goal: "awareness" },
  });
  const r = await h.app.inject({
    method: "POST",
    url: "/api/v1/replies",
    headers: t.agt301.auth,
    payload: { contact_id: contactId, text, received_at: h.clock.now!.toISOString() },
  });
  expect(r.json()).toMatchObject({ action: "held", triage: "pending" });
  return { contactId, enrollmentId: e.json().enrollment_id as string, replyId: r.json().reply_id as string };
}

describe("/api/v1/replies/triage", () => {
  it("lists oldest first with a cursor; counts; reads one; the exec sees roles.sales replies", async () => {
    const a = await heldReply();
    h.clock.now = new Date(T0.getTime() + 60_000);
    const b = await heldReply();
    const p1 = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/triage?limit=1",
      headers: t.exec.auth,
    });
    expect(p1.statusCode).toBe(200);
    expect(p1.json().items.map((x: { reply_id: string }) => x.reply_id)).toEqual([a.replyId]);
    const p2 = await h.app.inject({
      method: "GET",
      url: `/api/v1/replies/triage?limit=1&cursor=${p1.json().next_cursor}`,
      headers: t.exec.auth,
    });
    expect(p2.json().items.map((x: { reply_id: string }) => x.reply_id)).toEqual([b.replyId]);
    const count = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/triage/count",
      headers: t.rep.auth,
    });
    expect(count.json()).toMatchObject({ pending: 2, oldest_received_at: T0.toISOString() });
    const one = await h.app.inject({
      method: "GET",
      url: `/api/v1/replies/triage/${a.replyId}`,
      headers: t.rep.auth,
    });
    expect(one.json()).toMatchObject({
      reply_id: a.replyId,
      own_text: "other who are you?",
      quoted_text: null,
    });
    expect(one.json().choices).toHaveLength(7);
    // owner=me: the contacts this principal owns
    await h.database.db
      .updateTable("contacts")
      .set({ owner_principal_id: t.rep.principalId })
      .where("contact_id", "=", b.contactId)
      .execute();
    const mine = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/triage?owner=me",
      headers: t.rep.auth,
    });
    expect(mine.json().items.map((x: { reply_id: string }) => x.reply_id)).toEqual([b.replyId]);
  });

  it("checks the role before the arguments", async () => {
    const r = await h.app.inject({
      method: "POST",
      url: "/api/v1/replies/triage/not-a-uuid/decide",
      headers: t.agt901.auth,
      payload: { nonsense: true },
    });
    // a brain agent does not triage (issue 73 item 3: the reply_triage role), refused before its arguments
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
    const sales = await h.app.inject({
      method: "POST",
      url: "/api/v1/replies/triage/not-a-uuid/decide",
      headers: t.sales.auth,
      payload: { nonsense: true },
    });
    expect([400, 422]).toContain(sales.statusCode);
    const examples = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/examples.jsonl?limit=0",
      headers: t.rep.auth,
    });
    expect(examples.statusCode).toBe(403);
  });

  it("decides one (409 for the second decider), bulk decides, exports JSONL, reports agreement", async () => {
    const a = await heldReply();
    const d = await h.app.inject({
      method: "POST",
      url: `/api/v1/replies/triage/${a.replyId}/decide`,
      headers: t.rep.auth,
      payload: { decision: "exit", exit_reason: "rejected" },
    });
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({
      reply: { status: "decided", decision: { decision: "exit", intent: "not_interested" } },
    });
    const again = await h.app.inject({
      method: "POST",
      url: `/api/v1/replies/triage/${a.replyId}/decide`,
      headers: t.revops.auth,
      payload: { decision: "continue" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("REPLY_ALREADY_DECIDED");
    const list = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/triage?limit=200",
      headers: t.revops.auth,
    });
    const ids = list.json().items.map((x: { reply_id: string }) => x.reply_id);
    const bulk = await h.app.inject({
      method: "POST",
      url: "/api/v1/replies/triage/decide",
      headers: t.revops.auth,
      payload: { reply_ids: ids, decision: "continue" },
    });
    expect(bulk.json().results.every((x: { ok: boolean }) => x.ok)).toBe(true);
    const count = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/triage/count",
      headers: t.revops.auth,
    });
    expect(count.json().pending).toBe(0);
    const jsonl = await h.app.inject({
      method: "GET",
      url: "/api/v1/replies/examples.jsonl",
      headers: t.revops.auth,
    });
    expect(jsonl.headers["content-type"]).toMatch(/application\/x-ndjson/);
    const lines = jsonl.body
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(ids.length + 1);
    const agreement = await h.app.inject({
      method: "GET",
      url: "/api/v1/learning/reply-agreement",
      headers: t.slm.auth,
    });
    expect(agreement.json().overall).toMatchObject({ decided: ids.length + 1 });
  });

  it("sets and reads a campaign's reply policy; refuses a bad one", async () => {
    const ok = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/dreamborn",
      headers: t.revops.auth,
      payload: { reply_policy: { colleagues: { action: "pause", days: 7 } } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().reply_policy).toEqual({
      other_campaigns: { action: "pause", days: 14 },
      colleagues: { action: "pause", days: 7 },
    });
    const bad = await h.app.inject({
      method: "PATCH",
      url: "/api/v1/campaigns/dreamborn",
      headers: t.revops.auth,
      payload: { reply_policy: { colleagues: { action: "stop", days: 3 } } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe("CAMPAIGN_REPLY_POLICY_INVALID");
  });
});

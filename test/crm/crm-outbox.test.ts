// The CRM outbox with the built-in CRM and with Attio (a local stand-in following its documented
// shapes): writes enqueued in the caller's transaction, applied in order, retried, dead-lettered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { BuiltinCrm } from "../../src/crm/builtin-crm.ts";
import { createCrmAdapter } from "../../src/crm/create-crm-adapter.ts";
import type { CrmAdapter } from "../../src/crm/crm-adapter.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import type { Database } from "../../src/db/connect.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment, setContactOwner } from "./crm-fixtures.ts";

let database: Database;
let attio: AttioStandIn;
const t0 = new Date("2026-03-02T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  database = await testDatabase();
  attio = await startAttioStandIn();
});
afterAll(async () => {
  await attio.close();
  await database.close();
});

async function enqueueLifecycle(clientId: string, contactId: string, enrollmentId: string) {
  // one transaction, as the engine does when it enrolls, touches and exits
  await database.db.transaction().execute(async (tx) => {
    await enqueueCrmWrite(tx, clientId, { op: "upsert_contact", contactId });
    await enqueueCrmWrite(tx, clientId, {
      op: "create_deal",
      contactId,
      enrollmentId,
      name: "B2BEA membership",
    });
    await enqueueCrmWrite(tx, clientId, {
      op: "log_activity",
      contactId,
      channel: "email",
      contentType: "follow_up",
      occurredAt: t0.toISOString(),
      note: "Step 1 follow_up sent",
    });
    await enqueueCrmWrite(tx, clientId, { op: "update_deal_stage", enrollmentId, stage: "engaged" });
    await enqueueCrmWrite(tx, clientId, { op: "close_deal", enrollmentId, outcome: "won" });
  });
}

describe("CRM outbox with the built-in CRM", () => {
  it("applies contact, deal, activity, stage and close in order", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Dana Reyes", "dana@reyes.example");
    const enrollmentId = await addEnrollment(database.db, t.clientId, contactId);
    await enqueueLifecycle(t.clientId, contactId, enrollmentId);
    const adapter = createCrmAdapter(database.db, {
      attio: undefined,
      hubspot: undefined,
      secret: "test-secret",
    });
    expect(adapter.name).toBe("builtin");
    const r = await drainCrmOutbox(database.db, adapter, t0);
    expect(r).toEqual({ applied: 5, retried: 0, dead: 0 });
    const contact = await database.db
      .selectFrom("crm_contacts")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(contact).toMatchObject([
      { full_name: "Dana Reyes", email: "dana@reyes.example", company: "Reyes Corp" },
    ]);
    const deals = await database.db
      .selectFrom("crm_deals")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(deals).toMatchObject([{ name: "B2BEA membership", stage: "won" }]);
    expect(deals[0]?.closed_at).not.toBeNull();
    const acts = await database.db
      .selectFrom("crm_activities")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(acts).toMatchObject([
      { channel: "email", content_type: "follow_up", note: "Step 1 follow_up sent" },
    ]);
    expect(await drainCrmOutbox(database.db, adapter, t0)).toEqual({ applied: 0, retried: 0, dead: 0 });
  });

  it("enqueued writes roll back with the caller's transaction (no touch, no CRM write)", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Rolled Back", null);
    await expect(
      database.db.transaction().execute(async (tx) => {
        await enqueueCrmWrite(tx, t.clientId, { op: "upsert_contact", contactId });
        throw new Error("touch failed");
      }),
    ).rejects.toThrow("touch failed");
    const n = await database.db
      .selectFrom("crm_outbox")
      .select("id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(n).toHaveLength(0);
  });

  it("skips stage changes of an enrollment that never had a deal (not a sales campaign)", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Nurture Only", "n@o.example");
    const enrollmentId = await addEnrollment(database.db, t.clientId, contactId);
    await enqueueCrmWrite(database.db, t.clientId, { op: "close_deal", enrollmentId, outcome: "lost" });
    expect(await drainCrmOutbox(database.db, new BuiltinCrm(database.db), t0)).toEqual({
      applied: 1,
      retried: 0,
      dead: 0,
    });
  });
});

describe("CRM outbox with Attio (stand-in)", () => {
  it("maps to people, deals and notes with Attio's request shapes", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Morgan Lee Hart", "morgan@hart.example");
    const enrollmentId = await addEnrollment(database.db, t.clientId, contactId);
    attio.addMember(await setContactOwner(database.db, t.clientId, contactId, t.slm.principalId));
    await enqueueLifecycle(t.clientId, contactId, enrollmentId);
    const adapter = createCrmAdapter(database.db, {
      attio: { baseUrl: attio.baseUrl, apiKey: attio.apiKey },
      hubspot: undefined,
      secret: "test-secret",
    });
    expect(adapter.name).toBe("attio");
    const before = attio.requests.length;
    expect(await drainCrmOutbox(database.db, adapter, t0)).toEqual({ applied: 5, retried: 0, dead: 0 });
    const reqs = attio.requests.slice(before);
    expect(reqs.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /v2/objects/people/records?matching_attribute=email_addresses",
      "POST /v2/objects/deals/records",
      "POST /v2/notes",
      expect.stringMatching(/^PATCH \/v2\/objects\/deals\/records\/[0-9a-f-]{36}$/),
      expect.stringMatching(/^PATCH \/v2\/objects\/deals\/records\/[0-9a-f-]{36}$/),
    ]);
    expect(reqs[0]?.body).toEqual({
      data: {
        values: {
          name: [{ first_name: "Morgan", last_name: "Lee Hart", full_name: "Morgan Lee Hart" }],
          email_addresses: [{ email_address: "morgan@hart.example" }],
        },
      },
    });
    const person = [...attio.records.values()].find(
      (r) => r.object === "people" && JSON.stringify(r.values).includes("morgan@"),
    );
    expect(reqs[1]?.body.data.values).toEqual({
      name: "B2BEA membership",
      stage: "Lead",
      owner: [{ workspace_member_email_address: `slm@${t.clientId}.test` }],
      associated_people: [{ target_object: "people", target_record_id: person?.record_id }],
    });
    expect(reqs[2]?.body.data).toMatchObject({
      parent_object: "people",
      parent_record_id: person?.record_id,
      format: "plaintext",
      content: "Step 1 follow_up sent",
      created_at: t0.toISOString(),
    });
    expect(reqs[3]?.body).toEqual({ data: { values: { stage: "In Progress" } } });
    expect(reqs[4]?.body).toEqual({ data: { values: { stage: "Won 🎉" } } });
  });

  it("retries 429 and 500 with backoff, keeping the contact's order, and never loses a write", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Sam Ortiz", "sam@ortiz.example");
    const enrollmentId = await addEnrollment(database.db, t.clientId, contactId);
    attio.addMember(await setContactOwner(database.db, t.clientId, contactId, t.slm.principalId));
    await enqueueLifecycle(t.clientId, contactId, enrollmentId);
    const adapter = new AttioCrm({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });
    attio.failNext(429);
    const first = await drainCrmOutbox(database.db, adapter, t0);
    // the head write failed: the contact's later writes wait behind it
    expect(first).toEqual({ applied: 0, retried: 1, dead: 0 });
    const row = await database.db
      .selectFrom("crm_outbox")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    expect(row.last_error).toContain("429");
    expect(new Date(row.next_attempt_at)).toEqual(later(15_000));
    expect(await drainCrmOutbox(database.db, adapter, later(5_000))).toEqual({
      applied: 0,
      retried: 0,
      dead: 0,
    });
    attio.failNext(500);
    expect(await drainCrmOutbox(database.db, adapter, later(15_000))).toEqual({
      applied: 0,
      retried: 1,
      dead: 0,
    });
    expect(await drainCrmOutbox(database.db, adapter, later(60_000))).toEqual({
      applied: 5,
      retried: 0,
      dead: 0,
    });
    const deal = [...attio.records.values()].find((r) => r.object === "deals" && r.values.stage === "Won 🎉");
    expect(deal).toBeTruthy();
  });

  it("dead-letters a permanent 4xx at once and after N transient failures; later writes go on", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Pat Kim", "pat@kim.example");
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    await enqueueCrmWrite(database.db, t.clientId, {
      op: "log_activity",
      contactId,
      channel: "linkedin",
      contentType: "follow_up",
      occurredAt: t0.toISOString(),
      note: "LinkedIn touch done",
    });
    const broken: CrmAdapter = new AttioCrm({ baseUrl: attio.baseUrl, apiKey: "wrong-key" });
    expect(await drainCrmOutbox(database.db, broken, t0, { limit: 1 })).toEqual({
      applied: 0,
      retried: 0,
      dead: 1,
    });
    const adapter = new AttioCrm({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });
    attio.failNext(500, 3);
    let now = t0;
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await drainCrmOutbox(database.db, adapter, now, { maxAttempts: 3 }));
      now = later(3_600_000 * (i + 1));
    }
    expect(results).toEqual([
      { applied: 0, retried: 1, dead: 0 },
      { applied: 0, retried: 1, dead: 0 },
      { applied: 0, retried: 0, dead: 1 },
    ]);
    const rows = await database.db
      .selectFrom("crm_outbox")
      .select(["op", "status", "attempts", "last_error"])
      .where("client_id", "=", t.clientId)
      .orderBy("id")
      .execute();
    expect(rows).toMatchObject([
      { op: "upsert_contact", status: "dead", attempts: 1 },
      { op: "log_activity", status: "dead", attempts: 3 },
    ]);
    expect(rows[0]?.last_error).toContain("401");
  });
});

// Issue 58 review findings on Attio, each against the strict stand-in (test/support/attio-stand-in.ts),
// the broken case beside the real one:
//   - Attio's Deal requires `owner`: a deal without one is refused, as Attio refuses it;
//   - 429's Retry-After is an HTTP date and is honoured; 409 (a uniqueness conflict) is permanent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import type { Database } from "../../src/db/connect.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment, setContactOwner } from "./crm-fixtures.ts";

let database: Database;
let attio: AttioStandIn;
let adapter: AttioCrm;
const t0 = new Date("2026-03-02T10:00:00Z");

beforeAll(async () => {
  database = await testDatabase();
  attio = await startAttioStandIn();
  adapter = new AttioCrm({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });
});
afterAll(async () => {
  await attio.close();
  await database.close();
});

async function outbox(clientId: string) {
  return database.db
    .selectFrom("crm_outbox")
    .select(["op", "status", "attempts", "last_error", "next_attempt_at"])
    .where("client_id", "=", clientId)
    .orderBy("id")
    .execute();
}

async function dealFor(name: string, email: string) {
  const t = await createTenant(database.db);
  const contactId = await addContact(database.db, t.clientId, name, email);
  const enrollmentId = await addEnrollment(database.db, t.clientId, contactId);
  await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
  await enqueueCrmWrite(database.db, t.clientId, { op: "create_deal", contactId, enrollmentId, name });
  return { t, contactId, enrollmentId };
}

describe("Attio deals have an owner", () => {
  it("the stand-in refuses a deal without owner as Attio does (the request Baton used to send)", async () => {
    const res = await fetch(`${attio.baseUrl}/v2/objects/deals/records`, {
      method: "POST",
      headers: { authorization: `Bearer ${attio.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { values: { name: "Old shape", stage: "Lead", associated_people: [] } } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "validation_type",
      message: expect.stringContaining("owner"),
    });
  });

  it("writes the contact's owner as a workspace-member reference by email", async () => {
    const { t, contactId } = await dealFor("Ada Quinn", "ada@quinn.example");
    const email = await setContactOwner(database.db, t.clientId, contactId, t.slm.principalId);
    attio.addMember(email);
    expect(await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).toEqual({
      applied: 2,
      retried: 0,
      dead: 0,
    });
    const deal = [...attio.records.values()].find(
      (r) => r.object === "deals" && r.values.name === "Ada Quinn",
    );
    expect(deal?.values.owner).toEqual([{ workspace_member_email_address: email }]);
  });

  it("falls back to the person who enrolled the contact when the contact has no owner", async () => {
    const { t, enrollmentId } = await dealFor("Bo Reed", "bo@reed.example");
    await database.db
      .updateTable("campaign_contacts")
      .set({ requested_by_principal_id: t.exec.principalId })
      .where("client_id", "=", t.clientId)
      .where("id", "=", enrollmentId)
      .execute();
    attio.addMember(`exec@${t.clientId}.test`);
    expect((await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).applied).toBe(2);
    const deal = [...attio.records.values()].find((r) => r.object === "deals" && r.values.name === "Bo Reed");
    expect(deal?.values.owner).toEqual([{ workspace_member_email_address: `exec@${t.clientId}.test` }]);
  });

  it("no owner: a dead letter that says what to set, and no deal request is sent", async () => {
    const { t, enrollmentId } = await dealFor("Cy Noone", "cy@noone.example");
    const before = attio.requests.length;
    expect(await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).toEqual({
      applied: 1,
      retried: 0,
      dead: 1,
    });
    expect(attio.requests.slice(before).map((r) => r.path)).not.toContain("/v2/objects/deals/records");
    const [, deal] = await outbox(t.clientId);
    expect(deal).toMatchObject({ op: "create_deal", status: "dead", attempts: 1 });
    expect(deal?.last_error).toContain(`no person owns enrollment ${enrollmentId}`);
    expect(deal?.last_error).toContain("set the contact's owner in Baton");
  });

  it("an owner who is not a member of the workspace: Attio's refusal, dead at once, with the fix", async () => {
    const { t, contactId } = await dealFor("Di Stranger", "di@stranger.example");
    const email = await setContactOwner(database.db, t.clientId, contactId, t.slm2.principalId);
    expect(await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).toMatchObject({
      dead: 1,
    });
    const [, deal] = await outbox(t.clientId);
    expect(deal).toMatchObject({ status: "dead", attempts: 1 });
    expect(deal?.last_error).toContain("400 value_not_found");
    expect(deal?.last_error).toContain(`the deal's owner is ${email}: invite them to the Attio workspace`);
  });
});

describe("Attio's refusals read as Attio means them", () => {
  it("429: not called again before Retry-After (an HTTP date), not on the 15 s backoff", async () => {
    const t = await createTenant(database.db);
    const contactId = await addContact(database.db, t.clientId, "Eve Wait", "eve@wait.example");
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    attio.failNext(429, 1, 120);
    expect(await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).toMatchObject({
      retried: 1,
    });
    const [row] = await outbox(t.clientId);
    expect(row?.last_error).toContain("429 rate_limit_exceeded");
    expect(new Date(row!.next_attempt_at).getTime() - t0.getTime()).toBe(120_000);
    // the broken reading (the 15 s backoff) would call again here
    expect(
      await drainCrmOutbox(database.db, adapter, new Date(t0.getTime() + 60_000), { clientId: t.clientId }),
    ).toEqual({ applied: 0, retried: 0, dead: 0 });
    expect(
      await drainCrmOutbox(database.db, adapter, new Date(t0.getTime() + 120_000), { clientId: t.clientId }),
    ).toMatchObject({ applied: 1 });
  });

  it("409 uniqueness_conflict is permanent: dead after one try, not retried 8 times", async () => {
    const t = await createTenant(database.db);
    // the stand-in answers a real conflict as Attio does (a second person with a unique address)…
    const contactId = await addContact(database.db, t.clientId, "Flo Twice", "flo@twice.example");
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    expect((await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).applied).toBe(1);
    const res = await fetch(`${attio.baseUrl}/v2/objects/people/records`, {
      method: "POST",
      headers: { authorization: `Bearer ${attio.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        data: { values: { email_addresses: [{ email_address: "flo@twice.example" }] } },
      }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "uniqueness_conflict" });
    // …and Baton, meeting one, dead-letters it at once: the same write would conflict again
    attio.failNext(409);
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    expect(await drainCrmOutbox(database.db, adapter, t0, { clientId: t.clientId })).toEqual({
      applied: 0,
      retried: 0,
      dead: 1,
    });
    const [, again] = await outbox(t.clientId);
    expect(again).toMatchObject({ status: "dead", attempts: 1 });
    expect(again?.last_error).toContain("409 uniqueness_conflict");
  });
});

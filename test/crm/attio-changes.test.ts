// Issue 58: Attio was one-way although spec 002 makes it the record of truth. An opt-out, a new owner
// or a new lifecycle stage set in Attio (the strict stand-in), and a person deleted there, now reach
// Baton through the same applyCrmChanges as HubSpot's and Salesforce's; the one-way adapter beside.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAttioChanges } from "../../src/crm/attio-changes.ts";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { createCrmAdapter } from "../../src/crm/create-crm-adapter.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { pollAllCrmChanges, pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact } from "./crm-fixtures.ts";

let database: Database;
let attio: AttioStandIn;
const t0 = new Date("2026-03-02T10:00:00Z");
const config = () => ({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });

beforeAll(async () => {
  database = await testDatabase();
  attio = await startAttioStandIn();
});
afterAll(async () => {
  await attio.close();
  await database.close();
});

/** A tenant's contact written to Attio by the outbox; its Attio record id. */
async function linkedPerson(clientId: string, name: string, email: string) {
  const contactId = await addContact(database.db, clientId, name, email);
  await enqueueCrmWrite(database.db, clientId, { op: "upsert_contact", contactId });
  await drainCrmOutbox(database.db, new AttioCrm(config()), t0, { clientId });
  const link = await database.db
    .selectFrom("crm_links")
    .select("external_id")
    .where("client_id", "=", clientId)
    .where("adapter", "=", "attio")
    .where("baton_id", "=", contactId)
    .executeTakeFirstOrThrow();
  return { contactId, recordId: link.external_id };
}

const state = (contactId: string) =>
  sql<{ opt_out_flag: boolean; crm_owner_id: string | null; crm_lifecycle_stage: string | null }>`
    select opt_out_flag, crm_owner_id, crm_lifecycle_stage from contacts where contact_id = ${contactId}`
    .execute(database.db)
    .then((r) => r.rows[0]);

describe("Attio read back", () => {
  it("an opt-out, owner and lifecycle stage set in Attio reach Baton; the one-way adapter saw none", async () => {
    const t = await createTenant(database.db);
    const { contactId, recordId } = await linkedPerson(t.clientId, "Gil Back", "gil@back.example");
    const member = attio.addMember(`rep@${t.clientId}.test`);
    attio.setValues(recordId, {
      email_opt_out: [{ value: true, attribute_type: "checkbox", active_from: "2026-03-02T09:30:00Z" }],
      owner: [
        {
          referenced_actor_type: "workspace-member",
          referenced_actor_id: member,
          attribute_type: "actor-reference",
        },
      ],
      lifecycle_stage: [{ status: { title: "Customer" }, attribute_type: "status" }],
    });
    // broken: the adapter as it was (no read back) polls nothing, and Baton would keep writing
    const oneWay = new AttioCrm(config());
    expect(oneWay.readChanges).toBeUndefined();
    expect(await pollCrmChanges(database.db, oneWay, t.clientId, t0)).toMatchObject({ applied: 0 });
    expect(await state(contactId)).toEqual({
      opt_out_flag: false,
      crm_owner_id: null,
      crm_lifecycle_stage: null,
    });

    const adapter = createCrmAdapter(database.db, { attio: config(), hubspot: undefined, secret: "s" });
    const before = attio.requests.length;
    expect(await pollAllCrmChanges(database.db, adapter, t0)).toMatchObject({ failed: 0 });
    const asked = attio.requests.slice(before).find((r) => r.path === "/v2/objects/people/records/query");
    expect(asked?.body.filter.$or).toContainEqual({ record_id: recordId });
    expect(await state(contactId)).toEqual({
      opt_out_flag: true,
      crm_owner_id: member,
      crm_lifecycle_stage: "Customer",
    });
    // the opt-out is the coordinator's: the address is suppressed, so gate 1 refuses later touches
    const suppressed = await sql<{ n: number }>`
      select count(*)::int as n from suppressions where client_id = ${t.clientId} and value = 'gil@back.example'`.execute(
      database.db,
    );
    expect(suppressed.rows[0]?.n).toBe(1);
    // read again unchanged: nothing new is applied twice (no second event)
    const events = () =>
      sql<{ n: number }>`select count(*)::int as n from cadence_event_log
                          where client_id = ${t.clientId} and event_type = 'crm_contact_changed'`
        .execute(database.db)
        .then((r) => r.rows[0]?.n);
    const n = await events();
    await pollCrmChanges(database.db, adapter, t.clientId, new Date(t0.getTime() + 60_000));
    expect(await events()).toBe(n);
  });

  it("a new job title set in Attio reaches the contact and is a crm_title_change signal, once", async () => {
    const t = await createTenant(database.db);
    const { contactId, recordId } = await linkedPerson(t.clientId, "Kai Title", "kai@title.example");
    attio.setValues(recordId, {
      job_title: [{ value: "CTO", attribute_type: "text", active_from: "2026-03-02T09:45:00Z" }],
    });
    const adapter = new AttioCrm(config(), undefined, undefined, { db: database.db, now: () => t0 });
    await pollCrmChanges(database.db, adapter, t.clientId, t0);
    // a poll reads the person again: the same version, the same signal
    await sql`update contacts set title = 'VP Marketing' where contact_id = ${contactId}`.execute(
      database.db,
    );
    await pollCrmChanges(database.db, adapter, t.clientId, new Date(t0.getTime() + 60_000));
    const contact = await database.db
      .selectFrom("contacts")
      .select("title")
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(contact.title).toBe("CTO");
    const signals = await database.db
      .selectFrom("signals")
      .select(["type", "source", "external_id"])
      .where("client_id", "=", t.clientId)
      .execute();
    expect(signals).toEqual([
      {
        type: "crm_title_change",
        source: "crm:attio",
        external_id: `title_changed:${recordId}:job_title:2026-03-02T09:45:00Z`,
      },
    ]);
  });

  it("a person deleted in Attio is unlinked, as a deletion in HubSpot or Salesforce is", async () => {
    const t = await createTenant(database.db);
    const { contactId, recordId } = await linkedPerson(t.clientId, "Hal Gone", "hal@gone.example");
    attio.records.delete(recordId);
    const adapter = new AttioCrm(config(), undefined, undefined, { db: database.db, now: () => t0 });
    expect(await pollCrmChanges(database.db, adapter, t.clientId, t0)).toMatchObject({ applied: 1 });
    const links = await database.db
      .selectFrom("crm_links")
      .select("external_id")
      .where("client_id", "=", t.clientId)
      .where("baton_id", "=", contactId)
      .execute();
    expect(links).toEqual([]);
  });

  it("sweeps the linked people a page per poll, then starts over", async () => {
    const t = await createTenant(database.db);
    const a = await linkedPerson(t.clientId, "Ivy One", "ivy@one.example");
    const b = await linkedPerson(t.clientId, "Jo Two", "jo@two.example");
    const call = <T>(method: string, path: string, body: unknown) =>
      fetch(`${attio.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${attio.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<T>);
    const [first, second] = [a.recordId, b.recordId].sort();
    // the cursor: the last id read, when this sweep began and when the one before it began
    const p1 = await readAttioChanges(database.db, call, t.clientId, null, { now: t0, page: 1 });
    expect(JSON.parse(p1.cursor!)).toEqual({ a: first, s: t0.toISOString(), p: null });
    const p2 = await readAttioChanges(database.db, call, t.clientId, p1.cursor, { now: t0, page: 1 });
    expect(JSON.parse(p2.cursor!)).toEqual({ a: second, s: t0.toISOString(), p: null });
    const p3 = await readAttioChanges(database.db, call, t.clientId, p2.cursor, { now: t0, page: 1 });
    expect(p3.changes).toEqual([]);
    expect(JSON.parse(p3.cursor!)).toEqual({ a: null, s: null, p: t0.toISOString() });
    // a cursor stored before (a bare record id) goes on from it
    const legacy = await readAttioChanges(database.db, call, t.clientId, first, { now: t0, page: 1 });
    expect(JSON.parse(legacy.cursor!)).toMatchObject({ a: second });
  });
});

// A bulk enrollment runs its list in one transaction (enrollMany, issue 14); it must answer and
// write exactly as enrolling the same list one contact at a time does. The same scenario is built in
// two tenants: one enrolls the list in bulk, the other item by item (enrollContact), and the
// answers, the enrollments, the events and the CRM outbox are compared.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BulkEnrollItem,
  type EnrollInput,
  enrollContact,
  enrollMany,
} from "../../src/campaigns/enroll-contact.ts";
import type { Database } from "../../src/db/connect.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { testDatabase } from "../support/db.ts";
import { refuseFirstUpdateAsDeadlock } from "../support/refuse-once.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

const UNKNOWN = "00000000-0000-4000-8000-00000000dead";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

interface Scenario {
  t: Tenant;
  contacts: string[];
}

/** Five contacts: c is erased, d is already in b2bea_membership; dreamborn is paused. */
async function setUp(prefix: string): Promise<Scenario> {
  const db = d.db;
  const t = await createTenant(db, prefix);
  await defineSpecCampaigns(db, t.revops, T0);
  const contacts: string[] = [];
  for (let i = 0; i < 5; i++) contacts.push((await newContact(db, t.clientId, `Person ${i}`)).contactId);
  await sql`update contacts set erased_at = ${T0} where contact_id = ${contacts[2]}`.execute(db);
  await enrollContact(db, t.sales, { campaign: "b2bea_membership", contactId: contacts[3] }, T0);
  await sql`update campaigns set status = 'paused' where client_id = ${t.clientId} and slug = 'dreamborn'`.execute(
    db,
  );
  return { t, contacts };
}

function listOf({ contacts: [a, b, c, dd] }: Scenario): EnrollInput[] {
  return [
    { campaign: "b2bea_membership", contactId: a }, // enrolled, with a deal
    { campaign: "b2bea_world", contactId: a }, // the same contact: marketing while sales is live
    { campaign: "b2bea_membership", contactId: b, goal: "pipeline", notes: "met at the fair" },
    { campaign: "b2bea_membership", contactId: a }, // repeats the first: it is live by now
    { campaign: "b2bea_membership", contactId: UNKNOWN },
    { campaign: "b2bea_membership", contactId: c }, // erased
    { campaign: "b2bea_membership", contactId: dd }, // already enrolled before the list
    { campaign: "dreamborn", contactId: b }, // paused
    { campaign: "no_such_campaign", contactId: b },
    { campaign: "b2bea_world", contactId: b },
  ];
}

async function oneByOne(s: Scenario, list: EnrollInput[]): Promise<BulkEnrollItem[]> {
  const out: BulkEnrollItem[] = [];
  for (const x of list) {
    try {
      out.push({ contact_id: x.contactId, ok: true, result: await enrollContact(d.db, s.t.sales, x, T0) });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out.push({ contact_id: x.contactId, ok: false, error: { code: e.code, message: e.message } });
    }
  }
  return out;
}

function shape(s: Scenario, r: BulkEnrollItem[]) {
  const who = (id: string) => (s.contacts.includes(id) ? s.contacts.indexOf(id) : id);
  return r.map((x) => ({
    who: who(x.contact_id),
    ok: x.ok,
    outcome: x.result?.outcome,
    campaign: x.result?.campaign,
    decision: x.result
      ? { ...x.result.decision, eventId: typeof x.result.decision.eventId, until: x.result.decision.until }
      : undefined,
    enrollment: x.result ? x.result.enrollment_id !== null : undefined,
    code: x.error?.code,
    message: x.error?.message.replaceAll(/[0-9a-f-]{36}/g, "<id>"),
  }));
}

async function written(s: Scenario) {
  const db = d.db;
  const who = (id: string | null) => (id === null ? null : s.contacts.indexOf(id));
  const enrollments = await db
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", "c.id", "e.campaign_id")
    .select([
      "e.id",
      "e.contact_id",
      "c.slug",
      "e.status",
      "e.current_step",
      "e.next_send_at",
      "e.goal",
      "e.notes",
      "e.originating_agent_id",
    ])
    .where("e.client_id", "=", s.t.clientId)
    .orderBy("e.contact_id")
    .orderBy("c.slug")
    .execute();
  const name = new Map(enrollments.map((e) => [e.id, `${who(e.contact_id)}:${e.slug}`]));
  const events = await db
    .selectFrom("cadence_event_log")
    .select([
      "contact_id",
      "enrollment_id",
      "event_type",
      "coordinator_action",
      "gate",
      "resolution",
      "details",
    ])
    .where("client_id", "=", s.t.clientId)
    .orderBy("event_id")
    .execute();
  const outbox = await db
    .selectFrom("crm_outbox")
    .select(["contact_id", "op", "payload"])
    .where("client_id", "=", s.t.clientId)
    .orderBy("id")
    .execute();
  return {
    enrollments: enrollments
      .map(({ id, contact_id, next_send_at, ...e }) => ({
        who: name.get(id),
        ...e,
        next_send_at: next_send_at?.toISOString() ?? null,
      }))
      .sort((a, b) => String(a.who).localeCompare(String(b.who))),
    events: events.map((e) => ({
      ...e,
      contact_id: who(e.contact_id),
      enrollment_id: e.enrollment_id ? name.get(e.enrollment_id) : null,
    })),
    outbox: outbox.map((o) => ({
      who: who(o.contact_id),
      op: o.op,
      payload: JSON.stringify(o.payload)
        .replaceAll(/[0-9a-f-]{36}/g, "<id>")
        .replaceAll(/bulk[ab]/g, "<tenant>"),
    })),
  };
}

describe("bulk enrollment in one transaction", () => {
  it("answers and writes as enrolling the list one contact at a time does", async () => {
    const bulk = await setUp("bulka");
    const single = await setUp("bulkb");
    const inBulk = await enrollMany(d.db, bulk.t.sales, listOf(bulk), T0);
    const inTurn = await oneByOne(single, listOf(single));
    expect(shape(bulk, inBulk)).toEqual(shape(single, inTurn));
    expect(shape(bulk, inBulk).map((x) => x.code ?? x.outcome)).toEqual([
      "enrolled",
      "queued",
      "enrolled",
      "ENROLLMENT_ALREADY_ACTIVE",
      "ENROLL_CONTACT_NOT_FOUND",
      "CONTACT_ERASED",
      "ENROLLMENT_ALREADY_ACTIVE",
      "CAMPAIGN_NOT_ACTIVE",
      "CAMPAIGN_NOT_FOUND",
      "queued",
    ]);
    expect(await written(bulk)).toEqual(await written(single));
  });

  it("falls back to one contact per transaction when the database refuses the batch", async () => {
    const bulk = await setUp("bulkc");
    const single = await setUp("bulkd");
    // a malformed id fails the batch's statement; one by one, only its own item fails
    const list = (s: Scenario): EnrollInput[] => [
      { campaign: "b2bea_membership", contactId: s.contacts[0] },
      { campaign: "b2bea_membership", contactId: "not-a-uuid" },
      { campaign: "b2bea_world", contactId: s.contacts[1] },
    ];
    const inBulk = await enrollMany(d.db, bulk.t.sales, list(bulk), T0);
    const inTurn = await oneByOne(single, list(single));
    expect(shape(bulk, inBulk)).toEqual(shape(single, inTurn));
    expect(shape(bulk, inBulk).map((x) => x.code ?? x.outcome)).toEqual([
      "enrolled",
      "VALIDATION_FAILED",
      "enrolled",
    ]);
    expect(await written(bulk)).toEqual(await written(single));
  });

  it("falls back to one contact per transaction when a deadlock aborts the batch", async () => {
    const bulk = await setUp("bulke");
    const single = await setUp("bulkf");
    // the batch's first write of a contact fails as a deadlock would (40P01), once; every item of
    // the list then runs in its own transaction and must answer and write as one-by-one calls do
    const writes = await refuseFirstUpdateAsDeadlock(d.db, "bulk_enroll_refuse", "contacts", bulk.t.clientId);
    const inBulk = await enrollMany(d.db, bulk.t.sales, listOf(bulk), T0);
    expect(await writes()).toBeGreaterThan(1); // refused once, then written contact by contact
    const inTurn = await oneByOne(single, listOf(single));
    expect(shape(bulk, inBulk)).toEqual(shape(single, inTurn));
    expect(shape(bulk, inBulk).filter((x) => x.ok).length).toBe(4);
    expect(await written(bulk)).toEqual(await written(single));
  });
});

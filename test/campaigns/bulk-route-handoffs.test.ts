// The exec routes a list of hand-offs in one transaction (routeHandoffs, issue 14); it must answer
// and write as routing the same list one hand-off at a time does. The same scenario is built in two
// tenants: one routes the list in bulk, the other item by item (routeHandoff), and the answers, the
// hand-offs, the enrollments, each contact's events and the CRM outbox are compared. (Across
// contacts the events' order differs by design: the bulk writes the enrollments' events first.)
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { exitEnrollment } from "../../src/campaigns/exit-contact.ts";
import { type RouteHandoffInput, routeHandoff } from "../../src/campaigns/handoffs.ts";
import { type RouteHandoffAnswer, routeHandoffs } from "../../src/campaigns/route-handoffs.ts";
import type { Database } from "../../src/db/connect.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { testDatabase } from "../support/db.ts";
import { refuseFirstUpdateAsDeadlock } from "../support/refuse-once.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { defineSpecCampaigns, newContact, T0 } from "./helpers.ts";

const UNKNOWN = "00000000-0000-4000-8000-00000000dead";
const CLOSE = "b2bea_membership_close";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

interface Scenario {
  t: Tenant;
  contacts: string[];
  handoffs: string[];
}

/**
 * Seven contacts, each with an open hand-off after a meeting (the fifth from dreamborn). The fourth
 * is already in the close campaign, the fifth hand-off is already routed, b2bea_world is paused.
 */
async function setUp(prefix: string): Promise<Scenario> {
  const db = d.db;
  const t = await createTenant(db, prefix);
  await defineSpecCampaigns(db, t.revops, T0);
  const contacts: string[] = [];
  const handoffs: string[] = [];
  for (let i = 0; i < 7; i++) {
    const { contactId } = await newContact(db, t.clientId, `Person ${i}`);
    contacts.push(contactId);
    const campaign = i === 5 ? "dreamborn" : "b2bea_membership";
    const e = await enrollContact(db, t.agt301, { campaign, contactId }, T0);
    const x = await exitEnrollment(db, t.agt301, { enrollmentId: e.enrollment_id!, reason: "meeting" }, T0);
    if (x.next.kind !== "handoff") throw new Error("expected a hand-off");
    handoffs.push(x.next.handoff_id);
  }
  await enrollContact(db, t.sales, { campaign: CLOSE, contactId: contacts[3] }, T0);
  await routeHandoff(db, t.exec, { handoffId: handoffs[4], campaigns: [] }, T0);
  await sql`update campaigns set status = 'paused' where client_id = ${t.clientId} and slug = 'b2bea_world'`.execute(
    db,
  );
  return { t, contacts, handoffs };
}

function listOf({ handoffs: h }: Scenario): RouteHandoffInput[] {
  return [
    { handoffId: h[0], campaigns: [CLOSE], goal: "pipeline", notes: 'met "twice", {at the fair}' },
    { handoffId: h[1], campaigns: [] }, // closed without a campaign
    { handoffId: h[2], campaigns: ["nope"] },
    { handoffId: h[3], campaigns: [CLOSE] }, // already enrolled there: refused, stays open
    { handoffId: h[4], campaigns: [CLOSE] }, // decided before the list
    { handoffId: UNKNOWN, campaigns: [CLOSE] },
    { handoffId: h[5], campaigns: ["b2bea_world"] }, // paused
    { handoffId: h[6], campaigns: [CLOSE, CLOSE], notes: "the same campaign twice is once" },
  ];
}

async function oneByOne(s: Scenario, list: RouteHandoffInput[]): Promise<RouteHandoffAnswer[]> {
  const out: RouteHandoffAnswer[] = [];
  for (const x of list) {
    try {
      out.push(await routeHandoff(d.db, s.t.exec, x, T0));
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out.push(e);
    }
  }
  return out;
}

function shape(s: Scenario, answers: RouteHandoffAnswer[]) {
  return answers.map((a) =>
    a instanceof Error
      ? { code: a.code, message: a.message.replaceAll(/[0-9a-f-]{36}/g, "<id>") }
      : {
          who: s.handoffs.indexOf(a.handoff.id),
          status: a.handoff.status,
          goal: a.handoff.goal,
          notes: a.handoff.notes,
          decided: a.handoff.decided_at,
          campaigns: a.handoff.routed_campaign_ids.length,
          enrolled: a.handoff.routed_enrollment_ids.length,
          enrollments: a.enrollments.map((r) => ({ outcome: r.outcome, campaign: r.campaign })),
        },
  );
}

async function written(s: Scenario) {
  const db = d.db;
  const who = (id: string | null) => (id === null ? null : s.contacts.indexOf(id));
  const handoffs = await db
    .selectFrom("campaign_handoffs")
    .select([
      "contact_id",
      "status",
      "goal",
      "notes",
      "decided_at",
      "routed_campaign_ids",
      "routed_enrollment_ids",
    ])
    .where("client_id", "=", s.t.clientId)
    .execute();
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
    ])
    .where("e.client_id", "=", s.t.clientId)
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
  const ids = (x: unknown) => JSON.stringify(x).replaceAll(/[0-9a-f-]{36}/g, "<id>");
  const byContact = <T extends { contact_id: string | null }>(rows: T[], f: (r: T) => unknown) => {
    const m: Record<string, unknown[]> = {};
    for (const r of rows) {
      const k = String(who(r.contact_id));
      m[k] = [...(m[k] ?? []), f(r)];
    }
    return m;
  };
  return {
    handoffs: handoffs
      .map((h) => ({
        ...h,
        contact_id: who(h.contact_id),
        decided_at: h.decided_at?.toISOString() ?? null,
        routed_campaign_ids: (h.routed_campaign_ids as string[]).length,
        routed_enrollment_ids: (h.routed_enrollment_ids as string[]).map((e) => name.get(e)),
      }))
      .sort((a, b) => (a.contact_id ?? 0) - (b.contact_id ?? 0)),
    enrollments: enrollments
      .map(({ id, contact_id, next_send_at, ...e }) => ({
        who: name.get(id),
        ...e,
        next_send_at: next_send_at?.toISOString() ?? null,
      }))
      .sort((a, b) => String(a.who).localeCompare(String(b.who))),
    events: byContact(events, (e) => ({
      ...e,
      contact_id: undefined,
      enrollment_id: e.enrollment_id ? name.get(e.enrollment_id) : null,
      details: ids(e.details),
    })),
    outbox: byContact(outbox, (o) => ({
      op: o.op,
      payload: ids(o.payload).replaceAll(/route[a-e]/g, "<tenant>"),
    })),
  };
}

describe("routing hand-offs in one transaction", () => {
  it("answers and writes as routing the list one hand-off at a time does", async () => {
    const bulk = await setUp("routea");
    const single = await setUp("routeb");
    const inBulk = await routeHandoffs(d.db, bulk.t.exec, listOf(bulk), T0);
    const inTurn = await oneByOne(single, listOf(single));
    expect(shape(bulk, inBulk)).toEqual(shape(single, inTurn));
    expect(shape(bulk, inBulk).map((x) => ("code" in x ? x.code : x.status))).toEqual([
      "routed",
      "closed",
      "CAMPAIGN_NOT_FOUND",
      "ENROLLMENT_ALREADY_ACTIVE",
      "HANDOFF_ALREADY_DECIDED",
      "HANDOFF_NOT_FOUND",
      "CAMPAIGN_NOT_ACTIVE",
      "routed",
    ]);
    expect(await written(bulk)).toEqual(await written(single));

    // a list that routes a hand-off to two campaigns goes one at a time, with the same answers
    const two = (s: Scenario): RouteHandoffInput[] => [
      { handoffId: s.handoffs[2], campaigns: [CLOSE, "b2bea_membership_cs"] },
      { handoffId: s.handoffs[3], campaigns: [] },
    ];
    const again = await routeHandoffs(d.db, bulk.t.exec, two(bulk), T0);
    expect(shape(bulk, again)).toEqual(shape(single, await oneByOne(single, two(single))));
    expect(shape(bulk, again).map((x) => ("code" in x ? x.code : x.status))).toEqual(["routed", "closed"]);
    expect(await written(bulk)).toEqual(await written(single));
  });

  it("a list the database refuses as a whole (a deadlock) goes one hand-off at a time, the same", async () => {
    const refused = await setUp("routed");
    const single = await setUp("routee");
    // the first write in the refused tenant fails as a deadlock does (40P01)
    const writes = await refuseFirstUpdateAsDeadlock(
      d.db,
      "route_refuse",
      "campaign_handoffs",
      refused.t.clientId,
    );

    const answered = await routeHandoffs(d.db, refused.t.exec, listOf(refused), T0);
    expect(await writes()).toBeGreaterThan(1); // refused once, then routed one at a time
    expect(shape(refused, answered)).toEqual(shape(single, await oneByOne(single, listOf(single))));
    expect(await written(refused)).toEqual(await written(single));
  });

  it("refuses a caller without the exec role, as routeHandoff does", async () => {
    const s = await setUp("routec");
    await expect(routeHandoffs(d.db, s.t.rep, listOf(s), T0)).rejects.toMatchObject({
      code: "FORBIDDEN_ROLE",
    });
  });
});

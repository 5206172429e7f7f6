// A list of activation requests in one call (requestActivations, issue 14) must answer and write
// exactly as the same requests one at a time do. The same scenario is built in two tenants: one asks
// for the list at once, the other request by request, and the answers, the enrollments, the
// contacts and the events are compared. The list repeats a contact (its second request must see the
// enrollment the first one created), holds a duplicate, an opted-out contact, unknown ids, and a
// queued enrollment asked again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivationInput } from "../../src/coordinator/activation-types.ts";
import { requestActivation } from "../../src/coordinator/index.ts";
import { requestActivations } from "../../src/coordinator/request-activations.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const T1 = new Date("2026-03-04T15:00:00Z");
const UNKNOWN = "00000000-0000-4000-8000-00000000dead";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

interface Scenario {
  t: Tenant;
  sales: string;
  mkt: string;
  contacts: string[];
}

async function setUp(prefix: string): Promise<Scenario> {
  const db = d.db;
  const t = await createTenant(db, prefix);
  const sales = await makeCampaign(db, t.clientId, "sales", { steps: [1, 3] });
  const mkt = await makeCampaign(db, t.clientId, "marketing");
  const contacts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const acct = await makeAccount(db, t.clientId, { tier: "T2" });
    contacts.push(
      await makeContact(db, t.clientId, {
        accountId: acct,
        salesAt: new Date("2026-03-01T00:00:00Z"),
        marketingAt: new Date("2026-02-01T00:00:00Z"),
        optOut: i === 2,
      }),
    );
  }
  return { t, sales, mkt, contacts };
}

function firstList({ t, sales, mkt, contacts: c }: Scenario): ActivationInput[] {
  const ask = (contactId: string, campaignId: string): ActivationInput => ({
    clientId: t.clientId,
    contactId,
    campaignId,
    requestedBy: t.sales,
    goal: "pipeline",
    notes: "from the list",
  });
  return [
    ask(c[0], sales), // allowed
    ask(c[0], mkt), // the same contact: sales is live, so marketing is queued (gate 4, T2)
    ask(c[0], sales), // a duplicate of the first (gate 5)
    ask(c[1], mkt), // allowed
    ask(c[2], sales), // opted out (gate 1)
    ask(UNKNOWN, sales), // no such contact
    ask(c[3], UNKNOWN), // no such campaign
    ask(c[3], sales), // allowed
  ];
}

type Answer = Awaited<ReturnType<typeof requestActivations>>[number];

async function oneByOne(list: ActivationInput[], now: Date): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const req of list) {
    try {
      out.push(await d.db.transaction().execute((tx) => requestActivation(tx, req, now)));
    } catch (error) {
      out.push({ error: error as never });
    }
  }
  return out;
}

function shape(answers: Answer[]) {
  return answers.map((a) =>
    "error" in a
      ? { code: a.error.code, message: a.error.message.replaceAll(/[0-9a-f-]{36}/g, "<id>") }
      : {
          action: a.decision.action,
          gate: a.decision.gate,
          reason: a.decision.reason,
          until: a.decision.until?.toISOString() ?? null,
          touchCap: a.decision.touchCapAtEvent,
          enrollment: a.enrollmentId ? "yes" : null,
        },
  );
}

async function written(s: Scenario) {
  const db = d.db;
  const who = (id: string | null) => (id === null ? null : s.contacts.indexOf(id));
  const which = (id: string | null) => (id === s.sales ? "sales" : id === s.mkt ? "mkt" : id);
  const enrollments = await db
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", s.t.clientId)
    .orderBy("enrolled_at")
    .orderBy("contact_id")
    .orderBy("campaign_id")
    .execute();
  const name = new Map(enrollments.map((e) => [e.id, `${who(e.contact_id)}:${which(e.campaign_id)}`]));
  const contacts = await db
    .selectFrom("contacts")
    .select(["contact_id", "active_sequence_id", "current_step", "updated_at"])
    .where("client_id", "=", s.t.clientId)
    .execute();
  const events = await db
    .selectFrom("cadence_event_log")
    .selectAll()
    .where("client_id", "=", s.t.clientId)
    .orderBy("event_id")
    .execute();
  return {
    enrollments: enrollments
      .map((e) => ({
        who: name.get(e.id),
        status: e.status,
        step: e.current_step,
        next: e.next_send_at?.toISOString() ?? null,
        exited: e.exited_at?.toISOString() ?? null,
        exit_reason: e.exit_reason,
        goal: e.goal,
        notes: e.notes,
        by: e.requested_by_principal_id === s.t.sales.principalId,
        agent: e.originating_agent_id,
      }))
      .sort((a, b) => String(a.who).localeCompare(String(b.who))),
    contacts: contacts
      .map((c) => ({
        who: who(c.contact_id),
        active: c.active_sequence_id ? name.get(c.active_sequence_id) : null,
        step: c.current_step,
        // a contact the list did not change keeps its creation time (wall clock)
        updated: c.active_sequence_id ? c.updated_at.toISOString() : null,
      }))
      .sort((a, b) => Number(a.who) - Number(b.who)),
    events: events.map((e) => ({
      who: who(e.contact_id),
      enrollment: e.enrollment_id ? name.get(e.enrollment_id) : null,
      campaign: which(e.campaign_id),
      type: e.event_type,
      action: e.coordinator_action,
      gate: e.gate,
      resolution: e.resolution,
      cap: e.touch_cap_at_event,
      compliance: e.compliance_status,
      suppressed: e.suppressed_reason,
      release: e.release_at?.toISOString() ?? null,
      agent: e.originating_agent_id,
      actor: e.actor_principal_id === s.t.sales.principalId,
      details: e.details,
    })),
  };
}

describe("requestActivations: a list in one call", () => {
  it("answers and writes as the same requests one at a time do", async () => {
    const batch = await setUp("acta");
    const single = await setUp("actb");

    const inBatch = await d.db.transaction().execute((tx) => requestActivations(tx, firstList(batch), T0));
    const inTurn = await oneByOne(firstList(single), T0);
    expect(shape(inBatch)).toEqual(shape(inTurn));
    expect(shape(inBatch).map((x) => ("code" in x ? x.code : x.action))).toEqual([
      "allow",
      "queue",
      "block",
      "allow",
      "block",
      "NOT_FOUND",
      "NOT_FOUND",
      "allow",
    ]);
    expect(await written(batch)).toEqual(await written(single));

    // later: contact 0's sales enrollment has ended, so its queued marketing one goes; contact 1's
    // marketing enrollment is named with another contact's id (refused); an unknown enrollment
    const again = async (s: Scenario, answers: Answer[]) => {
      await d.db
        .updateTable("campaign_contacts")
        .set({ status: "exited" })
        .where("client_id", "=", s.t.clientId)
        .where("contact_id", "=", s.contacts[0])
        .where("campaign_id", "=", s.sales)
        .execute();
      const queued = "error" in answers[1] ? "" : answers[1].enrollmentId!;
      const base = { clientId: s.t.clientId, requestedBy: null, campaignId: s.mkt };
      return [
        { ...base, contactId: s.contacts[0], existingEnrollmentId: queued },
        { ...base, contactId: s.contacts[1], existingEnrollmentId: queued },
        { ...base, contactId: s.contacts[3], existingEnrollmentId: UNKNOWN },
      ];
    };
    const secondBatch = await again(batch, inBatch);
    const secondSingle = await again(single, inTurn);
    const inBatch2 = await d.db.transaction().execute((tx) => requestActivations(tx, secondBatch, T1));
    const inTurn2 = await oneByOne(secondSingle, T1);
    expect(shape(inBatch2)).toEqual(shape(inTurn2));
    expect(shape(inBatch2).map((x) => ("code" in x ? x.code : x.action))).toEqual([
      "allow",
      "NOT_FOUND",
      "NOT_FOUND",
    ]);
    expect(await written(batch)).toEqual(await written(single));
  });

  it("refuses a list that mixes tenants", async () => {
    const a = await setUp("actc");
    const b = await setUp("actd");
    const req = (s: Scenario): ActivationInput => ({
      clientId: s.t.clientId,
      contactId: s.contacts[0],
      campaignId: s.sales,
      requestedBy: null,
    });
    await expect(
      d.db.transaction().execute((tx) => requestActivations(tx, [req(a), req(b)], T0)),
    ).rejects.toThrow(/one tenant/);
  });
});

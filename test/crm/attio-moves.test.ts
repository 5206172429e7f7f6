// Issue 69: deal stages and company moves made in Attio reach Baton as signals, read from the dated
// values Attio keeps (active_from / active_until, show_historic) on the strict stand-in:
//   - a stage a workspace member sets on a person's deal is a crm_stage_change signal, once; Baton's
//     own stage write (its API key) is none;
//   - a company move the histories prove (a new address at the new company's domain, the old one at
//     another) is a job change by the path HubSpot's uses: left_company, the person at the new
//     company; a move nothing proves is company_unconfirmed (a person decides); a first company is
//     no move. About two calls per moved person, within the poll's budget.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTIO_HISTORY_BUDGET, readAttioChanges } from "../../src/crm/attio-changes.ts";
import { AttioCrm } from "../../src/crm/attio-crm.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { type AttioStandIn, startAttioStandIn } from "../support/attio-stand-in.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment } from "./crm-fixtures.ts";

let database: Database;
let attio: AttioStandIn;
const config = () => ({ baseUrl: attio.baseUrl, apiKey: attio.apiKey });
const ns = (iso: string) => iso.replace(/(\.\d{3})?Z$/, ".000000000Z");
const clock = (iso: string) => {
  attio.clock = new Date(iso);
  return attio.clock;
};
const adapter = () =>
  new AttioCrm(config(), undefined, undefined, { db: database.db, now: () => attio.clock! });
const call = <T>(method: string, path: string, body: unknown) =>
  fetch(`${attio.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${attio.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => {
    if (!r.ok) throw Object.assign(new Error(`${r.status}`), { status: r.status });
    return r.json() as Promise<T>;
  });

beforeAll(async () => {
  database = await testDatabase();
  attio = await startAttioStandIn();
});
afterAll(async () => {
  await attio.close();
  await database.close();
});

/** A tenant's contact written to Attio by the outbox (the API key's write); its Attio record id. */
async function linkedPerson(clientId: string, name: string, email: string) {
  const contactId = await addContact(database.db, clientId, name, email);
  await enqueueCrmWrite(database.db, clientId, { op: "upsert_contact", contactId });
  await drainCrmOutbox(database.db, new AttioCrm(config()), attio.clock!, { clientId });
  const link = await database.db
    .selectFrom("crm_links")
    .select("external_id")
    .where("client_id", "=", clientId)
    .where("adapter", "=", "attio")
    .where("baton_id", "=", contactId)
    .executeTakeFirstOrThrow();
  return { contactId, recordId: link.external_id };
}

const company = (name: string, domain: string) =>
  attio.addRecord("companies", { name: [{ value: name }], domains: [{ domain, root_domain: domain }] });
const worksAt = (companyId: string) => [{ target_object: "companies", target_record_id: companyId }];
const email = (address: string) => [{ email_address: address, email_domain: address.split("@")[1] }];
const historyCalls = (from: number) =>
  attio.requests.slice(from).filter((r) => r.path.includes("/values?show_historic=true"));
const signalsOf = (clientId: string) =>
  database.db
    .selectFrom("signals")
    .select(["type", "contact_id", "occurred_at", "external_id", "attributes"])
    .where("client_id", "=", clientId)
    .orderBy("external_id")
    .execute();

describe("Attio deal stages and company moves as signals", () => {
  it("a person's company move the histories prove is a job change; a first company is none; read again, nothing twice", async () => {
    clock("2026-03-01T10:00:00Z");
    const t = await createTenant(database.db, "attio-move");
    const oldCo = company("OldCo", "oldco.example");
    const newCo = company("NewCo", "newco.example");
    const ann = await linkedPerson(t.clientId, "Ann Move", "ann@oldco.example");
    attio.setValues(ann.recordId, { company: worksAt(oldCo) });
    const enrollment = await addEnrollment(database.db, t.clientId, ann.contactId);
    // the first sweep: a first company is no move (one history call: nothing before it)
    clock("2026-03-02T10:00:00Z");
    let before = attio.requests.length;
    await pollCrmChanges(database.db, adapter(), t.clientId, attio.clock!);
    expect(historyCalls(before).map((r) => r.path.split("/attributes/")[1])).toEqual([
      "company/values?show_historic=true",
    ]);
    // Ann moves: her company and her address, in Attio, by a person
    const movedAt = ns("2026-03-05T09:00:00Z");
    attio.setValues(ann.recordId, { company: worksAt(newCo) }, { at: movedAt });
    attio.setValues(
      ann.recordId,
      { email_addresses: email("ann@newco.example") },
      { at: ns("2026-03-05T09:20:00Z") },
    );
    expect(
      (attio.records.get(newCo)?.history.team ?? []).map((v) => [v.target_record_id, v.active_until]),
    ).toEqual([[ann.recordId, null]]);
    clock("2026-03-05T10:00:00Z");
    before = attio.requests.length;
    await pollCrmChanges(database.db, adapter(), t.clientId, attio.clock!);
    // two calls for the moved person: the company's and the address's histories
    expect(historyCalls(before)).toHaveLength(2);
    const exited = await database.db
      .selectFrom("campaign_contacts")
      .select(["status", "exit_reason"])
      .where("id", "=", enrollment)
      .executeTakeFirstOrThrow();
    expect(exited).toEqual({ status: "exited", exit_reason: "left_company" });
    const moved = await sql<{ contact_id: string; domain: string }>`
      select c.contact_id, a.domain from contacts c join accounts a using (client_id, account_id)
       where c.client_id = ${t.clientId} and c.email = 'ann@newco.example'`.execute(database.db);
    expect(moved.rows).toEqual([{ contact_id: expect.any(String), domain: "newco.example" }]);
    const signals = await signalsOf(t.clientId);
    expect(signals.filter((s) => s.type === "job_change")).toEqual([
      {
        type: "job_change",
        contact_id: moved.rows[0]!.contact_id,
        occurred_at: new Date("2026-03-05T09:00:00Z"),
        external_id: `company_changed:${ann.recordId}:company:${movedAt}`,
        attributes: {
          crm: "attio",
          from_contact_id: ann.contactId,
          company: "NewCo",
          domain: "newco.example",
        },
      },
    ]);
    // the next sweeps read Ann again: the move is older than them, no history is read, nothing repeats
    for (const at of ["2026-03-05T10:01:00Z", "2026-03-05T10:02:00Z"]) {
      clock(at);
      before = attio.requests.length;
      await pollCrmChanges(database.db, adapter(), t.clientId, attio.clock!);
      expect(historyCalls(before)).toEqual([]);
    }
    expect(await signalsOf(t.clientId)).toEqual(signals);
  });

  it("a move nothing proves waits for a person: the same address, a mailbox provider's; the proven one beside", async () => {
    clock("2026-03-10T10:00:00Z");
    const t = await createTenant(database.db, "attio-unproven");
    const from = company("Initech", "initech.example");
    const to = company("Hooli", "hooli.example");
    const bo = await linkedPerson(t.clientId, "Bo Same", "bo@initech.example");
    const cy = await linkedPerson(t.clientId, "Cy Gmail", "cy@initech.example");
    const di = await linkedPerson(t.clientId, "Di Real", "di@initech.example");
    for (const p of [bo, cy, di]) attio.setValues(p.recordId, { company: worksAt(from) });
    await pollCrmChanges(database.db, adapter(), t.clientId, clock("2026-03-10T11:00:00Z"));
    const at = ns("2026-03-11T09:00:00Z");
    for (const p of [bo, cy, di]) attio.setValues(p.recordId, { company: worksAt(to) }, { at });
    attio.setValues(cy.recordId, { email_addresses: email("cy@gmail.com") }, { at });
    attio.setValues(di.recordId, { email_addresses: email("di@hooli.example") }, { at });
    await pollCrmChanges(database.db, adapter(), t.clientId, clock("2026-03-11T10:00:00Z"));
    const signals = await signalsOf(t.clientId);
    const of = (type: string) =>
      signals
        .filter((s) => s.type === type)
        .map((s) => s.external_id.split(":")[1])
        .sort();
    expect(of("company_change_unconfirmed")).toEqual([bo.recordId, cy.recordId].sort());
    expect(of("job_change")).toEqual([di.recordId]);
    const review = await database.db
      .selectFrom("cadence_event_log")
      .select("contact_id")
      .where("client_id", "=", t.clientId)
      .where("resolution", "=", "needs_review")
      .execute();
    expect(review.map((r) => r.contact_id).sort()).toEqual([bo.contactId, cy.contactId].sort());
    // nobody was moved but Di: Bo and Cy keep their address
    const kept = await database.db
      .selectFrom("contacts")
      .select("email")
      .where("contact_id", "in", [bo.contactId, cy.contactId])
      .orderBy("email")
      .execute();
    expect(kept.map((c) => c.email)).toEqual(["bo@initech.example", "cy@initech.example"]);
  });

  it("a stage a workspace member sets on a person's deal is a signal once; Baton's own stage write is none", async () => {
    clock("2026-03-20T10:00:00Z");
    const t = await createTenant(database.db, "attio-stage");
    const eve = await linkedPerson(t.clientId, "Eve Deal", "eve@deal.example");
    const owner = `rep@${t.clientId}.test`;
    attio.addMember(owner);
    const crm = new AttioCrm(config());
    // Baton creates the deal (its API key): stage Lead is Baton's, not a person's
    const { dealId } = await crm.createDeal(t.clientId, {
      externalContactId: eve.recordId,
      name: "Eve's deal",
      stage: "enrolled",
      owner: { email: owner, name: "Rep" },
    });
    expect(attio.records.get(eve.recordId)?.history.associated_deals?.[0]?.target_record_id).toBe(dealId);
    await pollCrmChanges(database.db, adapter(), t.clientId, clock("2026-03-20T10:05:00Z"));
    expect((await signalsOf(t.clientId)).filter((s) => s.type === "crm_stage_change")).toEqual([]);
    // a person moves the stage in Attio
    const setAt = ns("2026-03-21T09:00:00Z");
    attio.setValues(dealId, { stage: [{ status: { title: "In Progress" } }] }, { at: setAt });
    await pollCrmChanges(database.db, adapter(), t.clientId, clock("2026-03-21T10:00:00Z"));
    // Baton's outbox writes the next stage (its key): no signal for it
    clock("2026-03-21T10:30:00Z");
    await crm.updateDealStage(t.clientId, dealId, "won");
    await pollCrmChanges(database.db, adapter(), t.clientId, clock("2026-03-21T11:00:00Z"));
    const stages = (await signalsOf(t.clientId)).filter((s) => s.type === "crm_stage_change");
    expect(stages).toEqual([
      {
        type: "crm_stage_change",
        contact_id: eve.contactId,
        occurred_at: new Date("2026-03-21T09:00:00Z"),
        external_id: `deal_stage_changed:${dealId}:stage:${setAt}:${eve.recordId}`,
        attributes: { crm: "attio", deal_stage: "In Progress", deal_id: dealId },
      },
    ]);
  });

  it("the history budget cuts the page before the person who would exceed it; the next poll goes on", async () => {
    clock("2026-03-25T10:00:00Z");
    const t = await createTenant(database.db, "attio-budget");
    const a = company("Alpha", "alpha.example");
    const b = company("Beta", "beta.example");
    const people = [];
    for (const n of ["P1", "P2", "P3"])
      people.push(await linkedPerson(t.clientId, n, `${n.toLowerCase()}@alpha.example`));
    for (const p of people)
      attio.setValues(p.recordId, { company: worksAt(a) }, { at: ns("2026-03-01T00:00:00Z") });
    for (const p of people)
      attio.setValues(p.recordId, { company: worksAt(b) }, { at: ns("2026-03-24T00:00:00Z") });
    const ids = people.map((p) => p.recordId).sort();
    const before = attio.requests.length;
    const first = await readAttioChanges(database.db, call, t.clientId, null, {
      now: attio.clock!,
      budget: 4,
    });
    expect(historyCalls(before).length).toBeLessThanOrEqual(4);
    expect(JSON.parse(first.cursor!)).toMatchObject({ a: ids[1] });
    expect(first.changes.filter((c) => c.kind.startsWith("company")).map((c) => c.externalContactId)).toEqual(
      ids.slice(0, 2),
    );
    const second = await readAttioChanges(database.db, call, t.clientId, first.cursor, { now: attio.clock! });
    expect(
      second.changes.filter((c) => c.kind.startsWith("company")).map((c) => c.externalContactId),
    ).toEqual([ids[2]]);
    expect(JSON.parse(second.cursor!)).toMatchObject({ a: null });
    expect(ATTIO_HISTORY_BUDGET).toBeGreaterThanOrEqual(2);
  });

  it("the stand-in refuses what Attio refuses: history of an enriched or COMINT attribute, an unknown attribute", async () => {
    const t = await createTenant(database.db, "attio-strict");
    const p = await linkedPerson(t.clientId, "Gus Strict", "gus@strict.example");
    const values = (slug: string, q = "?show_historic=true") =>
      fetch(`${attio.baseUrl}/v2/objects/people/records/${p.recordId}/attributes/${slug}/values${q}`, {
        headers: { authorization: `Bearer ${attio.apiKey}` },
      });
    expect((await values("last_interaction")).status).toBe(400);
    expect((await values("linkedin")).status).toBe(400);
    expect((await values("no_such_attribute")).status).toBe(404);
    expect((await values("email_addresses", "?show_historic=maybe")).status).toBe(400);
    // the active values only, unless history is asked for
    attio.setValues(p.recordId, { job_title: [{ value: "CTO" }] }, { at: ns("2026-03-26T00:00:00Z") });
    attio.setValues(p.recordId, { job_title: [{ value: "CEO" }] }, { at: ns("2026-03-27T00:00:00Z") });
    const active = (await (await values("job_title", "")).json()) as { data: Array<{ value: string }> };
    expect(active.data.map((v) => v.value)).toEqual(["CEO"]);
    const all = (await (await values("job_title")).json()) as {
      data: Array<{ value: string; active_until: string | null; created_by_actor: { type: string } }>;
    };
    expect(all.data.map((v) => [v.value, v.active_until, v.created_by_actor.type])).toEqual([
      ["CTO", ns("2026-03-27T00:00:00Z"), "workspace-member"],
      ["CEO", null, "workspace-member"],
    ]);
  });
});

// The HubSpot adapter against the stand-in that speaks HubSpot's documented CRM v3 contract: the
// outbox's writes as HubSpot's request shapes (contact, company and association, email engagement,
// deal in the default pipeline, stage moves, close), records matched by HubSpot's id and never by
// the address alone, 429 with Retry-After and an expired token, erasure, and polling changes back
// with search paging and the archived list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { HUBSPOT_ASSOCIATIONS, HubSpotCrm } from "../../src/crm/hubspot-crm.ts";
import { pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment } from "./crm-fixtures.ts";
import { connectHubSpot, HS_SECRET, hubspotConfig } from "./hubspot-fixtures.ts";

let database: Database;
let hs: HubSpotStandIn;
let crm: HubSpotCrm;

beforeAll(async () => {
  database = await testDatabase();
  hs = await startHubSpotStandIn();
  crm = new HubSpotCrm(database.db, HS_SECRET, hubspotConfig(hs));
});
afterAll(async () => {
  await hs.close();
  await database.close();
});

const soon = () => new Date(Date.now() + 1000);

async function lifecycle(clientId: string, contactId: string, enrollmentId: string) {
  await database.db.transaction().execute(async (tx) => {
    await enqueueCrmWrite(tx, clientId, { op: "upsert_contact", contactId });
    await enqueueCrmWrite(tx, clientId, { op: "create_deal", contactId, enrollmentId, name: "Membership" });
    await enqueueCrmWrite(tx, clientId, {
      op: "log_activity",
      contactId,
      channel: "email",
      contentType: "follow_up",
      occurredAt: "2026-03-02T10:00:00.000Z",
      note: "Step 1 follow_up sent",
    });
    await enqueueCrmWrite(tx, clientId, { op: "update_deal_stage", enrollmentId, stage: "meeting" });
    await enqueueCrmWrite(tx, clientId, { op: "close_deal", enrollmentId, outcome: "won" });
  });
}

const linkOf = (clientId: string, kind: "contact" | "deal" | "company") =>
  database.db
    .selectFrom("crm_links")
    .select(["baton_id", "external_id"])
    .where("client_id", "=", clientId)
    .where("adapter", "=", "hubspot")
    .where("kind", "=", kind)
    .execute();

describe("HubSpot adapter: writes", () => {
  it("maps the outbox to contacts, companies, engagements and deals in HubSpot's shapes", async () => {
    const t = await createTenant(database.db);
    await connectHubSpot(database.db, hs, t.clientId);
    const contactId = await addContact(database.db, t.clientId, "Morgan Hart", "morgan@hart.example");
    const enrollmentId = await addEnrollment(database.db, t.clientId, contactId);
    await lifecycle(t.clientId, contactId, enrollmentId);
    const before = hs.requests.length;
    expect(await drainCrmOutbox(database.db, crm, soon(), { clientId: t.clientId })).toEqual({
      applied: 5,
      retried: 0,
      dead: 0,
    });
    const reqs = hs.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\d{6,}/g, "{id}")}`);
    expect(reqs).toEqual([
      // each object's required properties are read before its first create (strict portals)
      "GET /crm-object-schemas/2026-09/schemas/companies",
      "POST /crm/objects/2026-09/companies",
      "GET /crm-object-schemas/2026-09/schemas/contacts",
      "POST /crm/objects/2026-09/contacts",
      "GET /crm-object-schemas/2026-09/schemas/deals",
      "POST /crm/objects/2026-09/deals",
      "POST /crm/objects/2026-09/emails",
      "PATCH /crm/objects/2026-09/deals/{id}",
      "PATCH /crm/objects/2026-09/deals/{id}",
    ]);
    const [contactLink] = await linkOf(t.clientId, "contact");
    const [companyLink] = await linkOf(t.clientId, "company");
    const contact = hs.objects.get(`contacts/${contactLink.external_id}`)!;
    expect(contact.properties).toMatchObject({
      firstname: "Morgan",
      lastname: "Hart",
      email: "morgan@hart.example",
    });
    expect(contact.associations).toEqual([
      { toType: "companies", toId: companyLink.external_id, typeId: HUBSPOT_ASSOCIATIONS.contactToCompany },
    ]);
    const [email] = hs.ofType("emails");
    expect(email.properties).toMatchObject({
      hs_timestamp: "2026-03-02T10:00:00.000Z",
      hs_email_direction: "EMAIL",
      hs_email_text: "Step 1 follow_up sent",
    });
    expect(email.associations[0]).toMatchObject({
      toId: contact.id,
      typeId: HUBSPOT_ASSOCIATIONS.emailToContact,
    });
    const [deal] = hs.ofType("deals");
    expect(deal.properties).toMatchObject({
      dealname: "Membership",
      pipeline: "default",
      dealstage: "closedwon",
    });
    expect(deal.associations[0]).toMatchObject({
      toId: contact.id,
      typeId: HUBSPOT_ASSOCIATIONS.dealToContact,
    });
    const stages = hs.requests
      .slice(before)
      .filter((r) => r.path.startsWith("/crm/objects/2026-09/deals"))
      .map((r) => r.body.properties.dealstage);
    expect(stages).toEqual(["appointmentscheduled", "presentationscheduled", "closedwon"]);

    // a second upsert PATCHes by the stored id, and re-associates the company (idempotent)
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    await drainCrmOutbox(database.db, crm, soon(), { clientId: t.clientId });
    expect(hs.requests.slice(-3).map((r) => `${r.method} ${r.path}`)).toEqual([
      expect.stringMatching(/^PATCH /),
      expect.stringMatching(/^PATCH /),
      "POST /crm/associations/2026-09/contacts/companies/batch/create",
    ]);
    expect(hs.ofType("contacts")).toHaveLength(1);
    expect(contact.associations).toHaveLength(1);
  });

  it("never adopts a HubSpot record on the address alone: same name adopted, another name dead-lettered", async () => {
    const t = await createTenant(database.db);
    await connectHubSpot(database.db, hs, t.clientId);
    const accessToken = [...hs.accessTokens.keys()].at(-1)!;
    // records already in HubSpot
    const post = (properties: Record<string, string>) =>
      fetch(`${hs.baseUrl}/crm/objects/2026-09/contacts`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ properties }),
      }).then((r) => r.json());
    const same = await post({ email: "ana@silva.example", firstname: "Ana", lastname: "Silva" });
    await post({ email: "shared@desk.example", firstname: "Front", lastname: "Desk" });
    const ana = await addContact(database.db, t.clientId, "Ana Silva", "ana@silva.example");
    const lee = await addContact(database.db, t.clientId, "Lee Park", "shared@desk.example");
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId: ana });
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId: lee });
    expect(await drainCrmOutbox(database.db, crm, soon(), { clientId: t.clientId })).toEqual({
      applied: 1,
      retried: 0,
      dead: 1,
    });
    const links = await linkOf(t.clientId, "contact");
    expect(links).toEqual([{ baton_id: ana, external_id: same.id }]);
    const dead = await database.db
      .selectFrom("crm_outbox")
      .select("last_error")
      .where("client_id", "=", t.clientId)
      .where("status", "=", "dead")
      .executeTakeFirstOrThrow();
    expect(dead.last_error).toContain("not by address alone");
  });

  it("waits out a 429's Retry-After, refreshes an expired token once, and erases (404 is fine)", async () => {
    const t = await createTenant(database.db);
    await connectHubSpot(database.db, hs, t.clientId);
    const contactId = await addContact(database.db, t.clientId, "Rae Cole", null);
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    hs.failNext(429);
    const now = soon();
    expect(await drainCrmOutbox(database.db, crm, now, { clientId: t.clientId })).toEqual({
      applied: 0,
      retried: 1,
      dead: 0,
    });
    const row = await database.db
      .selectFrom("crm_outbox")
      .select(["next_attempt_at", "last_error"])
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toContain("429 RATE_LIMIT");
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThanOrEqual(now.getTime() + 15_000);

    hs.expireAccessTokens();
    const refreshes = hs.tokenGrants.refresh_token;
    const later = new Date(now.getTime() + 60_000);
    expect(await drainCrmOutbox(database.db, crm, later, { clientId: t.clientId })).toMatchObject({
      applied: 1,
    });
    expect(hs.tokenGrants.refresh_token).toBe(refreshes + 1);

    const [link] = await linkOf(t.clientId, "contact");
    await crm.eraseContact(t.clientId, link.external_id);
    expect(hs.objects.get(`contacts/${link.external_id}`)!.archived).toBe(true);
    await crm.eraseContact(t.clientId, link.external_id); // already gone: 404, no error
  });
});

describe("HubSpot adapter: API version (issue 58)", () => {
  it("calls the date-versioned object paths, never the legacy /crm/v3 ones; an unreleased version is 404", async () => {
    const t = await createTenant(database.db);
    await connectHubSpot(database.db, hs, t.clientId);
    const contactId = await addContact(database.db, t.clientId, "Vera Dated", "vera@dated.example");
    await lifecycle(t.clientId, contactId, await addEnrollment(database.db, t.clientId, contactId));
    const before = hs.requests.length;
    expect((await drainCrmOutbox(database.db, crm, soon(), { clientId: t.clientId })).applied).toBe(5);
    await crm.readChanges(t.clientId, null);
    // associations on their dated path too: nothing on /crm/v4, which HubSpot retires in September 2027
    const paths = hs.requests
      .slice(before)
      .map((r) => r.path)
      .filter((p) => p.startsWith("/crm/"));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((p) => p.startsWith("/crm/v3/"))).toEqual([]);
    expect(paths.filter((p) => p.startsWith("/crm/v4/"))).toEqual([]);
    expect(
      paths.every((p) => p.startsWith("/crm/objects/2026-09/") || p.startsWith("/crm/associations/2026-09/")),
    ).toBe(true);
    const accessToken = [...hs.accessTokens.keys()].at(-1)!;
    const res = await fetch(`${hs.baseUrl}/crm/objects/2025-10/contacts`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.status).toBe(404);
  });
});

describe("HubSpot adapter: changes read back by polling", () => {
  it("pages the search with `after`, keeps an inclusive cursor, reads archived contacts as deleted", async () => {
    const t = await createTenant(database.db);
    await connectHubSpot(database.db, hs, t.clientId);
    const contactId = await addContact(database.db, t.clientId, "Io Tan", "io@tan.example");
    await enqueueCrmWrite(database.db, t.clientId, { op: "upsert_contact", contactId });
    await drainCrmOutbox(database.db, crm, soon(), { clientId: t.clientId });
    const [link] = await linkOf(t.clientId, "contact");

    const first = await crm.readChanges(t.clientId, null);
    const searches = hs.requests.filter((r) => r.path === "/crm/objects/2026-09/contacts/search");
    expect(searches.at(-1)!.body).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: "lastmodifieddate", operator: "GTE", value: "0" }] }],
      sorts: [{ propertyName: "lastmodifieddate", direction: "ASCENDING" }],
      limit: 100,
    });
    const total = hs.ofType("contacts").filter((c) => !c.archived).length;
    expect(first.changes.filter((c) => c.kind === "lifecycle_changed")).toHaveLength(total);
    // 150 more contacts: two pages
    for (let i = 0; i < 150; i++)
      hs.objects.set(`contacts/9${i}`, {
        type: "contacts",
        id: `9${i}`,
        properties: { lastmodifieddate: String(Date.now() + 5_000), lifecyclestage: "lead" },
        associations: [],
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        archived: false,
        history: {},
      });
    const before = hs.requests.length;
    const second = await crm.readChanges(t.clientId, first.cursor);
    const pages = hs.requests.slice(before).filter((r) => r.path === "/crm/objects/2026-09/contacts/search");
    expect(pages.map((p) => p.body.after ?? null)).toEqual([null, "100"]);
    expect(second.changes.filter((c) => c.kind === "lifecycle_changed").length).toBeGreaterThanOrEqual(150);

    // an owner and a stage set in HubSpot, then the record deleted there
    hs.edit("contacts", link.external_id, { hubspot_owner_id: "512", lifecyclestage: "opportunity" });
    const p1 = await pollCrmChanges(database.db, crm, t.clientId, new Date());
    expect(p1.applied).toBeGreaterThanOrEqual(2);
    const row = await database.db
      .selectFrom("contacts")
      .select(["crm_owner_id" as any, "crm_lifecycle_stage" as any])
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ crm_owner_id: "512", crm_lifecycle_stage: "opportunity" });
    hs.archive("contacts", link.external_id);
    await pollCrmChanges(database.db, crm, t.clientId, new Date());
    expect(await linkOf(t.clientId, "contact")).toEqual([]);
    const cursor = await database.db
      .selectFrom("crm_sync_cursors")
      .select("cursor")
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(cursor.cursor!).archived).toBeGreaterThan(0);
  });
});

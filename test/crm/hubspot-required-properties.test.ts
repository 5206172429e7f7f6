// Issue 71 item 5: a strict HubSpot portal (2026-09 write validation) refuses a create without the
// properties its admin made required. The stand-in refuses it as HubSpot does; Baton reads the
// object's required properties first, fills the ones its mapping has a value for, and otherwise
// dead-letters the write with a reason that names the property, shown where the outbox shows them.
// Updates: HubSpot refuses a PATCH that blanks a required property and takes one that leaves it
// out; Baton never sends one blank. A deal's hubspot_owner_id is its Baton owner's CRM user id.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listCrmOutbox } from "../../src/crm/crm-outbox-queries.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { HubSpotCrm } from "../../src/crm/hubspot-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment, setContactOwner } from "./crm-fixtures.ts";
import { connectHubSpot, HS_SECRET, hubspotConfig } from "./hubspot-fixtures.ts";

let database: Database;
let hs: HubSpotStandIn;

beforeAll(async () => {
  database = await testDatabase();
  hs = await startHubSpotStandIn();
});
afterAll(async () => {
  await hs.close();
  await database.close();
});

const soon = () => new Date(Date.now() + 1000);
const adapter = () => new HubSpotCrm(database.db, HS_SECRET, hubspotConfig(hs));

async function connectedContact(name: string, email: string) {
  const t = await createTenant(database.db);
  await connectHubSpot(database.db, hs, t.clientId);
  const contactId = await addContact(database.db, t.clientId, name, email);
  return { clientId: t.clientId, contactId };
}

const dead = async (clientId: string) =>
  (await listCrmOutbox(database.db, clientId, { status: "dead" })).items.map((i) => i.last_error);

describe("HubSpot strict portals: required properties", () => {
  it("the stand-in refuses a create without a required property as HubSpot does, and says so in the schema", async () => {
    hs.requireOnCreate("contacts", ["jobtitle"]);
    const { clientId } = await connectedContact("Ada Strict", "ada@strict.example");
    const token = [...hs.accessTokens.keys()].at(-1)!;
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const schema = await fetch(`${hs.baseUrl}/crm-object-schemas/2026-09/schemas/contacts`, { headers });
    expect(await schema.json()).toMatchObject({ objectTypeId: "0-1", requiredProperties: ["jobtitle"] });
    const refused = await fetch(`${hs.baseUrl}/crm/objects/2026-09/contacts`, {
      method: "POST",
      headers,
      body: JSON.stringify({ properties: { email: "x@strict.example", firstname: "X" } }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      status: "error",
      category: "VALIDATION_ERROR",
      message: "Some required properties for CONTACT creates are missing: [jobtitle]",
    });
    expect(clientId).toBeTruthy();
  });

  it("fills a required property from Baton's value (the contact's title) and the create goes through", async () => {
    hs.requireOnCreate("contacts", ["jobtitle"]);
    const { clientId, contactId } = await connectedContact("Bo Filled", "bo@filled.example");
    await enqueueCrmWrite(database.db, clientId, { op: "upsert_contact", contactId });
    const before = hs.requests.length;
    expect(await drainCrmOutbox(database.db, adapter(), soon(), { clientId })).toMatchObject({
      applied: 1,
      dead: 0,
    });
    const sent = hs.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(sent).toContain("GET /crm-object-schemas/2026-09/schemas/contacts");
    const created = hs.ofType("contacts").find((o) => o.properties.email === "bo@filled.example");
    expect(created?.properties.jobtitle).toBe("VP Marketing");
  });

  it("a required property Baton has no value for is a dead letter naming it, and nothing is sent", async () => {
    hs.requireOnCreate("contacts", ["phone"]);
    const { clientId, contactId } = await connectedContact("Cy Phoneless", "cy@phoneless.example");
    await enqueueCrmWrite(database.db, clientId, { op: "upsert_contact", contactId });
    const before = hs.requests.length;
    // broken before: the create went out and HubSpot's 400 was the dead letter's only words
    expect(await drainCrmOutbox(database.db, adapter(), soon(), { clientId })).toMatchObject({
      applied: 0,
      dead: 1,
    });
    const posts = hs.requests
      .slice(before)
      .filter((r) => r.method === "POST" && r.path === "/crm/objects/2026-09/contacts");
    expect(posts).toEqual([]);
    const [reason] = await dead(clientId);
    expect(reason).toContain(`requires the contact property "phone"`);
    expect(reason).toContain("Create Record");
    expect(hs.ofType("contacts").some((o) => o.properties.email === "cy@phoneless.example")).toBe(false);
  });

  it("a rule the schema did not show (no schema scope): HubSpot's 400 becomes the same clear dead letter", async () => {
    hs.requireOnCreate("contacts", ["phone"]);
    hs.requireOnCreate("deals", ["hubspot_owner_id"]);
    const { clientId, contactId } = await connectedContact("Di Scopeless", "di@scopeless.example");
    const enrollmentId = await addEnrollment(database.db, clientId, contactId);
    await database.db
      .updateTable("contacts")
      .set({ phone: "+44 20 7946 0000" })
      .where("contact_id", "=", contactId)
      .execute();
    await enqueueCrmWrite(database.db, clientId, { op: "upsert_contact", contactId });
    const crm = adapter();
    expect(await drainCrmOutbox(database.db, crm, soon(), { clientId })).toMatchObject({
      applied: 1,
      dead: 0,
    });
    expect(hs.ofType("contacts").find((o) => o.properties.email === "di@scopeless.example")).toMatchObject({
      properties: { phone: "+44 20 7946 0000" },
    });
    // the deals schema cannot be read (a grant from before the schema scopes): 403
    await enqueueCrmWrite(database.db, clientId, {
      op: "create_deal",
      contactId,
      enrollmentId,
      name: "Deal",
    });
    hs.failNext(403);
    expect(await drainCrmOutbox(database.db, crm, soon(), { clientId })).toMatchObject({ dead: 1 });
    const [reason] = await dead(clientId);
    expect(reason).toContain(`requires the deal property "hubspot_owner_id"`);
    expect(reason).toContain("Some required properties for DEAL creates are missing: [hubspot_owner_id]");
    hs.requireOnCreate("contacts", []);
    hs.requireOnCreate("deals", []);
  });
});

describe("HubSpot strict portals: updates and the deal owner", () => {
  // the portal's rules are the stand-in's, shared by the file: each test starts from none
  afterEach(() => {
    for (const type of ["contacts", "companies", "deals"]) hs.requireOnCreate(type, []);
  });
  const token = () => [...hs.accessTokens.keys()].at(-1)!;
  const patch = (path: string, properties: Record<string, string>) =>
    fetch(`${hs.baseUrl}/crm/objects/2026-09/${path}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token()}`, "content-type": "application/json" },
      body: JSON.stringify({ properties }),
    });
  const rename = (clientId: string, contactId: string, full_name: string) =>
    database.db
      .updateTable("contacts")
      .set({ full_name })
      .where("client_id", "=", clientId)
      .where("contact_id", "=", contactId)
      .execute();
  const upsert = async (clientId: string, contactId: string, crm = adapter()) => {
    await enqueueCrmWrite(database.db, clientId, { op: "upsert_contact", contactId });
    return drainCrmOutbox(database.db, crm, soon(), { clientId });
  };

  it("the stand-in refuses a PATCH that blanks a required property, and takes one that leaves it out", async () => {
    hs.requireOnCreate("contacts", ["lastname"]);
    const { clientId, contactId } = await connectedContact("Eve Keeps", "eve@keeps.example");
    expect(await upsert(clientId, contactId)).toMatchObject({ applied: 1 });
    const [eve] = hs.ofType("contacts").filter((o) => o.properties.email === "eve@keeps.example");
    const refused = await patch(`contacts/${eve.id}`, { firstname: "Eve", lastname: "" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      category: "VALIDATION_ERROR",
      message: "Some required properties for CONTACT updates are missing: [lastname]",
    });
    expect((await patch(`contacts/${eve.id}`, { firstname: "Evelyn" })).status).toBe(200);
    expect(eve.properties).toMatchObject({ firstname: "Evelyn", lastname: "Keeps" });
    hs.requireOnCreate("contacts", []);
  });

  it("an update never sends a required property blank: it is left out and HubSpot keeps its value", async () => {
    hs.requireOnCreate("contacts", ["lastname"]);
    const { clientId, contactId } = await connectedContact("Fay Onename", "fay@onename.example");
    expect(await upsert(clientId, contactId)).toMatchObject({ applied: 1, dead: 0 });
    // the person's name is now one word: Baton has no last name to send
    await rename(clientId, contactId, "Fay");
    const before = hs.requests.length;
    // broken before: the PATCH sent lastname "" and the strict portal refused it (a dead letter)
    expect(await upsert(clientId, contactId)).toMatchObject({ applied: 1, dead: 0 });
    const sent = hs.requests
      .slice(before)
      .filter((r) => r.method === "PATCH" && r.path.includes("/contacts/"));
    expect(sent).toHaveLength(1);
    expect(sent[0].body.properties).toEqual({
      firstname: "Fay",
      email: "fay@onename.example",
      company: "Onename Corp",
    });
    const fay = hs.ofType("contacts").find((o) => o.properties.email === "fay@onename.example");
    expect(fay?.properties).toMatchObject({ firstname: "Fay", lastname: "Onename" });
    // a property the portal does not require is still written blank, as before
    hs.requireOnCreate("contacts", []);
    await rename(clientId, contactId, "Fay");
    expect(await upsert(clientId, contactId)).toMatchObject({ applied: 1 });
    expect(fay?.properties.lastname).toBe("");
  });

  it("an update HubSpot refuses for a required property its list did not show is a dead letter naming it, on update", async () => {
    const { clientId, contactId } = await connectedContact("Gus Twoname", "gus@twoname.example");
    const crm = adapter();
    expect(await upsert(clientId, contactId, crm)).toMatchObject({ applied: 1 });
    // the admin makes lastname required after Baton read the list (kept 10 minutes)
    hs.requireOnCreate("contacts", ["lastname"]);
    await rename(clientId, contactId, "Gus");
    expect(await upsert(clientId, contactId, crm)).toMatchObject({ dead: 1 });
    const [reason] = await dead(clientId);
    expect(reason).toContain(`requires the contact property "lastname" on update`);
    expect(reason).toContain("Some required properties for CONTACT updates are missing: [lastname]");
    expect(hs.ofType("contacts").find((o) => o.properties.email === "gus@twoname.example")).toMatchObject({
      properties: { lastname: "Twoname" },
    });
    hs.requireOnCreate("contacts", []);
  });

  it("a deal's owner is its Baton owner's CRM user id (hubspot_owner_id), required or not", async () => {
    hs.requireOnCreate("deals", ["hubspot_owner_id"]);
    const { clientId, contactId } = await connectedContact("Hal Owned", "hal@owned.example");
    const t = await database.db
      .selectFrom("principals")
      .select("principal_id")
      .where("client_id", "=", clientId)
      .where("kind", "=", "person")
      .where("email", "is not", null)
      .executeTakeFirstOrThrow();
    await setContactOwner(database.db, clientId, contactId, t.principal_id);
    await database.db
      .updateTable("principals")
      .set({ crm_user_id: "77001234" })
      .where("client_id", "=", clientId)
      .where("principal_id", "=", t.principal_id)
      .execute();
    const enrollmentId = await addEnrollment(database.db, clientId, contactId);
    await enqueueCrmWrite(database.db, clientId, {
      op: "create_deal",
      contactId,
      enrollmentId,
      name: "Hal deal",
    });
    expect(await drainCrmOutbox(database.db, adapter(), soon(), { clientId })).toMatchObject({ dead: 0 });
    const deal = hs.ofType("deals").find((o) => o.properties.dealname === "Hal deal");
    expect(deal?.properties).toMatchObject({
      hubspot_owner_id: "77001234",
      dealstage: "appointmentscheduled",
    });
    // a stage move leaves the owner as it is (the PATCH names only the stage)
    await enqueueCrmWrite(database.db, clientId, { op: "close_deal", enrollmentId, outcome: "won" });
    expect(await drainCrmOutbox(database.db, adapter(), soon(), { clientId })).toMatchObject({ applied: 1 });
    expect(deal?.properties).toMatchObject({ hubspot_owner_id: "77001234", dealstage: "closedwon" });
    hs.requireOnCreate("deals", []);
  });

  it("a required hubspot_owner_id with no mapping is a dead letter naming it and what to set; no deal is sent", async () => {
    hs.requireOnCreate("deals", ["hubspot_owner_id"]);
    // an owner without a CRM user id
    const a = await connectedContact("Ida Unmapped", "ida@unmapped.example");
    const owner = await database.db
      .selectFrom("principals")
      .select("principal_id")
      .where("client_id", "=", a.clientId)
      .where("kind", "=", "person")
      .where("email", "is not", null)
      .executeTakeFirstOrThrow();
    const email = await setContactOwner(database.db, a.clientId, a.contactId, owner.principal_id);
    const e1 = await addEnrollment(database.db, a.clientId, a.contactId);
    await enqueueCrmWrite(database.db, a.clientId, {
      op: "create_deal",
      contactId: a.contactId,
      enrollmentId: e1,
      name: "Ida deal",
    });
    const before = hs.requests.length;
    expect(await drainCrmOutbox(database.db, adapter(), soon(), { clientId: a.clientId })).toMatchObject({
      dead: 1,
    });
    const posts = hs.requests.slice(before).filter((r) => r.method === "POST" && r.path.endsWith("/deals"));
    expect(posts).toEqual([]);
    const [reason] = await dead(a.clientId);
    expect(reason).toContain(`requires the deal property "hubspot_owner_id" on create`);
    expect(reason).toContain(`the deal's owner in Baton, ${email}`);
    expect(reason).toContain("CRM user id");
    // no owner at all: the reason says to set the contact's owner
    const b = await connectedContact("Jo Ownerless", "jo@ownerless.example");
    const e2 = await addEnrollment(database.db, b.clientId, b.contactId);
    await enqueueCrmWrite(database.db, b.clientId, {
      op: "create_deal",
      contactId: b.contactId,
      enrollmentId: e2,
      name: "Jo deal",
    });
    expect(await drainCrmOutbox(database.db, adapter(), soon(), { clientId: b.clientId })).toMatchObject({
      dead: 1,
    });
    const [noOwner] = await dead(b.clientId);
    expect(noOwner).toContain(`requires the deal property "hubspot_owner_id"`);
    expect(noOwner).toContain(`no person owns enrollment ${e2}`);
    expect(
      hs
        .ofType("deals")
        .some((o) => o.properties.dealname !== undefined && /Ida|Jo/.test(o.properties.dealname ?? "")),
    ).toBe(false);
    hs.requireOnCreate("deals", []);
  });
});

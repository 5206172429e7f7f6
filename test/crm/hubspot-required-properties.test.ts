// Issue 71 item 5: a strict HubSpot portal (2026-09 write validation) refuses a create without the
// properties its admin made required. The stand-in refuses it as HubSpot does; Baton reads the
// object's required properties first, fills the ones its mapping has a value for, and otherwise
// dead-letters the write with a reason that names the property, shown where the outbox shows them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCrmOutbox } from "../../src/crm/crm-outbox-queries.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { HubSpotCrm } from "../../src/crm/hubspot-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact, addEnrollment } from "./crm-fixtures.ts";
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

// Issue 69: a HubSpot title change heard both by its webhook (which names no change) and by the poll
// (which names it by its property version) is one crm_title_change signal, whichever comes first:
// the webhook updates the contact at once and leaves the signal to the poll's named version.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCrmChanges } from "../../src/crm/apply-crm-changes.ts";
import { changesOfWebhookEvents } from "../../src/crm/hubspot-changes.ts";
import { HubSpotCrm } from "../../src/crm/hubspot-crm.ts";
import { pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { connectHubSpot, HS_SECRET, hubspotConfig } from "../crm/hubspot-fixtures.ts";
import { testDatabase } from "../support/db.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { addCompany } from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");
let d: Database;
let hs: HubSpotStandIn;
let t: Tenant;
let crm: HubSpotCrm;
beforeAll(async () => {
  d = await testDatabase();
  hs = await startHubSpotStandIn();
  t = await createTenant(d.db, "hstitle");
  await connectHubSpot(d.db, hs, t.clientId);
  crm = new HubSpotCrm(d.db, HS_SECRET, hubspotConfig(hs));
}, 60_000);
afterAll(async () => {
  await hs?.close();
  await d?.close();
});

describe("a HubSpot title change heard by webhook and poll", () => {
  it("counts once, whether the webhook or the poll hears it first", async () => {
    const db = d.db;
    const co = await addCompany(db, t.clientId, "titleco", ["Ada", "Ben"]);
    const ids: string[] = [];
    for (const [i, contactId] of co.contacts.entries()) {
      const { externalId } = await crm.upsertContact(t.clientId, {
        contactId,
        externalId: null,
        fullName: ["Ada", "Ben"][i],
        email: co.emails[i],
        company: "TitleCo",
      });
      ids.push(externalId);
      await db
        .updateTable("contacts")
        .set({ external_id: externalId })
        .where("contact_id", "=", contactId)
        .execute();
    }
    let clock = Date.now();
    const at = () => {
      clock += 1000;
      return new Date(clock);
    };
    const poll = () => pollCrmChanges(db, crm, t.clientId, NOW);
    const webhook = (i: number, title: string, when: Date) =>
      applyCrmChanges(
        db,
        t.clientId,
        "hubspot",
        changesOfWebhookEvents([
          {
            portalId: 1,
            subscriptionType: "contact.propertyChange",
            objectId: Number(ids[i]),
            occurredAt: when.getTime(),
            propertyName: "jobtitle",
            propertyValue: title,
          },
        ]),
        NOW,
      );
    const titleSignals = async (contactId: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from signals
           where client_id = ${t.clientId} and contact_id = ${contactId} and type = 'crm_title_change'`.execute(
          db,
        )
      ).rows[0].n;

    // both have a title Baton has read (a first reading is no change)
    for (const id of ids) hs.edit("contacts", id, { jobtitle: "Engineer" }, at());
    await poll();
    expect(await titleSignals(co.contacts[0])).toBe(0);

    // Ada: the webhook first, then the poll
    const adaAt = at();
    hs.edit("contacts", ids[0], { jobtitle: "VP Engineering" }, adaAt);
    await webhook(0, "VP Engineering", adaAt);
    await poll();
    await poll();
    expect(await titleSignals(co.contacts[0])).toBe(1);

    // Ben: the poll first, a second change polled, then the first change's webhook late (HubSpot
    // retries a delivery for hours): still one signal per change
    const benAt = at();
    hs.edit("contacts", ids[1], { jobtitle: "Staff Engineer" }, benAt);
    await poll();
    hs.edit("contacts", ids[1], { jobtitle: "Principal Engineer" }, at());
    await poll();
    await webhook(1, "Staff Engineer", benAt);
    expect(await titleSignals(co.contacts[1])).toBe(2);
    const attrs = await db
      .selectFrom("signals")
      .select("attributes")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", co.contacts[0])
      .where("type", "=", "crm_title_change")
      .executeTakeFirstOrThrow();
    expect(attrs.attributes).toMatchObject({ title: "VP Engineering", previous_title: "Engineer" });
  }, 120_000);
});

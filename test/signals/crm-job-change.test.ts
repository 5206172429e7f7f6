// Issue 69 must-show, from a real sync: a job change synced from HubSpot (the stand-in, polled as in
// production) exits the old enrollment as left_company and proposes the person at the new company;
// no touch goes to the old address afterwards. A move HubSpot's own history proves (the company and,
// with it, the address at the new company's domain) converts; a change that could be a data fix (a
// renamed company, a personal address) moves nobody and pauses for a person. The stand-in refuses
// what HubSpot refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubSpotCrm } from "../../src/crm/hubspot-crm.ts";
import { pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import type { Database } from "../../src/db/connect.ts";
import { executeActivePlays } from "../../src/plays/execute-active-plays.ts";
import { connectHubSpot, HS_SECRET, hubspotConfig } from "../crm/hubspot-fixtures.ts";
import { testDatabase } from "../support/db.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { engineAfterTheMove, inSegment, intentPlay } from "./signal-plays-fixture.ts";
import { addCompany, contactsToReview, enrollmentsByContact } from "./signals-fixture.ts";

const NOW = new Date("2026-11-24T15:00:00Z");

let d: Database;
let hs: HubSpotStandIn;
let t: Tenant;
let crm: HubSpotCrm;
beforeAll(async () => {
  d = await testDatabase();
  hs = await startHubSpotStandIn();
  t = await createTenant(d.db, "hsjc");
  await connectHubSpot(d.db, hs, t.clientId);
  crm = new HubSpotCrm(d.db, HS_SECRET, hubspotConfig(hs));
}, 60_000);
afterAll(async () => {
  await hs?.close();
  await d?.close();
});

describe("a job change synced from HubSpot", () => {
  it("converts only what HubSpot's history proves: left_company and the new contact; the unsure wait for a person", async () => {
    const db = d.db;
    const oldCo = await addCompany(db, t.clientId, "oldco", ["Pat", "Sam", "Kim"], "T1");
    const newCo = await addCompany(db, t.clientId, "newco", [], "T1");
    await inSegment(db, t.clientId, oldCo.accountId);
    await inSegment(db, t.clientId, newCo.accountId);
    // each person is a HubSpot contact, linked by the CRM's record id
    const hubspotId: string[] = [];
    for (const [i, contactId] of oldCo.contacts.entries()) {
      const { externalId } = await crm.upsertContact(t.clientId, {
        contactId,
        externalId: null,
        fullName: ["Pat", "Sam", "Kim"][i],
        email: oldCo.emails[i],
        company: "OldCo",
      });
      hubspotId.push(externalId);
      await db
        .updateTable("contacts")
        .set({ external_id: externalId })
        .where("contact_id", "=", contactId)
        .execute();
    }
    await intentPlay(db, t, "T1 outreach", [], NOW);
    const [run] = await executeActivePlays(db, NOW, { clientId: t.clientId });
    expect(run.decisions.allow).toBe(3);
    // the first poll reads the portal: a first company value is no change
    await pollCrmChanges(db, crm, t.clientId, NOW);
    expect(
      await db.selectFrom("signals").select("signal_id").where("client_id", "=", t.clientId).execute(),
    ).toEqual([]);

    // people working in HubSpot: Pat moved (company and a new address at NewCo's domain); OldCo
    // renamed on Sam's record (a data fix); Kim's company changed with a personal address only
    const edited = new Date(Date.now() + 1000);
    hs.edit("contacts", hubspotId[0], { company: "NewCo", email: `pat@${newCo.domain}` }, edited);
    hs.edit("contacts", hubspotId[1], { company: "OldCo Holdings" }, edited);
    hs.edit("contacts", hubspotId[2], { company: "NewCo", email: "kim.r@gmail.com" }, edited);
    const moved = new Date(NOW.getTime() + 3600_000);
    await pollCrmChanges(db, crm, t.clientId, moved);
    // read again (the cursor is inclusive): nothing twice
    await pollCrmChanges(db, crm, t.clientId, moved);
    const batch = hs.requests.filter((r) => r.path.endsWith("/contacts/batch/read"));
    expect(batch.at(-1)?.body).toMatchObject({
      propertiesWithHistory: expect.arrayContaining(["company", "email"]),
    });

    const of = await enrollmentsByContact(db, t.clientId);
    expect(of(oldCo.contacts[0])).toMatchObject({ status: "exited", exit_reason: "left_company" });
    expect(of(oldCo.contacts[1])).toMatchObject({ status: "active", exit_reason: null });
    expect(of(oldCo.contacts[2])).toMatchObject({ status: "active", exit_reason: null });
    const atNewCo = await db
      .selectFrom("contacts")
      .select(["contact_id", "full_name", "email"])
      .where("client_id", "=", t.clientId)
      .where("account_id", "=", newCo.accountId)
      .execute();
    expect(atNewCo).toEqual([
      { contact_id: expect.any(String), full_name: "Pat", email: `pat@${newCo.domain}` },
    ]);
    const patNew = atNewCo[0].contact_id;
    const signals = await db
      .selectFrom("signals")
      .select(["type", "contact_id", "source"])
      .where("client_id", "=", t.clientId)
      .orderBy("type")
      .orderBy("contact_id")
      .execute();
    expect(signals).toEqual(
      [
        { type: "company_change_unconfirmed", contact_id: oldCo.contacts[1], source: "crm:hubspot" },
        { type: "company_change_unconfirmed", contact_id: oldCo.contacts[2], source: "crm:hubspot" },
        { type: "job_change", contact_id: patNew, source: "crm:hubspot" },
      ].sort((a, b) => a.type.localeCompare(b.type) || a.contact_id.localeCompare(b.contact_id)),
    );
    expect(await contactsToReview(db, t.clientId)).toEqual([oldCo.contacts[1], oldCo.contacts[2]].sort());

    // the play execution proposes Pat at NewCo; days of the engine: nothing to the old address
    const [next] = await executeActivePlays(db, moved, { clientId: t.clientId });
    expect(next).toMatchObject({ requested: 1, decisions: { allow: 1 } });
    const after = await engineAfterTheMove(d, t, moved);
    expect(after.touched).toContain(patNew);
    expect(after.touched).not.toContain(oldCo.contacts[0]);
    expect(after.suppressed).toEqual([oldCo.emails[0]]);
  }, 180_000);

  it("the stand-in refuses what HubSpot refuses: no token, an unknown property, too many records with history", async () => {
    const token = [...hs.accessTokens.keys()].at(-1)!;
    const call = (method: string, path: string, body: unknown, auth = `Bearer ${token}`) =>
      fetch(`${hs.baseUrl}${path}`, {
        method,
        headers: { authorization: auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const read = { inputs: [{ id: "1" }], propertiesWithHistory: ["company"] };
    expect(
      (await call("POST", "/crm/objects/2026-09/contacts/batch/read", read, "Bearer forged")).status,
    ).toBe(401);
    expect((await call("POST", "/crm/objects/2026-05/contacts/batch/read", read)).status).toBe(404);
    const many = {
      inputs: Array.from({ length: 51 }, (_, i) => ({ id: String(i) })),
      propertiesWithHistory: ["company"],
    };
    expect((await call("POST", "/crm/objects/2026-09/contacts/batch/read", many)).status).toBe(400);
    const created = await call("POST", "/crm/objects/2026-09/contacts", { properties: { job_title: "CTO" } });
    expect(created.status).toBe(400);
    expect(await created.text()).toContain("PROPERTY_DOESNT_EXIST");
    const missing = await call("POST", "/crm/objects/2026-09/contacts/batch/read", read);
    expect(missing.status).toBe(207);
  });
});

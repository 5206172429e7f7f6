// Issue 69: a deal (Opportunity) stage a person sets in Salesforce is a crm_stage_change signal for
// the opportunity's contacts (OpportunityContactRole), read from OpportunityFieldHistory by the poll,
// dated by the history row's CreatedDate and deduplicated by the row's Id (with the contact). Baton's
// own stage writes (the rows its user created, named by the token answer's identity URL) are no
// person's change. The stand-in is strict: history is read only, anyType values are not filterable.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import { decodeCursor } from "../../src/crm/salesforce-changes.ts";
import type { SalesforceCrm } from "../../src/crm/salesforce-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { API_USER, PERSON_USER } from "../support/salesforce-store.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact } from "./crm-fixtures.ts";
import { connectedCrm } from "./salesforce-fixtures.ts";

let database: Database;
let sf: SalesforceStandIn;
let crm: SalesforceCrm;
let T: string;
let other: string;
const at = (iso: string) => {
  sf.clock = new Date(iso);
};

/** A Baton contact of `clientId` that names the Salesforce contact `sfId` (an import's CRM id). */
async function linked(clientId: string, name: string, sfId: string) {
  const id = await addContact(database.db, clientId, name, `${name.toLowerCase()}@acme.example`);
  await sql`update contacts set external_id = ${sfId} where client_id = ${clientId} and contact_id = ${id}`.execute(
    database.db,
  );
  return id;
}

const signals = (clientId: string) =>
  database.db
    .selectFrom("signals")
    .select(["type", "contact_id", "occurred_at", "source", "external_id", "attributes"])
    .where("client_id", "=", clientId)
    .where("type", "=", "crm_stage_change")
    .orderBy("external_id")
    .execute();

beforeAll(async () => {
  database = await testDatabase();
  sf = await startSalesforceStandIn();
  T = (await createTenant(database.db, "sf-stage")).clientId;
  other = (await createTenant(database.db, "sf-stage-o")).clientId;
  at("2026-03-10T08:00:00Z");
  crm = await connectedCrm(database.db, sf, T);
}, 180_000);
afterAll(async () => {
  await sf.close();
  await database.close();
});

describe("Salesforce deal stages as signals", () => {
  it("the connection stores the user Baton acts as, from the identity URL", async () => {
    const row = await database.db
      .selectFrom("crm_oauth_tokens")
      .select(["account_ref", "user_ref"])
      .where("client_id", "=", T)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ account_ref: "00D000000000001AAA", user_ref: API_USER });
  });

  it("a stage a person sets reaches the opportunity's contacts once; Baton's own stage write does not", async () => {
    at("2026-03-10T08:00:00Z");
    const account = sf.store.create("Account", { Name: "Acme" });
    const ann = sf.store.create("Contact", { LastName: "Ann", AccountId: account });
    const bo = sf.store.create("Contact", { LastName: "Bo", AccountId: account });
    const cy = sf.store.create("Contact", { LastName: "Cy", AccountId: account });
    const opp = sf.store.create("Opportunity", {
      Name: "Acme renewal",
      StageName: "Prospecting",
      CloseDate: "2026-06-30",
      AccountId: account,
    });
    for (const c of [ann, bo])
      sf.store.create("OpportunityContactRole", { OpportunityId: opp, ContactId: c });
    const annId = await linked(T, "Ann", ann);
    const boId = await linked(T, "Bo", bo);
    // on the account, without a contact role on the opportunity: not the deal's person
    await linked(T, "Cy", cy);
    // another tenant's contact carries the same Salesforce id: it is not this org's, nothing reaches it
    const theirs = await linked(other, "Ann", ann);
    const start = (await crm.readChanges(T, null)).cursor;

    at("2026-03-10T09:00:00Z");
    // Baton's outbox moves the stage over the API (its user): no person changed it
    await crm.updateDealStage(T, opp, "engaged");
    at("2026-03-10T09:30:00Z");
    // a person moves it in Salesforce
    sf.store.update("Opportunity", opp, { StageName: "Negotiation/Review" });
    const rows = sf.store.all("OpportunityFieldHistory").filter((r) => r.OpportunityId === opp);
    expect(rows.map((r) => [r.Field, r.NewValue, r.CreatedById])).toEqual([
      ["created", null, PERSON_USER],
      ["StageName", "Qualification", API_USER],
      ["StageName", "Negotiation/Review", PERSON_USER],
    ]);
    const personRow = rows[2]!;

    at("2026-03-10T09:35:00Z");
    await pollCrmChanges(database.db, crm, T, sf.clock);
    const got = await signals(T);
    expect(got.map((s) => [s.contact_id, s.external_id, s.occurred_at, s.attributes])).toEqual(
      [
        [annId, `deal_stage_changed:${personRow.Id}:${ann}`],
        [boId, `deal_stage_changed:${personRow.Id}:${bo}`],
      ]
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])))
        .map(([c, e]) => [
          c,
          e,
          new Date("2026-03-10T09:30:00Z"),
          { crm: "salesforce", deal_stage: "Negotiation/Review", deal_id: opp },
        ]),
    );
    expect(got.every((s) => s.source === "crm:salesforce")).toBe(true);
    // read again from the start (an inclusive cursor, a crash before the cursor was stored): once
    await sql`update crm_sync_cursors set cursor = ${start} where client_id = ${T}`.execute(database.db);
    await pollCrmChanges(database.db, crm, T, sf.clock);
    expect(await signals(T)).toHaveLength(2);
    expect(await signals(other)).toEqual([]);
    const theirContact = await database.db
      .selectFrom("contacts")
      .select("last_sales_signal")
      .where("contact_id", "=", theirs)
      .executeTakeFirstOrThrow();
    expect(theirContact.last_sales_signal).toBeNull();
  });

  it("a connection whose user is not known yet waits for it, then reads the stages it waited on", async () => {
    at("2026-03-11T08:00:00Z");
    const account = sf.store.create("Account", { Name: "Globex" });
    const dee = sf.store.create("Contact", { LastName: "Dee", AccountId: account });
    const opp = sf.store.create("Opportunity", {
      Name: "Globex",
      StageName: "Prospecting",
      CloseDate: "2026-06-30",
      AccountId: account,
    });
    sf.store.create("OpportunityContactRole", { OpportunityId: opp, ContactId: dee, IsPrimary: true });
    const deeId = await linked(T, "Dee", dee);
    await pollCrmChanges(database.db, crm, T, sf.clock);
    // a connection made before Baton stored its user (its token still good for a day)
    await sql`update crm_oauth_tokens set user_ref = null, expires_at = ${new Date("2026-03-12T08:00:00Z")}
               where client_id = ${T}`.execute(database.db);
    at("2026-03-11T09:00:00Z");
    sf.store.update("Opportunity", opp, { StageName: "Closed Won" });
    at("2026-03-11T09:10:00Z");
    const waiting = await pollCrmChanges(database.db, crm, T, sf.clock);
    const held = decodeCursor(waiting.cursor, sf.clock);
    expect(held.o.getTime()).toBeLessThan(new Date("2026-03-11T09:00:00Z").getTime());
    expect((await signals(T)).filter((s) => s.contact_id === deeId)).toEqual([]);
    // the session times out; the refresh answer names the user again
    sf.expireSessions();
    at("2026-03-11T09:20:00Z");
    await pollCrmChanges(database.db, crm, T, sf.clock);
    const user = await database.db
      .selectFrom("crm_oauth_tokens")
      .select("user_ref")
      .where("client_id", "=", T)
      .executeTakeFirstOrThrow();
    expect(user.user_ref).toBe(API_USER);
    at("2026-03-11T09:30:00Z");
    await pollCrmChanges(database.db, crm, T, sf.clock);
    expect((await signals(T)).filter((s) => s.contact_id === deeId).map((s) => s.attributes)).toEqual([
      { crm: "salesforce", deal_stage: "Closed Won", deal_id: opp },
    ]);
  });

  it("the stand-in refuses what Salesforce refuses: writing the history, filtering by its anyType values", async () => {
    expect(() => sf.store.create("OpportunityFieldHistory", { Field: "StageName" })).toThrow(
      /cannot be inserted/,
    );
    await expect(
      crm.rest.query(T, "SELECT Id FROM OpportunityFieldHistory WHERE NewValue = 'Closed Won'"),
    ).rejects.toThrow(/INVALID_FIELD.*can not be filtered/);
    await expect(crm.rest.query(T, "SELECT Id, SystemModstamp FROM OpportunityFieldHistory")).rejects.toThrow(
      /INVALID_FIELD/,
    );
    // sorting by them is allowed, and IN is read as Salesforce reads it
    await expect(
      crm.rest.query(
        T,
        "SELECT Id FROM OpportunityFieldHistory WHERE Field IN ('StageName') ORDER BY NewValue",
      ),
    ).resolves.toBeTruthy();
  });
});

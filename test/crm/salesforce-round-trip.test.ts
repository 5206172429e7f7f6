// issue 41 "Must show" for Salesforce, on the real engine, outbox and coordinator against the
// stand-in: a contact enrolled in a sales campaign, its first touch logged as a Task, the
// Opportunity created and moved; then an opt-out made in Salesforce (HasOptedOutOfEmail) reaches
// Baton by polling and gate 1 refuses the next touch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { SalesforceCrm } from "../../src/crm/salesforce-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { connect, memorySessions } from "./salesforce-fixtures.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
let database: Database;
let sf: SalesforceStandIn;

beforeAll(async () => {
  database = await testDatabase();
  sf = await startSalesforceStandIn();
});
afterAll(async () => {
  await sf.close();
  await database.close();
});

describe("Salesforce round trip", () => {
  it("enroll → Task → Opportunity moved → opt-out in Salesforce → gate 1 refuses the next touch", async () => {
    const db = database.db;
    const t = await createTenant(db, "sfrt");
    const crm = new SalesforceCrm(memorySessions(sf, await connect(sf)), {
      apiVersion: "60.0",
      now: () => sf.clock,
    });
    await createCampaign(
      db,
      t.revops,
      {
        slug: "sf_close",
        name: "Salesforce close",
        type: "membership",
        owner_role: "roles.sales",
        kind: "sales",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Say hi.",
          },
          {
            step_number: 2,
            delay_days: 3,
            channel: "email",
            content_type: "proof",
            template_instructions: "Proof.",
          },
        ],
      },
      T0,
    );
    const contactId = await addContact(db, t.clientId, "Dana Reyes", {
      company: "Reyes Corp",
      email: "dana@reyes.example",
    });
    await enrollContact(db, t.exec, { campaign: "sf_close", contactId }, T0);
    const deps = await engineDeps(database);
    await runUntil(deps, t, T0, day(1));
    sf.clock = day(1);
    const drained = await drainCrmOutbox(db, crm, day(1), { clientId: t.clientId });
    expect(drained).toMatchObject({ retried: 0, dead: 0 });

    const [contact] = sf.store.all("Contact");
    expect(contact).toMatchObject({ FirstName: "Dana", LastName: "Reyes", Email: "dana@reyes.example" });
    expect(sf.store.get("Account", String(contact?.AccountId)).Name).toBe("Reyes Corp");
    expect(sf.store.all("Task")).toMatchObject([
      {
        WhoId: contact?.Id,
        Status: "Completed",
        TaskSubtype: "Email",
        Subject: "Baton email touch: follow_up",
      },
    ]);
    // enrolled → Prospecting, then step 1 sent moves it to Qualification (spec 002 stages)
    expect(sf.store.all("Opportunity")).toMatchObject([
      { StageName: "Qualification", AccountId: contact?.AccountId },
    ]);
    expect(sf.store.all("OpportunityContactRole")).toMatchObject([
      { ContactId: contact?.Id, IsPrimary: true },
    ]);
  });

  it("REQUEST_LIMIT_EXCEEDED backs off through the outbox; the write is applied on a later drain", async () => {
    const db = database.db;
    const t = await createTenant(db, "sfrl");
    const crm = new SalesforceCrm(memorySessions(sf, await connect(sf)), {
      apiVersion: "60.0",
      now: () => sf.clock,
    });
    const contactId = await addContact(db, t.clientId, "Sam Ortiz", { email: "sam@ortiz.example" });
    await enqueueCrmWrite(db, t.clientId, { op: "upsert_contact", contactId });
    sf.failNext("REQUEST_LIMIT_EXCEEDED");
    expect(await drainCrmOutbox(db, crm, T0, { clientId: t.clientId })).toEqual({
      applied: 0,
      retried: 1,
      dead: 0,
    });
    const row = await db
      .selectFrom("crm_outbox")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row.last_error).toContain("403 REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.");
    expect(new Date(row.next_attempt_at)).toEqual(new Date(T0.getTime() + 15_000));
    expect(await drainCrmOutbox(db, crm, new Date(T0.getTime() + 15_000), { clientId: t.clientId })).toEqual({
      applied: 1,
      retried: 0,
      dead: 0,
    });
    expect(sf.store.all("Contact").some((c) => c.LastName === "Ortiz")).toBe(true);
  });
});

// SalesforceCrm against the stand-in, on tokens stored as the OAuth flow stores them: the request shapes, a refresh and one retry
// on 401 INVALID_SESSION_ID, REQUEST_LIMIT_EXCEEDED and 5xx transient, error arrays permanent,
// query batches followed, and changes read back by a keyset cursor and the deleted feed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CrmWriteError } from "../../src/crm/builtin-crm.ts";
import type { SalesforceCrm } from "../../src/crm/salesforce-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { connectedCrm, SECRET } from "./salesforce-fixtures.ts";

let database: Database;
let sf: SalesforceStandIn;
let crm: SalesforceCrm;
let T: string;

beforeAll(async () => {
  database = await testDatabase();
  sf = await startSalesforceStandIn({ customFields: { Contact: ["Lifecycle_Stage__c"] } });
  T = (await createTenant(database.db)).clientId;
  crm = await connectedCrm(database.db, sf, T, { lifecycleField: "Lifecycle_Stage__c" });
});
afterAll(async () => {
  await sf.close();
  await database.close();
});
beforeEach(() => {
  sf.clock = new Date("2026-03-02T09:00:00Z");
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e) => e as CrmWriteError & { code?: string },
  );

describe("SalesforceCrm writes", () => {
  it("contact with its Account, Task, Opportunity with contact role, stage moves and close", async () => {
    const before = sf.requests.length;
    const { externalId } = await crm.upsertContact(T, {
      contactId: "c1",
      externalId: null,
      fullName: "Morgan Lee Hart",
      email: "morgan@hart.example",
      company: "Hart Corp",
    });
    const contact = sf.store.get("Contact", externalId);
    expect(contact).toMatchObject({
      FirstName: "Morgan",
      LastName: "Lee Hart",
      Email: "morgan@hart.example",
    });
    expect(sf.store.get("Account", String(contact.AccountId)).Name).toBe("Hart Corp");
    // known id → PATCH by that id; the email is never used to find the record
    await crm.upsertContact(T, {
      contactId: "c1",
      externalId,
      fullName: "Cher",
      email: "new@hart.example",
      company: null,
    });
    expect(sf.store.get("Contact", externalId)).toMatchObject({
      LastName: "Cher",
      Email: "new@hart.example",
    });

    await crm.logActivity(T, {
      externalContactId: externalId,
      channel: "email",
      contentType: "follow_up",
      occurredAt: new Date("2026-03-02T10:00:00Z"),
      note: "Step 1 follow_up sent",
    });
    const { dealId } = await crm.createDeal(T, {
      externalContactId: externalId,
      name: "B2BEA membership",
      stage: "enrolled",
      enrollmentId: "e1",
    });
    await crm.updateDealStage(T, dealId, "meeting");
    sf.clock = new Date("2026-04-10T12:00:00Z");
    await crm.closeDeal(T, dealId, "won");
    expect(
      sf.requests
        .slice(before)
        .filter((r) => r.path.startsWith("/services/data/"))
        .map((r) => `${r.method} ${r.path.replace(/\/[0-9a-zA-Z]{18}(?=$|\?)/, "/{Id}")}`),
    ).toEqual([
      // upserts by Baton's own ids (the External ID field): a retry finds what it made
      "PATCH /services/data/v68.0/sobjects/Account/Baton_Id__c/contact%3Ac1",
      "PATCH /services/data/v68.0/sobjects/Contact/Baton_Id__c/c1",
      "PATCH /services/data/v68.0/sobjects/Contact/{Id}",
      "POST /services/data/v68.0/sobjects/Task",
      "GET /services/data/v68.0/sobjects/Opportunity/Baton_Id__c/e1?fields=Id",
      "GET /services/data/v68.0/sobjects/Contact/{Id}?fields=AccountId,FirstName,LastName",
      // the Opportunity and its contact role in one all-or-none request
      "POST /services/data/v68.0/composite",
      "PATCH /services/data/v68.0/sobjects/Opportunity/{Id}",
      "PATCH /services/data/v68.0/sobjects/Opportunity/{Id}",
    ]);
    const [task] = sf.store.all("Task");
    expect(task).toMatchObject({
      WhoId: externalId,
      Subject: "Baton email touch: follow_up",
      Status: "Completed",
      ActivityDate: "2026-03-02",
      TaskSubtype: "Email",
      Description: "Step 1 follow_up sent",
    });
    const composite = sf.requests.find((r) => r.path.endsWith("/composite"))?.body;
    expect(composite).toEqual({
      allOrNone: true,
      compositeRequest: [
        {
          method: "PATCH",
          url: "/services/data/v68.0/sobjects/Opportunity/Baton_Id__c/e1",
          referenceId: "opportunity",
          body: {
            Name: "B2BEA membership",
            StageName: "Prospecting",
            CloseDate: "2026-05-31",
            AccountId: contact.AccountId,
          },
        },
        {
          method: "POST",
          url: "/services/data/v68.0/sobjects/OpportunityContactRole",
          referenceId: "role",
          body: { OpportunityId: "@{opportunity.id}", ContactId: externalId, IsPrimary: true },
        },
      ],
    });
    expect(sf.store.get("Opportunity", dealId)).toMatchObject({
      StageName: "Closed Won",
      IsClosed: true,
      IsWon: true,
      CloseDate: "2026-04-10",
    });
    expect(sf.store.all("OpportunityContactRole")).toMatchObject([
      { OpportunityId: dealId, ContactId: externalId, IsPrimary: true },
    ]);

    // erasure: the Contact goes, its Tasks and roles with it; again → already gone, no error
    await crm.eraseContact(T, externalId);
    expect(sf.store.all("Task")).toHaveLength(0);
    await crm.eraseContact(T, externalId);
  });

  it("a linked company is PATCHed by its Account Id and given to the contact; an import's non-Salesforce id is not used", async () => {
    const { externalId: accountId } = await crm.upsertCompany(T, {
      accountId: "a1",
      name: "Old Name",
      domain: null,
      externalId: null,
    });
    await crm.upsertCompany(T, {
      accountId: "a1",
      name: "New Name",
      domain: "new.example",
      externalId: accountId,
    });
    expect(sf.store.get("Account", accountId)).toMatchObject({ Name: "New Name", Website: "new.example" });
    const accounts = sf.store.all("Account").length;
    const { externalId } = await crm.upsertContact(T, {
      contactId: "c5",
      externalId: "crm-import-42",
      fullName: "Ida Linked",
      email: null,
      company: "New Name",
      externalCompanyId: accountId,
    });
    expect(sf.store.get("Contact", externalId).AccountId).toBe(accountId);
    expect(sf.store.all("Account")).toHaveLength(accounts);
  });

  it("a deal of a contact without a company gets an Account in the person's name", async () => {
    const { externalId } = await crm.upsertContact(T, {
      contactId: "c3",
      externalId: null,
      fullName: "Lee Solo",
      email: null,
      company: null,
    });
    expect(sf.store.get("Contact", externalId).AccountId).toBeUndefined();
    const { dealId } = await crm.createDeal(T, {
      externalContactId: externalId,
      name: "Solo deal",
      stage: "enrolled",
      enrollmentId: "e3",
    });
    const accountId = sf.store.get("Contact", externalId).AccountId;
    expect(sf.store.get("Account", String(accountId)).Name).toBe("Lee Solo");
    expect(sf.store.get("Opportunity", dealId).AccountId).toBe(accountId);
  });

  it("a 401 refreshes the token once (the shared refresh) and retries", async () => {
    const { externalId } = await crm.upsertContact(T, {
      contactId: "c2",
      externalId: null,
      fullName: "Ana",
      email: null,
      company: null,
    });
    sf.expireSessions();
    const refreshes = sf.grants.filter((g) => g === "refresh_token").length;
    await crm.logActivity(T, {
      externalContactId: externalId,
      channel: "linkedin",
      contentType: "connect",
      occurredAt: sf.clock,
      note: "done",
    });
    expect(sf.grants.filter((g) => g === "refresh_token").length).toBe(refreshes + 1);
    expect(sf.store.all("Task").at(-1)).toMatchObject({ TaskSubtype: "Task", WhoId: externalId });
  });
});

describe("SalesforceCrm errors", () => {
  let fresh: SalesforceCrm;
  beforeAll(async () => {
    fresh = await connectedCrm(database.db, sf, (await createTenant(database.db)).clientId);
  });

  it("REQUEST_LIMIT_EXCEEDED (403) is a pause of an hour; 5xx are transient; error arrays name the code and fields", async () => {
    sf.failNext("REQUEST_LIMIT_EXCEEDED");
    const limited = await failure(
      fresh.upsertContact(T, {
        contactId: "x",
        externalId: null,
        fullName: "A B",
        email: null,
        company: null,
      }),
    );
    expect([
      limited.status,
      limited.permanent,
      (limited as CrmWriteError & { pauseMs?: number }).pauseMs,
    ]).toEqual([403, false, 3_600_000]);
    expect(limited.message).toContain("REQUEST_LIMIT_EXCEEDED");
    sf.failNext("SERVER_UNAVAILABLE");
    expect((await failure(fresh.closeDeal(T, "006000000000001AAA", "lost"))).permanent).toBe(false);
    const missing = await failure(fresh.updateDealStage(T, "006000000000999AAA", "engaged"));
    expect([missing.status, missing.permanent]).toEqual([404, true]);
    const bad = await failure(fresh.rest.call(T, "POST", "/sobjects/Opportunity", { Name: "x" }));
    expect(bad.message).toContain(
      "REQUIRED_FIELD_MISSING: Required fields are missing: [StageName, CloseDate] (StageName, CloseDate)",
    );
    expect(bad.permanent).toBe(true);
    // an id that is not a Salesforce Id never reaches a URL
    expect((await failure(fresh.eraseContact(T, "../Account/001"))).permanent).toBe(true);
  });

  it("follows nextRecordsUrl for at most maxPages batches", async () => {
    for (const n of ["Ada", "Bo", "Cy", "Di"])
      await fresh.upsertContact(T, {
        contactId: n,
        externalId: null,
        fullName: n,
        email: null,
        company: null,
      });
    sf.pageSize = 2;
    try {
      const all = await fresh.rest.query<{ Id: string }>(T, "SELECT Id FROM Contact ORDER BY Id");
      expect(all.done).toBe(true);
      expect(all.records.length).toBe(sf.store.all("Contact").length);
      expect(all.records.length).toBeGreaterThan(2);
      const some = await fresh.rest.query<{ Id: string }>(T, "SELECT Id FROM Contact ORDER BY Id", 1);
      expect([some.records.length, some.done]).toEqual([2, false]);
    } finally {
      sf.pageSize = 2000;
    }
  });
});

describe("SalesforceCrm with a revoked grant", () => {
  it("a 401 whose refresh is refused fails with the shared CRM_TOKEN_REFRESH_FAILED, no secret in it", async () => {
    const { externalId } = await crm.upsertContact(T, {
      contactId: "c4",
      externalId: null,
      fullName: "Ana",
      email: null,
      company: null,
    });
    sf.expireSessions();
    sf.revokeRefreshTokens();
    const e = await failure(
      crm.upsertContact(T, { contactId: "c2", externalId, fullName: "Ana B", email: null, company: null }),
    );
    // the shared refresh's error: the tenant connects again (the outbox retries meanwhile)
    expect(e.code).toBe("CRM_TOKEN_REFRESH_FAILED");
    expect(e.message).toContain("invalid_grant");
    expect(e.message).not.toContain(sf.clientSecret);
    expect(e.message).not.toContain(SECRET);
  });
});

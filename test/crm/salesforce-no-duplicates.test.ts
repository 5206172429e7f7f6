// Issue 58 review findings on Salesforce, against the strict stand-in (duplicate rule on Contact
// email, External ID upsert, composite with allOrNone, REQUEST_LIMIT_EXCEEDED), the broken case
// beside the real one:
//   - a Contact created with a plain POST is created twice when the first answer is lost;
//   - createDeal as separate calls can leave an Opportunity without its contact role;
//   - the 24-hour API limit is a pause, not a retry that burns attempts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrmWriteError } from "../../src/crm/builtin-crm.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import type { SalesforceCrm } from "../../src/crm/salesforce-crm.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { addContact } from "./crm-fixtures.ts";
import { connectedCrm } from "./salesforce-fixtures.ts";

let database: Database;
let sf: SalesforceStandIn;
let crm: SalesforceCrm;
let T: string;

beforeAll(async () => {
  database = await testDatabase();
  sf = await startSalesforceStandIn();
  T = (await createTenant(database.db)).clientId;
  crm = await connectedCrm(database.db, sf, T);
});
afterAll(async () => {
  await sf.close();
  await database.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e) => e as CrmWriteError & { pauseMs?: number },
  );
const person = (contactId: string, email: string) => ({
  contactId,
  externalId: null,
  fullName: "Lost Answer",
  email,
  company: null,
});
const withEmail = (email: string) => sf.store.all("Contact").filter((c) => c.Email === email);

describe("a Contact is never created twice", () => {
  it("broken: the old plain POST, retried after a lost answer, meets the duplicate rule (or, without one, makes two)", async () => {
    const post = () =>
      crm.rest.call(T, "POST", "/sobjects/Contact", { LastName: "Twice", Email: "twice@dup.example" });
    sf.loseNextAnswer();
    expect((await failure(post())).permanent).toBe(false); // the outbox would retry…
    expect(withEmail("twice@dup.example")).toHaveLength(1); // …although Salesforce saved it
    expect((await failure(post())).message).toContain("400 DUPLICATES_DETECTED");
    sf.store.duplicateRule = false;
    try {
      await post();
      expect(withEmail("twice@dup.example")).toHaveLength(2);
    } finally {
      sf.store.duplicateRule = true;
    }
  });

  it("real: the upsert by Baton's id, retried after a lost answer, finds the Contact it made", async () => {
    sf.loseNextAnswer();
    expect((await failure(crm.upsertContact(T, person("c-lost", "lost@dup.example")))).permanent).toBe(false);
    const { externalId } = await crm.upsertContact(T, person("c-lost", "lost@dup.example"));
    expect(withEmail("lost@dup.example").map((c) => c.Id)).toEqual([externalId]);
    expect(sf.store.get("Contact", externalId).Baton_Id__c).toBe("c-lost");
  });

  it("a person already in Salesforce under another record: the duplicate rule's refusal, said with what to do", async () => {
    await crm.rest.call(T, "POST", "/sobjects/Contact", { LastName: "Rep Made", Email: "rep@dup.example" });
    const e = await failure(crm.upsertContact(T, person("c-rep", "rep@dup.example")));
    expect(e.permanent).toBe(true);
    expect(e.message).toContain("DUPLICATES_DETECTED");
    expect(e.message).toContain("import the Contact's Id as the contact's external_id");
    expect(withEmail("rep@dup.example")).toHaveLength(1);
  });

  it("an org without the External ID field: refused at once, naming the field to create", async () => {
    const bare = await startSalesforceStandIn({ externalIds: {} });
    try {
      const tenant = (await createTenant(database.db)).clientId;
      const e = await failure(
        (await connectedCrm(database.db, bare, tenant)).upsertContact(tenant, person("c-x", "x@dup.example")),
      );
      expect([e.status, e.permanent]).toEqual([404, true]);
      expect(e.message).toContain("create a unique External ID text field Baton_Id__c on Contact");
      expect(bare.store.all("Contact")).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });
});

describe("a deal is the Opportunity and its contact role, or nothing", () => {
  it("broken: the old separate calls leave an Opportunity without its role when the role is refused", async () => {
    const { externalId: contactId } = await crm.upsertContact(T, person("c-old", "old@deal.example"));
    const account = await crm.rest.call<{ id: string }>(T, "POST", "/sobjects/Account", { Name: "Old Way" });
    const opp = await crm.rest.call<{ id: string }>(T, "POST", "/sobjects/Opportunity", {
      Name: "Old way",
      StageName: "Prospecting",
      CloseDate: "2026-06-01",
      AccountId: account.id,
    });
    sf.store.refuseInserts.add("OpportunityContactRole");
    try {
      await failure(
        crm.rest.call(T, "POST", "/sobjects/OpportunityContactRole", {
          OpportunityId: opp.id,
          ContactId: contactId,
        }),
      );
    } finally {
      sf.store.refuseInserts.delete("OpportunityContactRole");
    }
    expect(sf.store.get("Opportunity", opp.id).Name).toBe("Old way");
    expect(sf.store.all("OpportunityContactRole").filter((r) => r.OpportunityId === opp.id)).toHaveLength(0);
  });

  it("real: one composite with allOrNone; a refused role rolls back the Opportunity and the Account", async () => {
    const { externalId } = await crm.upsertContact(T, person("c-new", "new@deal.example"));
    const accounts = sf.store.all("Account").length;
    const opportunities = sf.store.all("Opportunity").length;
    sf.store.refuseInserts.add("OpportunityContactRole");
    let e: CrmWriteError;
    try {
      e = await failure(
        crm.createDeal(T, {
          externalContactId: externalId,
          name: "All or none",
          stage: "enrolled",
          enrollmentId: "e-r",
        }),
      );
    } finally {
      sf.store.refuseInserts.delete("OpportunityContactRole");
    }
    expect(e.message).toContain("(rolled back)");
    expect(e.message).toContain("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    expect(sf.store.all("Opportunity")).toHaveLength(opportunities);
    expect(sf.store.all("Account")).toHaveLength(accounts);
    expect(sf.store.get("Contact", externalId).AccountId).toBeUndefined();
    // the same write, tried again once the rule allows it, makes all of it
    const { dealId } = await crm.createDeal(T, {
      externalContactId: externalId,
      name: "All or none",
      stage: "enrolled",
      enrollmentId: "e-r",
    });
    expect(sf.store.all("OpportunityContactRole").filter((r) => r.OpportunityId === dealId)).toMatchObject([
      { ContactId: externalId, IsPrimary: true },
    ]);
  });

  it("real: a deal whose answer was lost is found by its enrollment id on the retry, not made twice", async () => {
    const { externalId } = await crm.upsertContact(T, person("c-lost-deal", "lostdeal@deal.example"));
    const deal = {
      externalContactId: externalId,
      name: "Lost answer",
      stage: "enrolled" as const,
      enrollmentId: "e-l",
    };
    sf.loseNextAnswer();
    expect((await failure(crm.createDeal(T, deal))).permanent).toBe(false);
    const { dealId } = await crm.createDeal(T, deal);
    expect(
      sf.store
        .all("Opportunity")
        .filter((o) => o.Baton_Id__c === "e-l")
        .map((o) => o.Id),
    ).toEqual([dealId]);
    expect(sf.store.all("OpportunityContactRole").filter((r) => r.OpportunityId === dealId)).toHaveLength(1);
  });
});

describe("the 24-hour API limit pauses the tenant's writes", () => {
  it("REQUEST_LIMIT_EXCEEDED: every pending write waits an hour, no attempt is spent; then all apply", async () => {
    const t0 = new Date("2026-03-02T10:00:00Z");
    const tenant = (await createTenant(database.db)).clientId;
    const adapter = await connectedCrm(database.db, sf, tenant);
    const a = await addContact(database.db, tenant, "Pia Limit", "pia@limit.example");
    const b = await addContact(database.db, tenant, "Ray Limit", "ray@limit.example");
    await enqueueCrmWrite(database.db, tenant, { op: "upsert_contact", contactId: a });
    await enqueueCrmWrite(database.db, tenant, { op: "upsert_contact", contactId: b });
    sf.failNext("REQUEST_LIMIT_EXCEEDED");
    const calls = sf.requests.length;
    expect(await drainCrmOutbox(database.db, adapter, t0, { clientId: tenant })).toEqual({
      applied: 0,
      retried: 1,
      dead: 0,
    });
    // the second contact's write was not even tried: the org refuses every call until the window
    // (the first write may have had its company upserted first: at most two calls)
    expect(sf.requests.length - calls).toBeLessThanOrEqual(2);
    const rows = await database.db
      .selectFrom("crm_outbox")
      .select(["attempts", "next_attempt_at", "last_error"])
      .where("client_id", "=", tenant)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r.attempts, new Date(r.next_attempt_at).getTime() - t0.getTime()])).toEqual([
      [0, 3_600_000],
      [0, 3_600_000],
    ]);
    expect(rows[0]?.last_error).toContain("24-hour API allowance is spent");
    // the broken reading (a transient error on the 15 s backoff) would call again here, 8 times in all
    expect(
      await drainCrmOutbox(database.db, adapter, new Date(t0.getTime() + 15_000), { clientId: tenant }),
    ).toEqual({ applied: 0, retried: 0, dead: 0 });
    expect(
      await drainCrmOutbox(database.db, adapter, new Date(t0.getTime() + 3_600_000), { clientId: tenant }),
    ).toEqual({ applied: 2, retried: 0, dead: 0 });
  });
});

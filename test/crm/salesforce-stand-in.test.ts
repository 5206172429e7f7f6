// The Salesforce stand-in itself speaks the documented contract (raw HTTP, no Baton code): OAuth
// errors, error arrays, SOQL parsing and escapes, query batches, the deleted-records feed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { exchangeWithStandIn, REDIRECT_URI } from "./salesforce-fixtures.ts";

let sf: SalesforceStandIn;
let token = "";
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sf.baseUrl}/services/data/v68.0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
const query = (q: string) => api(`/query?q=${encodeURIComponent(q)}`);

beforeAll(async () => {
  sf = await startSalesforceStandIn({ customFields: { Contact: ["Lifecycle_Stage__c"] } });
  token = (await exchangeWithStandIn(sf)).accessToken;
});
afterAll(() => sf.close());

describe("Salesforce stand-in", () => {
  it("OAuth: a code is single-use, a wrong secret is invalid_client, the answer has no expires_in", async () => {
    const form = (extra: Record<string, string>) =>
      fetch(`${sf.baseUrl}/services/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: sf.clientId, client_secret: sf.clientSecret, ...extra }),
      });
    const bad = await form({ grant_type: "authorization_code", code: "nope", redirect_uri: REDIRECT_URI });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: "invalid_grant",
      error_description: "invalid authorization code",
    });
    const wrong = await fetch(`${sf.baseUrl}/services/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: sf.clientId, client_secret: "x" }),
    });
    expect((await wrong.json()).error).toBe("invalid_client");
    const t = await exchangeWithStandIn(sf);
    expect(t.instanceUrl).toBe(sf.baseUrl);
    expect(t.refreshToken).toMatch(/^5Aep/);
  });

  it("answers errors as arrays: 401 INVALID_SESSION_ID, 404 NOT_FOUND, 400 REQUIRED_FIELD_MISSING, INVALID_FIELD", async () => {
    const r401 = await fetch(`${sf.baseUrl}/services/data/v68.0/sobjects/Contact`, {
      method: "POST",
      body: "{}",
    });
    expect(r401.status).toBe(401);
    expect(await r401.json()).toEqual([
      { message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID", fields: [] },
    ]);
    const r404 = await api("/sobjects/Contact/003000000000999AAA");
    expect([r404.status, (await r404.json())[0].errorCode]).toEqual([404, "NOT_FOUND"]);
    const r400 = await api("/sobjects/Contact", { method: "POST", body: JSON.stringify({ FirstName: "A" }) });
    expect(await r400.json()).toEqual([
      {
        message: "Required fields are missing: [LastName]",
        errorCode: "REQUIRED_FIELD_MISSING",
        fields: ["LastName"],
      },
    ]);
    const bogus = await api("/sobjects/Contact", {
      method: "POST",
      body: JSON.stringify({ LastName: "A", Foo__c: 1 }),
    });
    expect((await bogus.json())[0]).toMatchObject({ errorCode: "INVALID_FIELD", fields: ["Foo__c"] });
    const ref = await api("/sobjects/Task", {
      method: "POST",
      body: JSON.stringify({ WhoId: "003000000000999AAA" }),
    });
    expect((await ref.json())[0].errorCode).toBe("INVALID_CROSS_REFERENCE_KEY");
    sf.failNext("REQUEST_LIMIT_EXCEEDED");
    const limited = await api("/sobjects/Contact/003000000000999AAA");
    expect([limited.status, (await limited.json())[0].errorCode]).toEqual([403, "REQUEST_LIMIT_EXCEEDED"]);
  });

  it("SOQL: escaped quotes are data, a stray quote is MALFORMED_QUERY, results come in batches", async () => {
    for (const last of ["O'Brien", "Back\\slash", "Plain"]) {
      const r = await api("/sobjects/Contact", { method: "POST", body: JSON.stringify({ LastName: last }) });
      expect(r.status).toBe(201);
    }
    const escaped = await query(String.raw`SELECT Id, LastName FROM Contact WHERE LastName = 'O\'Brien'`);
    expect((await escaped.json()).records.map((r: any) => r.LastName)).toEqual(["O'Brien"]);
    const injected = await query("SELECT Id FROM Contact WHERE LastName = 'O'Brien'");
    expect([injected.status, (await injected.json())[0].errorCode]).toEqual([400, "MALFORMED_QUERY"]);
    const field = await query("SELECT Id, Nope FROM Contact");
    expect((await field.json())[0].errorCode).toBe("INVALID_FIELD");
    sf.pageSize = 2;
    try {
      const first = await (await query("SELECT Id, LastName FROM Contact ORDER BY LastName")).json();
      expect(first).toMatchObject({ totalSize: 3, done: false });
      expect(first.records).toHaveLength(2);
      expect(first.records[0].attributes.type).toBe("Contact");
      const next = await (
        await fetch(`${sf.baseUrl}${first.nextRecordsUrl}`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      expect(next).toMatchObject({ done: true });
      expect([...first.records, ...next.records].map((r: any) => r.LastName)).toEqual([
        "Back\\slash",
        "O'Brien",
        "Plain",
      ]);
    } finally {
      sf.pageSize = 2000;
    }
  });

  it("lists deleted records by window, at minute precision, within 30 days", async () => {
    const created = await (
      await api("/sobjects/Contact", { method: "POST", body: JSON.stringify({ LastName: "Gone" }) })
    ).json();
    sf.clock = new Date("2026-03-02T09:10:30Z");
    expect((await api(`/sobjects/Contact/${created.id}`, { method: "DELETE" })).status).toBe(204);
    sf.clock = new Date("2026-03-02T09:12:45Z");
    const r = await (
      await api("/sobjects/Contact/deleted/?start=2026-03-02T09:00:00Z&end=2026-03-02T10:00:00Z")
    ).json();
    expect(r.deletedRecords).toEqual([{ id: created.id, deletedDate: "2026-03-02T09:10:30.000+0000" }]);
    expect(r.latestDateCovered).toBe("2026-03-02T09:12:00.000+0000");
    const old = await api("/sobjects/Contact/deleted/?start=2026-01-01T00:00:00Z&end=2026-03-02T09:00:00Z");
    expect((await old.json())[0].errorCode).toBe("INVALID_REPLICATION_DATE");
  });
});

describe("Salesforce stand-in: what issue 58 made strict", () => {
  const json = (r: Response) => r.json() as Promise<any>;
  const body = (b: unknown, headers: Record<string, string> = {}) => ({
    method: "PATCH",
    body: JSON.stringify(b),
    headers,
  });

  it("upsert by External ID: 201 created, then 200 the same record; a field that is not one is 404", async () => {
    const first = await api("/sobjects/Contact/Baton_Id__c/k-1", body({ LastName: "Upsert" }));
    const created = await json(first);
    expect([first.status, created.created, created.success]).toEqual([201, true, true]);
    const again = await api("/sobjects/Contact/Baton_Id__c/k-1", body({ LastName: "Upserted" }));
    expect([again.status, (await json(again)).id]).toEqual([200, created.id]);
    expect(sf.store.get("Contact", created.id)).toMatchObject({ LastName: "Upserted", Baton_Id__c: "k-1" });
    const notExt = await api("/sobjects/Contact/Lifecycle_Stage__c/x", body({ LastName: "No" }));
    expect([notExt.status, (await json(notExt))[0].errorCode]).toEqual([404, "NOT_FOUND"]);
  });

  it("the duplicate rule refuses a second Contact with an address unless allowSave is asked", async () => {
    const post = (headers: Record<string, string> = {}) =>
      api("/sobjects/Contact", {
        method: "POST",
        body: JSON.stringify({ LastName: "Dup", Email: "Dup@Rule.example" }),
        headers,
      });
    expect((await post()).status).toBe(201);
    const refused = await post();
    expect([refused.status, (await json(refused))[0].errorCode]).toEqual([400, "DUPLICATES_DETECTED"]);
    expect((await post({ "Sforce-Duplicate-Rule-Header": "allowSave=true" })).status).toBe(201);
  });

  it("composite: answers chained by @{ref.id}; with allOrNone one refusal rolls all back (PROCESSING_HALTED)", async () => {
    const composite = (allOrNone: boolean, roleContact: string) =>
      api("/composite", {
        method: "POST",
        body: JSON.stringify({
          allOrNone,
          compositeRequest: [
            {
              method: "POST",
              url: "/services/data/v68.0/sobjects/Account",
              referenceId: "acct",
              body: { Name: "Chain" },
            },
            {
              method: "POST",
              url: "/services/data/v68.0/sobjects/Opportunity",
              referenceId: "opp",
              body: {
                Name: "Chain",
                StageName: "Prospecting",
                CloseDate: "2026-06-01",
                AccountId: "@{acct.id}",
              },
            },
            {
              method: "POST",
              url: "/services/data/v68.0/sobjects/OpportunityContactRole",
              referenceId: "role",
              body: { OpportunityId: "@{opp.id}", ContactId: roleContact },
            },
          ],
        }),
      });
    const accounts = sf.store.all("Account").length;
    const rolledBack = await composite(true, "003000000000999AAA");
    expect(rolledBack.status).toBe(200);
    const out = (await json(rolledBack)).compositeResponse;
    expect(out.map((r: any) => [r.referenceId, r.httpStatusCode, r.body[0]?.errorCode])).toEqual([
      ["acct", 400, "PROCESSING_HALTED"],
      ["opp", 400, "PROCESSING_HALTED"],
      ["role", 400, "INVALID_CROSS_REFERENCE_KEY"],
    ]);
    expect(sf.store.all("Account")).toHaveLength(accounts);
    // without allOrNone the work before the refusal stays (what Baton must not do)
    await composite(false, "003000000000999AAA");
    expect(sf.store.all("Account")).toHaveLength(accounts + 1);
  });
});

// Salesforce's API version (issue 71 item 5): current by default (68.0, Winter '27), settable with
// SALESFORCE_API_VERSION in the documented "NN.0" form, a retired version refused at start; the
// stand-in serves 31.0 through 68.0 as Salesforce does, answering 410 GONE below and 404 above.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { SALESFORCE_API_VERSION, salesforceApiVersion } from "../../src/config/salesforce-config.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import {
  type SalesforceStandIn,
  SF_LATEST_VERSION,
  startSalesforceStandIn,
} from "../support/salesforce-stand-in.ts";
import { createTenant } from "../support/tenant.ts";
import { connectedCrm, exchangeWithStandIn } from "./salesforce-fixtures.ts";

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

describe("Salesforce API version", () => {
  it("defaults to the current version and the CRM speaks it", async () => {
    expect(SALESFORCE_API_VERSION).toBe(SF_LATEST_VERSION);
    const config = loadConfig({ SALESFORCE_CLIENT_ID: "x", BATON_SECRET: "s".repeat(40) }, "/tmp");
    expect(config.salesforce?.apiVersion).toBe("68.0");
    const T = (await createTenant(database.db)).clientId;
    const crm = await connectedCrm(database.db, sf, T);
    const before = sf.requests.length;
    await crm.upsertContact(T, {
      contactId: "c1",
      externalId: null,
      fullName: "Ada Byron",
      email: "ada@byron.example",
      company: "Byron Ltd",
    });
    const paths = sf.requests.slice(before).map((r) => r.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(/^\/services\/data\/v68\.0\//);
  });

  it("is settable, and a malformed or retired version is refused at start", () => {
    expect(salesforceApiVersion("66.0")).toBe("66.0");
    expect(salesforceApiVersion(" ")).toBe(SALESFORCE_API_VERSION);
    expect(() => salesforceApiVersion("v66.0")).toThrow(/must look like 68\.0/);
    expect(() => salesforceApiVersion("66")).toThrow(/must look like/);
    expect(() => salesforceApiVersion("30.0")).toThrow(/30\.0 is retired.*410 GONE/);
    expect(() =>
      loadConfig(
        { SALESFORCE_CLIENT_ID: "x", SALESFORCE_API_VERSION: "29.0", BATON_SECRET: "s".repeat(40) },
        "/tmp",
      ),
    ).toThrow(/retired/);
  });

  it("the stand-in serves supported versions only: 410 GONE for retired, 404 for unknown", async () => {
    const token = (await exchangeWithStandIn(sf)).accessToken;
    const get = (v: string) =>
      fetch(`${sf.baseUrl}/services/data/v${v}/query?q=${encodeURIComponent("SELECT Id FROM Contact")}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await get("68.0")).status).toBe(200);
    expect((await get("31.0")).status).toBe(200);
    const retired = await get("30.0");
    expect(retired.status).toBe(410);
    expect((await retired.json())[0].errorCode).toBe("GONE");
    const unknown = await get("99.0");
    expect(unknown.status).toBe(404);
    expect((await unknown.json())[0].errorCode).toBe("NOT_FOUND");
  });
});

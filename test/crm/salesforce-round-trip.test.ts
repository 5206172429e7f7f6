// issue 41 "Must show" for Salesforce, on the real server, engine, outbox and coordinator against
// the stand-in: a revops user connects the org (OAuth web-server flow through Baton's routes), a
// contact is enrolled in a sales campaign, its first touch is logged as a Task, the Opportunity is
// created and moved; then an opt-out made in Salesforce (HasOptedOutOfEmail) reaches Baton by
// polling, the enrollment ends, the next touch is never sent and gate 1 refuses a new enrollment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { createCrmAdapter } from "../../src/crm/create-crm-adapter.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { enqueueCrmWrite } from "../../src/crm/enqueue-crm-write.ts";
import { pollCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type SalesforceStandIn, startSalesforceStandIn } from "../support/salesforce-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { browserOf, callback, startGrant } from "./crm-oauth-fixtures.ts";
import { approveAt, SECRET } from "./salesforce-fixtures.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
let h: TestApp;
let sf: SalesforceStandIn;

beforeAll(async () => {
  sf = await startSalesforceStandIn();
  h = await testApp(undefined, {
    BATON_SECRET: SECRET,
    SALESFORCE_CLIENT_ID: sf.clientId,
    SALESFORCE_CLIENT_SECRET: sf.clientSecret,
    SALESFORCE_LOGIN_URL: sf.baseUrl,
  });
  h.clock.now = T0;
  sf.clock = T0;
});
afterAll(async () => {
  await h.close();
  await sf.close();
});

/**
 * A revops user connects the tenant's org through Baton's routes in a signed-in browser (PKCE: the
 * stand-in's code is good only with the verifier Baton keeps); the stand-in approves at once.
 */
async function connectOrg(t: Tenant) {
  const browser = await browserOf(h, t.revops);
  const { authorizeUrl, redirectUri } = await startGrant(h, "salesforce", browser);
  expect(authorizeUrl.startsWith(`${sf.baseUrl}/services/oauth2/authorize?`)).toBe(true);
  expect(new URL(authorizeUrl).searchParams.get("scope")).toBe("api refresh_token");
  expect(new URL(authorizeUrl).searchParams.get("code_challenge_method")).toBe("S256");
  const back = await approveAt(authorizeUrl);
  expect(`${back.to.origin}${back.to.pathname}`).toBe(redirectUri);
  const cb = await callback(h, "salesforce", back.to.searchParams, browser);
  // the org id of the token answer's identity URL
  expect(cb.json()).toEqual({ connected: true, provider: "salesforce", account: "00D000000000001AAA" });
}

describe("Salesforce round trip", () => {
  it("connect → enroll → Task → Opportunity moved → opt-out in Salesforce → gate 1 refuses the next touch", async () => {
    const db = h.database.db;
    const t = await createTenant(db, "sfrt");
    await connectOrg(t);
    const row = await db
      .selectFrom("crm_oauth_tokens")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ provider: "salesforce", instance_url: sf.baseUrl });
    expect(row.refresh_token_sealed).not.toMatch(/^5Aep/);

    const crm = createCrmAdapter(db, h.deps.config);
    expect(crm.name).toBe("salesforce");
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
    const enrolled = await enrollContact(db, t.exec, { campaign: "sf_close", contactId }, T0);
    const deps = await engineDeps(h.database);
    await runUntil(deps, t, T0, day(1));
    expect(await drainCrmOutbox(db, crm, day(1), { clientId: t.clientId })).toEqual({
      applied: 4,
      retried: 0,
      dead: 0,
    });

    const [contact] = sf.store.all("Contact");
    expect(contact).toMatchObject({ FirstName: "Dana", LastName: "Reyes", Email: "dana@reyes.example" });
    expect(sf.store.get("Account", String(contact?.AccountId)).Name).toBe("Reyes Corp");
    // the company is linked by its Account Id, so the next write PATCHes that Account
    const link = await db
      .selectFrom("crm_links")
      .select("external_id")
      .where("client_id", "=", t.clientId)
      .where("kind", "=", "company")
      .executeTakeFirstOrThrow();
    expect(link.external_id).toBe(contact?.AccountId);
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

    // a first poll sets the cursor; then the person opts out in Salesforce. The adapter the server
    // builds reads the wall clock, so the org's clock is the wall clock from here on.
    await pollCrmChanges(db, crm, t.clientId, day(1));
    sf.clock = new Date(Date.now() - 120_000);
    sf.store.update("Contact", String(contact?.Id), { HasOptedOutOfEmail: true });
    const polled = await pollCrmChanges(db, crm, t.clientId, day(2));
    expect(polled.applied).toBeGreaterThanOrEqual(1);
    const c = await db
      .selectFrom("contacts")
      .selectAll()
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(c.opt_out_flag).toBe(true);
    const e = await db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", enrolled.enrollment_id!)
      .executeTakeFirstOrThrow();
    expect(e.status).toBe("opted_out");

    // step 2 (day 3) is never sent; a new enrollment is refused at gate 1
    await runUntil(deps, t, day(2), day(10));
    const mail = await db
      .selectFrom("dev_email_outbox")
      .select("idempotency_key")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(mail.map((m) => m.idempotency_key)).toEqual([`${enrolled.enrollment_id}:1`]);
    const again = await enrollContact(db, t.exec, { campaign: "sf_close", contactId }, day(10));
    expect(again).toMatchObject({ outcome: "blocked", decision: { gate: 1, reason: "compliance_block" } });
    expect(sf.store.all("Task")).toHaveLength(1);
  });

  it("a callback with a forged state, or with Salesforce's access_denied, stores no tokens", async () => {
    const db = h.database.db;
    const t = await createTenant(db, "sfxs");
    const browser = await browserOf(h, t.revops);
    const back = await approveAt((await startGrant(h, "salesforce", browser)).authorizeUrl);
    const forged = new URLSearchParams({ code: back.code, state: `${back.state?.slice(0, -4)}AAAA` });
    const r1 = await callback(h, "salesforce", forged, browser);
    expect([r1.statusCode, r1.json().error.code]).toEqual([400, "CRM_OAUTH_STATE_INVALID"]);
    const denied = new URLSearchParams({
      error: "access_denied",
      error_description: "end-user denied authorization",
      state: back.state ?? "",
    });
    const r2 = await callback(h, "salesforce", denied, browser);
    expect([r2.statusCode, r2.json().error.code]).toEqual([502, "CRM_OAUTH_EXCHANGE_FAILED"]);
    expect(
      await db
        .selectFrom("crm_oauth_tokens")
        .select("client_id")
        .where("client_id", "=", t.clientId)
        .execute(),
    ).toEqual([]);
  });

  it("REQUEST_LIMIT_EXCEEDED pauses the outbox an hour without counting the attempt; the write is applied after", async () => {
    const db = h.database.db;
    const t = await createTenant(db, "sfrl");
    await connectOrg(t);
    const crm = createCrmAdapter(db, h.deps.config);
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
    expect(new Date(row.next_attempt_at)).toEqual(new Date(T0.getTime() + 3_600_000));
    expect(row.attempts).toBe(0);
    expect(await drainCrmOutbox(db, crm, new Date(T0.getTime() + 15_000), { clientId: t.clientId })).toEqual({
      applied: 0,
      retried: 0,
      dead: 0,
    });
    expect(
      await drainCrmOutbox(db, crm, new Date(T0.getTime() + 3_600_000), { clientId: t.clientId }),
    ).toEqual({
      applied: 1,
      retried: 0,
      dead: 0,
    });
    expect(sf.store.all("Contact").some((c) => c.LastName === "Ortiz")).toBe(true);
  });
});

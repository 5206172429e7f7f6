// The HubSpot round trip (issue 41 item 1), against the HubSpot stand-in, through the real app and
// engine: a workspace connects HubSpot over OAuth2, a contact is enrolled in a sales campaign, the
// engine drafts, the exec approves, the email goes out; the outbox creates the contact, logs the
// touch as an email engagement and creates and moves the deal. Then a person opts the contact out
// in HubSpot: the poll (and, for a second contact, HubSpot's signed webhook) brings it to Baton,
// and gate 1 refuses the next touch. Forged, stale and unknown-portal webhooks are refused.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { createCrmAdapter } from "../../src/crm/create-crm-adapter.ts";
import { drainCrmOutbox } from "../../src/crm/drain-crm-outbox.ts";
import { pollAllCrmChanges } from "../../src/crm/poll-crm-changes.ts";
import { addContact, engineDeps, oneStepSales, runUntil } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type HubSpotStandIn, startHubSpotStandIn } from "../support/hubspot-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { browserOf, connectInBrowser } from "./crm-oauth-fixtures.ts";
import { hubspotEnv } from "./hubspot-fixtures.ts";

const T0 = new Date("2026-03-02T14:00:00Z");
const DAY = 86_400_000;
let h: TestApp;
let hs: HubSpotStandIn;
let t: Tenant;

beforeAll(async () => {
  hs = await startHubSpotStandIn();
  h = await testApp(undefined, hubspotEnv(hs));
  t = await createTenant(h.database.db, "hsrt");
  // connect: the revops user's start URL, HubSpot's redirect back with a code, in a signed-in browser
  const cb = await connectInBrowser(h, "hubspot", await browserOf(h, t.revops));
  expect(cb.statusCode, cb.body).toBe(200);
});
afterAll(async () => {
  await h.close();
  await hs.close();
});

const WEBHOOK = "/api/v1/inbound/crm/hubspot";

function signed(body: string, at = Date.now(), secret?: string) {
  const sig = secret
    ? Buffer.from("forged-signature-of-the-right-length-000000").toString("base64")
    : hs.signWebhook("POST", `http://baton.test${WEBHOOK}`, body, at);
  return {
    "content-type": "application/json",
    "x-hubspot-signature-v3": sig,
    "x-hubspot-request-timestamp": String(at),
  };
}

async function enrollAndTouch(name: string, email: string, slug: string) {
  const db = h.database.db;
  await oneStepSales(db, t.revops, slug, T0, { instructions: "Hi." });
  const contactId = await addContact(db, t.clientId, name, { email });
  await enrollContact(db, t.exec, { campaign: slug, contactId }, T0);
  await runUntil(await engineDeps(h.database), t, T0, new Date(T0.getTime() + 2 * DAY));
  const sent = await db
    .selectFrom("sales_send_queue")
    .select("status")
    .where("client_id", "=", t.clientId)
    .where("contact_id", "=", contactId)
    .execute();
  expect(sent.map((s) => s.status)).toEqual(["sent"]);
  const adapter = createCrmAdapter(db, h.deps.config);
  expect(adapter.name).toBe("hubspot");
  // drained until nothing is pending (on a loaded machine a call may time out and be retried)
  for (let i = 0; i < 5; i++) {
    const r = await drainCrmOutbox(db, adapter, new Date(Date.now() + i * 3_600_000), {
      clientId: t.clientId,
    });
    expect(r.dead).toBe(0);
    if (r.retried === 0) break;
  }
  const link = await db
    .selectFrom("crm_links")
    .select("external_id")
    .where("client_id", "=", t.clientId)
    .where("kind", "=", "contact")
    .where("baton_id", "=", contactId)
    .executeTakeFirstOrThrow();
  return { contactId, hubspotId: link.external_id, adapter };
}

const preview = (contactId: string, campaign: string) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/coordinator/preview",
    headers: t.exec.auth,
    payload: { contact_id: contactId, campaign },
  });

describe("HubSpot round trip", () => {
  it("enroll → touch as an engagement → deal created and moved → opt-out in HubSpot polled → gate 1 refuses", async () => {
    const { contactId, hubspotId, adapter } = await enrollAndTouch(
      "Dana Reyes",
      "dana@reyes.example",
      "hs_close",
    );
    const contact = hs.objects.get(`contacts/${hubspotId}`)!;
    expect(contact.properties).toMatchObject({ email: "dana@reyes.example", firstname: "Dana" });
    const emails = hs.ofType("emails").filter((e) => e.associations.some((a) => a.toId === hubspotId));
    expect(emails).toHaveLength(1);
    expect(emails[0].properties.hs_email_text).toContain("hs_close step 1");
    const deals = hs.ofType("deals").filter((d) => d.associations.some((a) => a.toId === hubspotId));
    expect(deals).toHaveLength(1);
    // created at 'enrolled', moved to 'engaged' by the first touch, closed lost when the one-step
    // sequence ended without a reply
    const stages = hs.requests
      .filter(
        (r) =>
          r.path === "/crm/objects/2026-09/deals" || r.path === `/crm/objects/2026-09/deals/${deals[0].id}`,
      )
      .filter((r) => r.method === "PATCH" || r.body?.associations?.[0]?.to?.id === hubspotId)
      .map((r) => r.body.properties.dealstage);
    expect(stages).toEqual(["appointmentscheduled", "qualifiedtobuy", "closedlost"]);
    expect(deals[0].properties.dealstage).toBe("closedlost");

    await oneStepSales(h.database.db, t.revops, "hs_next", T0, { instructions: "Hi." });
    expect((await preview(contactId, "hs_next")).json().verdict).toBe("allowed");

    // a person ticks "Unsubscribed from all email" in HubSpot
    hs.edit("contacts", hubspotId, { hs_email_optout: "true" });
    const polled = await pollAllCrmChanges(h.database.db, adapter, new Date());
    expect(polled.failed).toBe(0);
    expect(polled.applied).toBeGreaterThanOrEqual(1);

    const p = (await preview(contactId, "hs_next")).json();
    expect(p).toMatchObject({ verdict: "blocked", gate: 1 });
    expect(p.facts.opted_out).toBe(true);
    expect(p.facts.suppressed).toBe(true);
    // the real enrollment call: blocked at gate 1, nothing enrolled
    const refused = await enrollContact(
      h.database.db,
      t.exec,
      { campaign: "hs_next", contactId },
      new Date(T0.getTime() + 3 * DAY),
    );
    expect(refused).toMatchObject({ outcome: "blocked", enrollment_id: null, decision: { gate: 1 } });
    const events = await h.database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "resolution"])
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .where("resolution", "in", ["opt_out_propagated", "suppression_list"])
      .execute();
    expect(events.map((e) => e.event_type).sort()).toEqual(["opted_out", "suppressed"]);

    // polling again re-reads the last record (inclusive cursor) and changes nothing more
    await pollAllCrmChanges(h.database.db, adapter, new Date());
    const again = await h.database.db
      .selectFrom("cadence_event_log")
      .select("event_id")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contactId)
      .where("resolution", "in", ["opt_out_propagated", "suppression_list"])
      .execute();
    expect(again).toHaveLength(2);

    // Baton's own stage writes came back as an app's (INTEGRATION): no signal of them. A person
    // moving the deal in HubSpot is one crm_stage_change signal, read twice or not
    const dealSignals = () =>
      h.database.db
        .selectFrom("signals")
        .select(["type", "contact_id", "attributes"])
        .where("client_id", "=", t.clientId)
        .where(sql<boolean>`attributes ? 'deal_id'`)
        .execute();
    expect(await dealSignals()).toEqual([]);
    hs.edit("deals", deals[0].id, { dealstage: "contractsent" }, new Date(Date.now() + 1000));
    await pollAllCrmChanges(h.database.db, adapter, new Date());
    await pollAllCrmChanges(h.database.db, adapter, new Date());
    expect(await dealSignals()).toEqual([
      {
        type: "crm_stage_change",
        contact_id: contactId,
        attributes: { crm: "hubspot", deal_stage: "contractsent", deal_id: deals[0].id },
      },
    ]);
  });

  it("an opt-out by HubSpot's signed webhook reaches gate 1; forged, stale and unknown-portal ones are refused", async () => {
    const { contactId, hubspotId } = await enrollAndTouch("Kim Aldo", "kim@aldo.example", "hs_close_b");
    await oneStepSales(h.database.db, t.revops, "hs_next_b", T0, { instructions: "Hi." });
    const body = JSON.stringify([
      {
        eventId: 1,
        subscriptionId: 22,
        portalId: hs.hubId,
        appId: 1234567,
        occurredAt: Date.now(),
        subscriptionType: "contact.propertyChange",
        attemptNumber: 0,
        objectId: Number(hubspotId),
        changeSource: "CRM_UI",
        propertyName: "hs_email_optout",
        propertyValue: "true",
      },
    ]);
    const post = (headers: Record<string, string>, payload = body) =>
      h.app.inject({ method: "POST", url: WEBHOOK, headers, payload });

    const forged = await post(signed(body, Date.now(), "wrong"));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    const tampered = await post(signed(body), body.replace('"true"', '"false"'));
    expect(tampered.statusCode).toBe(401);
    const old = Date.now() - 6 * 60_000;
    const stale = await post(signed(body, old));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe("WEBHOOK_TIMESTAMP_STALE");
    const unsigned = await post({ "content-type": "application/json" });
    expect(unsigned.statusCode).toBe(401);
    const otherPortal = body.replace(String(hs.hubId), "999");
    const unknown = await post(signed(otherPortal), otherPortal);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("CRM_WEBHOOK_ACCOUNT_UNKNOWN");
    // nothing applied by any refused delivery
    expect((await preview(contactId, "hs_next_b")).json().verdict).toBe("allowed");

    const ok = await post(signed(body));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ received: 1, applied: 1, unmatched: 0 });
    expect((await preview(contactId, "hs_next_b")).json()).toMatchObject({ verdict: "blocked", gate: 1 });

    // a deletion in HubSpot unlinks the record and ends the person's live enrollments
    const del = JSON.stringify([
      {
        eventId: 2,
        portalId: hs.hubId,
        occurredAt: Date.now(),
        subscriptionType: "contact.deletion",
        objectId: Number(hubspotId),
      },
    ]);
    expect((await post(signed(del), del)).json()).toEqual({ received: 1, applied: 1, unmatched: 0 });
    const links = await h.database.db
      .selectFrom("crm_links")
      .select("external_id")
      .where("client_id", "=", t.clientId)
      .where("baton_id", "=", contactId)
      .where("kind", "=", "contact")
      .execute();
    expect(links).toEqual([]);
  });
});

// Suppression lists (issue 15 item 2) on PGlite: an address or a domain stops queued touches in
// the adder's transaction, and gate 1 refuses every later step and send; a campaign's required
// legal basis blocks with its own reason.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateStep, requestActivation } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { addSuppression, suppressAddress } from "../../src/prospects/suppress-address.ts";
import { makeCampaign, makeContact, makeSendItem } from "../coordinator/support/fixtures.ts";
import { gateSend } from "../coordinator/support/send-one.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let d: Database;
let t: Tenant;
const now = new Date("2026-03-10T12:00:00Z");
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db);
});
afterAll(async () => d.close());

async function contactWith(email: string) {
  const id = await makeContact(d.db, t.clientId);
  await d.db.updateTable("contacts").set({ email }).where("contact_id", "=", id).execute();
  return id;
}

async function enrolled(email: string) {
  const contact = await contactWith(email);
  const campaign = await makeCampaign(d.db, t.clientId, "sales", { steps: [0, 1] });
  const r = await d.db
    .transaction()
    .execute((tx) =>
      requestActivation(
        tx,
        { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
        now,
      ),
    );
  const item = await makeSendItem(d.db, t.clientId, r.enrollmentId!, now);
  return { contact, campaign, enrollmentId: r.enrollmentId!, item };
}

describe("suppression lists", () => {
  it("suppressAddress matches the normalized address (Gmail dots, +tag) and stops queued touches", async () => {
    const { contact, enrollmentId, item } = await enrolled("Jane.Doe+news@GoogleMail.com");
    const r = await suppressAddress(d.db, {
      clientId: t.clientId,
      email: "janedoe@gmail.com",
      reason: "hard bounce",
      source: "bounce",
    });
    expect(r).toMatchObject({ created: true, kind: "email", value: "janedoe@gmail.com", contacts: 1 });
    expect(r.itemsCancelled).toBe(1);
    const e = await d.db
      .selectFrom("campaign_contacts")
      .select("status")
      .where("id", "=", enrollmentId)
      .executeTakeFirstOrThrow();
    expect(e.status).toBe("cancelled");
    const ev = await d.db
      .selectFrom("cadence_event_log")
      .selectAll()
      .where("contact_id", "=", contact)
      .where("event_type", "=", "suppressed")
      .where("resolution", "=", "suppression_list")
      .execute();
    expect(ev).toHaveLength(1);
    expect(JSON.stringify(ev[0].details)).not.toContain("gmail");
    // idempotent
    const again = await suppressAddress(d.db, {
      clientId: t.clientId,
      email: "JANEDOE@gmail.com",
      reason: "x",
      source: "api",
    });
    expect(again).toMatchObject({ created: false, suppressionId: r.suppressionId, itemsCancelled: 0 });
    const send = await d.db
      .transaction()
      .execute((tx) => gateSend(tx, { clientId: t.clientId, sendItemId: item }, now));
    expect(send).toMatchObject({ action: "block", gate: 1 });
  });

  it("a domain covers its subdomains; gate 1 blocks steps of contacts added later", async () => {
    await addSuppression(
      d.db,
      {
        clientId: t.clientId,
        kind: "domain",
        value: "Rival.example",
        reason: "competitor",
        source: "manual",
      },
      now,
    );
    const contact = await contactWith("ann@eu.rival.example");
    const campaign = await makeCampaign(d.db, t.clientId, "sales", { steps: [0] });
    const r = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
          now,
        ),
      );
    expect(r.decision).toMatchObject({ action: "block", gate: 1, reason: "compliance_block" });
    const ev = await sql<{ resolution: string; suppressed_reason: string }>`
      select resolution, suppressed_reason from cadence_event_log
       where client_id = ${t.clientId} and event_type = 'suppressed' and resolution = 'suppressed_domain'`.execute(
      d.db,
    );
    expect(ev.rows[0]).toMatchObject({ suppressed_reason: "compliance_block" });
  });

  it("an invalid value is refused", async () => {
    await expect(
      addSuppression(
        d.db,
        { clientId: t.clientId, kind: "domain", value: "not a domain", reason: "x", source: "manual" },
        now,
      ),
    ).rejects.toMatchObject({ code: "SUPPRESSION_VALUE_INVALID" });
  });

  it("a campaign requiring consent blocks a contact with legitimate interest, with reason legal_basis_missing", async () => {
    const contact = await contactWith("basis@acme.example");
    await sql`update contacts set legal_basis = 'legitimate_interest' where contact_id = ${contact}`.execute(
      d.db,
    );
    const campaign = await makeCampaign(d.db, t.clientId, "sales", { steps: [0] });
    await sql`update campaigns set required_legal_basis = '{consent}' where id = ${campaign}`.execute(d.db);
    const r = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
          now,
        ),
      );
    expect(r.decision).toMatchObject({ action: "block", gate: 1, reason: "legal_basis_missing" });
    const ev = await sql<{ suppressed_reason: string }>`
      select suppressed_reason from cadence_event_log where event_id = ${r.decision.eventId}`.execute(d.db);
    expect(ev.rows[0].suppressed_reason).toBe("legal_basis_missing");
    await sql`update contacts set legal_basis = 'consent' where contact_id = ${contact}`.execute(d.db);
    const ok = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
          now,
        ),
      );
    expect(ok.decision.action).toBe("allow");
    const step = await d.db
      .transaction()
      .execute((tx) => gateStep(tx, { clientId: t.clientId, enrollmentId: ok.enrollmentId! }, now));
    expect(step.gate).not.toBe(1);
  });
});

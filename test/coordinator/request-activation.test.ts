import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestActivation } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { events, makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";

let d: Database;
let t: Tenant;
const now = new Date("2026-03-02T15:00:00Z");

beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db);
});
afterAll(async () => d.close());

describe("requestActivation", () => {
  it("allows, creates an active enrollment and writes one event with NULL lineage", async () => {
    const acct = await makeAccount(d.db, t.clientId, { tier: "T2" });
    const contact = await makeContact(d.db, t.clientId, { accountId: acct });
    const campaign = await makeCampaign(d.db, t.clientId, "sales", { steps: [1, 3] });
    const r = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: t.sales },
          now,
        ),
      );
    expect(r.decision).toMatchObject({ action: "allow", gate: null, reason: null, until: null });
    const e = await d.db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", r.enrollmentId!)
      .executeTakeFirstOrThrow();
    expect(e).toMatchObject({
      status: "active",
      current_step: 1,
      sequence_type: "sales",
      originating_agent_id: "AGT-401",
    });
    expect(e.next_send_at?.toISOString()).toBe("2026-03-03T15:00:00.000Z");
    const ev = await events(d.db, t.clientId, contact);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      event_type: "activated",
      coordinator_action: "allow",
      compliance_status: "clear",
      suppressed_reason: null,
      play_id: null,
      originating_proposal_id: null,
      event_id: r.decision.eventId,
    });
    const c = await d.db
      .selectFrom("contacts")
      .selectAll()
      .where("contact_id", "=", contact)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({ active_sequence_id: r.enrollmentId, current_step: 1 });
  });

  it("blocks an opted-out lead at gate 1 even for transactional, with no enrollment", async () => {
    const contact = await makeContact(d.db, t.clientId, { optOut: true });
    const campaign = await makeCampaign(d.db, t.clientId, "transactional");
    const r = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
          now,
        ),
      );
    expect(r).toMatchObject({
      enrollmentId: null,
      decision: { action: "block", gate: 1, reason: "compliance_block" },
    });
    const ev = await events(d.db, t.clientId, contact);
    expect(ev[0]).toMatchObject({
      event_type: "suppressed",
      compliance_status: "blocked",
      suppressed_reason: "compliance_block",
      gate: 1,
    });
  });

  it("blocks nurture on an ABM account at gate 2 and records the notification for the originating agent", async () => {
    const acct = await makeAccount(d.db, t.clientId, { tier: "T1", abm: true });
    const contact = await makeContact(d.db, t.clientId, { accountId: acct });
    const campaign = await makeCampaign(d.db, t.clientId, "nurture");
    const r = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: t.agt304 },
          now,
        ),
      );
    expect(r.decision).toMatchObject({ action: "block", gate: 2, reason: "abm_active_suppression" });
    const ev = await events(d.db, t.clientId, contact);
    expect(ev[0]).toMatchObject({ event_type: "suppressed", originating_agent_id: "AGT-304" });
    expect(ev[0].details.effects).toEqual([
      { kind: "notify_originating_agent", reason: "abm_active_suppression" },
    ]);
  });

  it("queues the losing side for 48 h on T2 and activates the queued enrollment when re-requested", async () => {
    const acct = await makeAccount(d.db, t.clientId, { tier: "T2" });
    const contact = await makeContact(d.db, t.clientId, {
      accountId: acct,
      salesAt: new Date("2026-03-01T00:00:00Z"),
      marketingAt: new Date("2026-02-01T00:00:00Z"),
    });
    const sales = await makeCampaign(d.db, t.clientId, "sales");
    const mkt = await makeCampaign(d.db, t.clientId, "marketing");
    const run = (campaignId: string, at: Date, existingEnrollmentId?: string) =>
      d.db
        .transaction()
        .execute((tx) =>
          requestActivation(
            tx,
            { clientId: t.clientId, contactId: contact, campaignId, requestedBy: null, existingEnrollmentId },
            at,
          ),
        );
    expect((await run(sales, now)).decision.action).toBe("allow");
    const q = await run(mkt, now);
    expect(q.decision).toMatchObject({ action: "queue", gate: 4, reason: "conflict_resolved_queued" });
    expect(q.decision.until?.toISOString()).toBe("2026-03-04T15:00:00.000Z");
    const e = await d.db
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", q.enrollmentId!)
      .executeTakeFirstOrThrow();
    expect(e.status).toBe("queued");
    // the sales enrollment ends; the queued marketing one goes at release
    await d.db
      .updateTable("campaign_contacts")
      .set({ status: "exited" })
      .where("campaign_id", "=", sales)
      .execute();
    const later = new Date("2026-03-04T15:00:00Z");
    const again = await run(mkt, later, q.enrollmentId!);
    expect(again).toMatchObject({ enrollmentId: q.enrollmentId, decision: { action: "allow" } });
  });

  it("gate 5: a second live enrollment in the same campaign is refused", async () => {
    const contact = await makeContact(d.db, t.clientId);
    const campaign = await makeCampaign(d.db, t.clientId, "marketing");
    const run = () =>
      d.db
        .transaction()
        .execute((tx) =>
          requestActivation(
            tx,
            { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
            now,
          ),
        );
    await run();
    const r = await run();
    expect(r.decision).toMatchObject({ action: "block", gate: 5, reason: "already_enrolled" });
    const ev = await events(d.db, t.clientId, contact);
    expect(ev[1]).toMatchObject({ event_type: "rejected", suppressed_reason: null, gate: 5 });
  });

  it("another tenant's contact is a 404", async () => {
    const other = await createTenant(d.db);
    const contact = await makeContact(d.db, other.clientId);
    const campaign = await makeCampaign(d.db, t.clientId, "sales");
    await expect(
      d.db
        .transaction()
        .execute((tx) =>
          requestActivation(
            tx,
            { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
            now,
          ),
        ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

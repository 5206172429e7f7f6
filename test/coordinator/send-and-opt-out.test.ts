import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateStep, optOut, requestActivation } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { events, makeAccount, makeCampaign, makeContact, makeSendItem } from "./support/fixtures.ts";
import { gateSend, recordTouch } from "./support/send-one.ts";

let d: Database;
let t: Tenant;
const now = new Date("2026-03-10T12:00:00Z");
beforeAll(async () => {
  d = await testDatabase();
  t = await createTenant(d.db);
});
afterAll(async () => d.close());

async function activeEnrollment(kind: "sales" | "transactional" = "sales") {
  const contact = await makeContact(d.db, t.clientId, {
    accountId: await makeAccount(d.db, t.clientId, { tier: "T1" }),
  });
  const campaign = await makeCampaign(d.db, t.clientId, kind, { steps: [0, 1] });
  const r = await d.db
    .transaction()
    .execute((tx) =>
      requestActivation(
        tx,
        { clientId: t.clientId, contactId: contact, campaignId: campaign, requestedBy: null },
        now,
      ),
    );
  return { contact, campaign, enrollmentId: r.enrollmentId! };
}

describe("gateSend and recordTouch", () => {
  it("allow → touch row with the count, contact cadence fields set; a second send the same day is held", async () => {
    const { contact, enrollmentId } = await activeEnrollment();
    const item = await makeSendItem(d.db, t.clientId, enrollmentId, now);
    await d.db.transaction().execute(async (tx) => {
      expect((await gateSend(tx, { clientId: t.clientId, sendItemId: item }, now)).action).toBe("allow");
      await recordTouch(tx, { clientId: t.clientId, sendItemId: item }, now);
    });
    const touch = (await events(d.db, t.clientId, contact)).find((e) => e.event_type === "touch")!;
    expect(touch).toMatchObject({
      touch_cap_at_event: 1,
      send_item_id: item,
      sequence_type: "sales",
      step_number: 1,
    });
    const c = await d.db
      .selectFrom("contacts")
      .selectAll()
      .where("contact_id", "=", contact)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({ active_sequence_id: enrollmentId, current_step: 1 });
    expect(c.last_touch_at?.toISOString()).toBe(now.toISOString());
    const item2 = await makeSendItem(d.db, t.clientId, enrollmentId, now);
    const later = new Date(now.getTime() + 3600_000);
    const held = await d.db
      .transaction()
      .execute((tx) => gateSend(tx, { clientId: t.clientId, sendItemId: item2 }, later));
    expect(held).toMatchObject({ action: "hold", gate: 3, reason: "touch_cap_exceeded" });
    expect(held.until?.toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("transactional touches do not count toward caps", async () => {
    const { contact, enrollmentId } = await activeEnrollment("transactional");
    for (let i = 0; i < 4; i++) {
      const item = await makeSendItem(d.db, t.clientId, enrollmentId, now);
      await d.db.transaction().execute(async (tx) => {
        expect((await gateSend(tx, { clientId: t.clientId, sendItemId: item }, now)).action).toBe("allow");
        await recordTouch(tx, { clientId: t.clientId, sendItemId: item }, now);
      });
    }
    const sales = await makeCampaign(d.db, t.clientId, "sales");
    const r = await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: sales, requestedBy: null },
          now,
        ),
      );
    expect(r.decision).toMatchObject({ action: "allow", touchCapAtEvent: 0 });
  });

  it("a sent item cannot be sent again (gate 5)", async () => {
    const { enrollmentId } = await activeEnrollment();
    const item = await makeSendItem(d.db, t.clientId, enrollmentId, now);
    await d.db.updateTable("sales_send_queue").set({ status: "sent" }).where("id", "=", item).execute();
    const r = await d.db
      .transaction()
      .execute((tx) => gateSend(tx, { clientId: t.clientId, sendItemId: item }, now));
    expect(r).toMatchObject({ action: "block", gate: 5, reason: "send_item_not_pending" });
  });
});

describe("opt-out propagation", () => {
  it("terminates every live enrollment, cancels unsent items and pending drafts, logs once, idempotent", async () => {
    const { contact, enrollmentId } = await activeEnrollment();
    const m = await makeCampaign(d.db, t.clientId, "transactional");
    await d.db
      .transaction()
      .execute((tx) =>
        requestActivation(
          tx,
          { clientId: t.clientId, contactId: contact, campaignId: m, requestedBy: null },
          now,
        ),
      );
    const item = await makeSendItem(d.db, t.clientId, enrollmentId, now);
    const draft = await d.db
      .insertInto("staged_drafts")
      .values({
        client_id: t.clientId,
        send_item_id: item,
        channel: "email",
        to_id: "x@example.test",
        body: "hi",
        context: "{}",
        drafted_by: "template",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await d.db
      .updateTable("sales_send_queue")
      .set({ staged_draft_id: draft.id, status: "drafted" })
      .where("id", "=", item)
      .execute();
    const r = await optOut(
      d.db,
      t.rep,
      { clientId: t.clientId, contactId: contact, flag: "opt_out", source: "reply" },
      now,
    );
    expect(r).toEqual({ alreadyOptedOut: false, enrollmentsTerminated: 2, itemsCancelled: 1 });
    const ds = await d.db
      .selectFrom("staged_drafts")
      .select("status")
      .where("id", "=", draft.id)
      .executeTakeFirstOrThrow();
    expect(ds.status).toBe("cancelled");
    const live = await d.db
      .selectFrom("campaign_contacts")
      .select("status")
      .where("contact_id", "=", contact)
      .execute();
    expect(live.map((x) => x.status)).toEqual(["opted_out", "opted_out"]);
    const c = await d.db
      .selectFrom("contacts")
      .selectAll()
      .where("contact_id", "=", contact)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({ opt_out_flag: true, active_sequence_id: null });
    expect(
      await optOut(
        d.db,
        t.rep,
        { clientId: t.clientId, contactId: contact, flag: "opt_out", source: "reply" },
        now,
      ),
    ).toEqual({
      alreadyOptedOut: true,
      enrollmentsTerminated: 0,
      itemsCancelled: 0,
    });
    const logged = (await events(d.db, t.clientId, contact)).filter((e) => e.event_type === "opted_out");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      suppressed_reason: "compliance_block",
      compliance_status: "blocked",
      actor_principal_id: t.rep.principalId,
    });
    // after the commit, the step and the send are both refused by gate 1
    const step = await d.db
      .transaction()
      .execute((tx) => gateStep(tx, { clientId: t.clientId, enrollmentId }, now));
    expect(step).toMatchObject({ action: "block", gate: 1 });
    const send = await d.db
      .transaction()
      .execute((tx) => gateSend(tx, { clientId: t.clientId, sendItemId: item }, now));
    expect(send).toMatchObject({ action: "block", gate: 1 });
  });

  it("another tenant's contact is a 404 and nothing changes", async () => {
    const other = await createTenant(d.db);
    const contact = await makeContact(d.db, other.clientId);
    await expect(
      optOut(d.db, t.rep, { clientId: t.clientId, contactId: contact, flag: "opt_out", source: "api" }, now),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const c = await d.db
      .selectFrom("contacts")
      .select("opt_out_flag")
      .where("contact_id", "=", contact)
      .executeTakeFirstOrThrow();
    expect(c.opt_out_flag).toBe(false);
  });
});

describe("held steps", () => {
  it("gateStep at the cap sets next_send_at to the release time; at release it is allowed", async () => {
    const { contact, enrollmentId } = await activeEnrollment();
    const touches = [6, 4, 2].map((days) => new Date(now.getTime() - days * 86_400_000));
    for (const occurred_at of touches) {
      await d.db
        .insertInto("cadence_event_log")
        .values({
          client_id: t.clientId,
          contact_id: contact,
          event_type: "touch",
          sequence_type: "marketing",
          occurred_at,
          details: "{}",
        })
        .execute();
    }
    const held = await d.db
      .transaction()
      .execute((tx) => gateStep(tx, { clientId: t.clientId, enrollmentId }, now));
    expect(held).toMatchObject({ action: "hold", gate: 3, touchCapAtEvent: 3 });
    const release = new Date(touches[0].getTime() + 7 * 86_400_000);
    expect(held.until?.toISOString()).toBe(release.toISOString());
    const e = await d.db
      .selectFrom("campaign_contacts")
      .select("next_send_at")
      .where("id", "=", enrollmentId)
      .executeTakeFirstOrThrow();
    expect(e.next_send_at?.toISOString()).toBe(release.toISOString());
    const ok = await d.db
      .transaction()
      .execute((tx) => gateStep(tx, { clientId: t.clientId, enrollmentId }, release));
    expect(ok.action).toBe("allow");
  });
});

// exitContactsBatch (spec 002 exit_contact for a batch): the same rows as exitContact called one by
// one, checked on two identical tenants - one exits in a batch, the other one by one.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/define-campaign.ts";
import { enrollContact } from "../../src/campaigns/enroll-contact.ts";
import { type ExitResult, exitContact } from "../../src/campaigns/exit-contact.ts";
import { exitContactsBatch } from "../../src/campaigns/exit-contacts-batch.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { labelled, sameRows, tenantRows } from "../support/tenant-rows.ts";
import { DAY, newContact, T0, twoStepCampaign } from "./helpers.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(() => d?.close());

const T1 = new Date(T0.getTime() + 8 * DAY);
const LABELS = ["plain", "sales", "chain", "gate", "ended", "items"] as const;
type Label = (typeof LABELS)[number];

interface Scenario {
  t: Tenant;
  contacts: Record<Label, string>;
  enrollments: Record<Label, string>;
}

const campaign = twoStepCampaign;

/** The batch: a plain nurture, a sales one, an on_exit chain, an exec gate, an ended one, unsent items. */
async function scenario(db: Kysely<DB>): Promise<Scenario> {
  const t = await createTenant(db, "exb");
  for (const c of [
    campaign("plain", "nurture", {}),
    campaign("deal", "sales", { no_engagement: null }),
    campaign("next_up", "nurture", {}),
    campaign("chain_from", "nurture", { no_engagement: "next_up" }),
    campaign("gated", "nurture", { no_engagement: { gate: "exec" } }),
  ])
    await createCampaign(db, t.revops, c, T0);
  const slugOf: Record<Label, string> = {
    plain: "plain",
    sales: "deal",
    chain: "chain_from",
    gate: "gated",
    ended: "plain",
    items: "plain",
  };
  const contacts = {} as Record<Label, string>;
  const enrollments = {} as Record<Label, string>;
  for (const l of LABELS) {
    contacts[l] = (await newContact(db, t.clientId, l)).contactId;
    const r = await enrollContact(db, t.sales, { campaign: slugOf[l], contactId: contacts[l] }, T0);
    expect(r.outcome).toBe("enrolled");
    enrollments[l] = r.enrollment_id!;
  }
  await db
    .transaction()
    .execute((tx) =>
      exitContact(tx, { clientId: t.clientId, enrollmentId: enrollments.ended, reason: "converted" }, T0),
    );
  // items: step 1 sent, step 2 approved (its draft approved), step 3 drafted with a pending draft
  const c = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", t.clientId)
    .where("slug", "=", "plain")
    .executeTakeFirstOrThrow();
  const item = async (n: number, status: "sent" | "approved" | "drafted", draft: string | null) => {
    const dr = draft
      ? await db
          .insertInto("staged_drafts")
          .values({
            client_id: t.clientId,
            channel: "email",
            to_id: "items@example.test",
            body: `step ${n}`,
            context: JSON.stringify({}),
            status: draft as "pending" | "approved",
            drafted_by: "template",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      : null;
    const q = await db
      .insertInto("sales_send_queue")
      .values({
        client_id: t.clientId,
        contact_id: contacts.items,
        campaign_id: c.id,
        enrollment_id: enrollments.items,
        step_number: n,
        channel: "email",
        staged_draft_id: dr?.id ?? null,
        scheduled_at: T0,
        sent_at: status === "sent" ? T0 : null,
        status,
        idempotency_key: `${enrollments.items}:${n}`,
        created_at: T0,
        updated_at: T0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (dr)
      await db.updateTable("staged_drafts").set({ send_item_id: q.id }).where("id", "=", dr.id).execute();
  };
  await item(1, "sent", null);
  await item(2, "approved", "approved");
  await item(3, "drafted", "pending");
  return { t, contacts, enrollments };
}

/** Every row of the scenario's tenant that an exit may write, with ids replaced by stable labels. */
const snapshot = (db: Kysely<DB>, s: Scenario) => tenantRows(db, s.t, s.contacts);

describe("exitContactsBatch", () => {
  it("writes the same rows and returns the same results as exitContact one by one", async () => {
    const a = await scenario(d.db);
    const b = await scenario(d.db);
    // input order differs from id order; "plain" twice (the second is already ended by the first)
    const order: Label[] = ["items", "chain", "ended", "plain", "gate", "sales", "plain"];
    const batch = await d.db.transaction().execute((tx) =>
      exitContactsBatch(
        tx,
        {
          clientId: a.t.clientId,
          enrollmentIds: order.map((l) => a.enrollments[l]),
          reason: "no_engagement",
        },
        T1,
      ),
    );
    const oneByOne = await d.db.transaction().execute(async (tx) => {
      const out: ExitResult[] = [];
      for (const l of order)
        out.push(
          await exitContact(
            tx,
            { clientId: b.t.clientId, enrollmentId: b.enrollments[l], reason: "no_engagement" },
            T1,
          ),
        );
      return out;
    });
    const sa = await snapshot(d.db, a);
    const sb = await snapshot(d.db, b);
    const label = (s: typeof sa, r: ExitResult[]) => labelled(s, r) as ExitResult[];
    expect(label(sa, batch)).toEqual(label(sb, oneByOne));
    sameRows(expect, sa, sb);

    // and the rows are what the scenario asks for
    expect(label(sa, batch).map((r: ExitResult) => [r.already_ended, r.status, r.next.kind])).toEqual([
      [false, "timed_out", "none"],
      [false, "timed_out", "enrolled"],
      [true, "converted", "none"],
      [false, "timed_out", "none"],
      [false, "timed_out", "handoff"],
      [false, "timed_out", "none"],
      [true, "timed_out", "none"],
    ]);
    const ev = sa.events.filter((e) => e.event_type !== "decision");
    expect(
      ev.filter((e) => e.event_type === "exit" && e.occurred_at === T1.toISOString()).map((e) => e.details),
    ).toHaveLength(5);
    expect(ev.find((e) => e.contact_id === "contact:items" && e.event_type === "exit")?.details).toEqual({
      reason: "no_engagement",
      status: "timed_out",
      campaign: "plain",
      on_exit: null,
      notes: null,
      items_cancelled: 2,
    });
    expect(
      ev.filter((e) => e.contact_id === "contact:chain").map((e) => [e.event_type, e.resolution]),
    ).toEqual(
      expect.arrayContaining([
        ["exit", "no_engagement"],
        ["on_exit_routed", "enrolled"],
      ]),
    );
    expect(
      sa.enrollments.some((e) => e.includes('"campaign_id":"campaign:next_up"') && e.includes('"active"')),
    ).toBe(true);
    expect(sa.handoffs).toHaveLength(1);
    const items = await d.db
      .selectFrom("sales_send_queue as q")
      .leftJoin("staged_drafts as s", "s.id", "q.staged_draft_id")
      .select(["q.step_number", "q.status", "q.error", "s.status as draft"])
      .where("q.enrollment_id", "=", a.enrollments.items)
      .orderBy("q.step_number")
      .execute();
    expect(items).toEqual([
      { step_number: 1, status: "sent", error: null, draft: null },
      { step_number: 2, status: "cancelled", error: "enrollment exited: no_engagement", draft: "approved" },
      { step_number: 3, status: "cancelled", error: "enrollment exited: no_engagement", draft: "cancelled" },
    ]);
    const closes = sa.crm.filter((o) => o.op === "close_deal");
    expect(closes.map((o) => [o.contact_id, o.payload])).toEqual([
      ["contact:sales", { enrollmentId: "enrollment:contact:sales/campaign:deal", outcome: "lost" }],
    ]);
    const released = sa.contacts.map((c) => JSON.parse(c)).filter((c) => c.contact_id !== "contact:chain");
    for (const c of released) expect(c.active_sequence_id).toBeNull();
  });

  it("refuses an unknown reason and an enrollment of another tenant; an empty batch does nothing", async () => {
    const a = await scenario(d.db);
    const other = await scenario(d.db);
    const run = (ids: string[], reason = "no_engagement") =>
      d.db
        .transaction()
        .execute((tx) => exitContactsBatch(tx, { clientId: a.t.clientId, enrollmentIds: ids, reason }, T1));
    await expect(run([a.enrollments.plain], "won")).rejects.toMatchObject({ code: "EXIT_REASON_UNKNOWN" });
    await expect(run([a.enrollments.plain, other.enrollments.plain])).rejects.toMatchObject({
      code: "ENROLLMENT_NOT_FOUND",
      facts: { enrollment_id: other.enrollments.plain },
    });
    expect(await run([])).toEqual([]);
    const still = await d.db
      .selectFrom("campaign_contacts")
      .select("status")
      .where("id", "=", a.enrollments.plain)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe("active");
  });
});

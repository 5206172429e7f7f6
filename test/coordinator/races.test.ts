// Issue 3 "Must show", on PostgreSQL: 16 concurrent workers racing steps for the same prospects
// never overshoot a cap; an opt-out racing 1,000 due sends is followed by 0 sends that start after
// the opt-out commits.
import { performance } from "node:perf_hooks";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { optOut } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { SequenceType } from "../../src/db/core-tables.ts";
import type { DB } from "../../src/db/database.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";
import { runDue } from "./support/mini-engine.ts";
import { gateSend, recordTouch } from "./support/send-one.ts";

/** An active enrollment of the contact in the campaign, due at `now`. */
async function enrollDue(
  db: Kysely<DB>,
  clientId: string,
  contactId: string,
  campaignId: string,
  kind: SequenceType,
  now: Date,
): Promise<string> {
  const e = await db
    .insertInto("campaign_contacts")
    .values({
      client_id: clientId,
      contact_id: contactId,
      campaign_id: campaignId,
      sequence_type: kind,
      status: "active",
      next_send_at: now,
      enrolled_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return e.id;
}

/** 16 workers, each walking every enrollment `rounds` times in its own order, running the due ones. */
async function race(
  db: Kysely<DB>,
  clientId: string,
  enrollments: string[],
  now: Date,
  walk: { rounds: number; stride: number },
): Promise<void> {
  const worker = async (w: number) => {
    for (let round = 0; round < walk.rounds; round++) {
      for (let i = 0; i < enrollments.length; i++) {
        const id = enrollments[(i * walk.stride + w * 5 + round) % enrollments.length];
        const e = await db
          .selectFrom("campaign_contacts")
          .select(["status", "next_send_at"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        if (e.status === "active" && e.next_send_at && e.next_send_at <= now)
          await runDue(db, clientId, id, now);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
}

describeMultiConnection("coordinator races", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(24);
  });
  afterAll(async () => d?.close());

  for (const caps of [
    { weekly: 3, daily: 5, expectMax: 3, label: "weekly cap 3" },
    { weekly: 3, daily: 1, expectMax: 1, label: "daily cap 1" },
  ]) {
    it(`16 workers racing steps for the same prospects never overshoot (${caps.label})`, async () => {
      const db = d.db;
      const t = await createTenant(db, "race");
      await db
        .insertInto("coordinator_config")
        .values({ client_id: t.clientId, weekly_touch_cap: caps.weekly, daily_touch_cap: caps.daily })
        .execute();
      const now = new Date("2026-03-10T12:00:00Z");
      const contacts: string[] = [];
      const enrollments: string[] = [];
      for (let c = 0; c < 4; c++) {
        const contact = await makeContact(db, t.clientId, {
          accountId: await makeAccount(db, t.clientId, { tier: "T1" }),
        });
        contacts.push(contact);
        for (let k = 0; k < 6; k++) {
          const kind = k % 2 ? "abm" : "sales";
          const campaign = await makeCampaign(db, t.clientId, kind, { steps: [0, 0, 0] });
          enrollments.push(await enrollDue(db, t.clientId, contact, campaign, kind, now));
        }
      }
      // every worker walks all enrollments (in its own order) three times: 16 × 72 gated steps
      await race(db, t.clientId, enrollments, now, { rounds: 3, stride: 7 });
      const touches = await db
        .selectFrom("cadence_event_log")
        .select(["contact_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("client_id", "=", t.clientId)
        .where("event_type", "=", "touch")
        .groupBy("contact_id")
        .execute();
      expect(touches).toHaveLength(4);
      for (const r of touches) expect(r.n).toBe(caps.expectMax); // reached, never passed
      const held = await db
        .selectFrom("cadence_event_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("client_id", "=", t.clientId)
        .where("suppressed_reason", "=", "touch_cap_exceeded")
        .executeTakeFirstOrThrow();
      expect(held.n).toBeGreaterThan(0);
    }, 120_000);
  }

  it("16 workers racing steps of campaigns with a weekly cap of 2 (issue 59): the campaign's cap holds", async () => {
    const db = d.db;
    const t = await createTenant(db, "race_campaign_cap");
    // the contact's own caps out of the way: only the campaigns' caps bind
    await db
      .insertInto("coordinator_config")
      .values({ client_id: t.clientId, weekly_touch_cap: 20, daily_touch_cap: 20 })
      .execute();
    const now = new Date("2026-03-10T12:00:00Z");
    const enrollments: string[] = [];
    for (let c = 0; c < 4; c++) {
      const contact = await makeContact(db, t.clientId, {
        accountId: await makeAccount(db, t.clientId, { tier: "T1" }),
      });
      for (let k = 0; k < 2; k++) {
        const campaign = await makeCampaign(db, t.clientId, "marketing", { steps: [0, 0, 0, 0, 0] });
        await db.updateTable("campaigns").set({ weekly_touch_cap: 2 }).where("id", "=", campaign).execute();
        enrollments.push(await enrollDue(db, t.clientId, contact, campaign, "marketing", now));
      }
    }
    await race(db, t.clientId, enrollments, now, { rounds: 4, stride: 3 });
    const touches = await db
      .selectFrom("cadence_event_log")
      .select(["contact_id", "campaign_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .groupBy(["contact_id", "campaign_id"])
      .execute();
    expect(touches).toHaveLength(8);
    for (const r of touches) expect(Number(r.n)).toBe(2); // reached, never passed
    const held = await db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", t.clientId)
      .where("suppressed_reason", "=", "touch_cap_exceeded")
      .where("resolution", "=", "campaign_weekly_cap")
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBeGreaterThan(0);
  }, 120_000);

  it("16 workers racing steps of 16 contacts of two accounts with weekly caps (issue 61): each account ends at exactly its cap", async () => {
    const db = d.db;
    const t = await createTenant(db, "race_account_cap");
    // the contact's own caps out of the way: only the accounts' caps bind
    await db
      .insertInto("coordinator_config")
      .values({ client_id: t.clientId, weekly_touch_cap: 20, daily_touch_cap: 20 })
      .execute();
    // one account takes its segment's cap (5), the other overrides it with its own (3)
    await db
      .insertInto("segments")
      .values({
        client_id: t.clientId,
        segment: "abm_tier1",
        name: "ABM tier 1",
        account_weekly_touch_cap: 5,
      })
      .execute();
    const bySegment = await makeAccount(db, t.clientId, { tier: "T1" });
    const own = await makeAccount(db, t.clientId, { tier: "T1" });
    await db
      .updateTable("accounts")
      .set({ segment: "abm_tier1" })
      .where("client_id", "=", t.clientId)
      .execute();
    await db.updateTable("accounts").set({ weekly_touch_cap: 3 }).where("account_id", "=", own).execute();
    const now = new Date("2026-03-10T12:00:00Z");
    const enrollments: string[] = [];
    for (let c = 0; c < 16; c++) {
      const contact = await makeContact(db, t.clientId, { accountId: c % 2 ? own : bySegment });
      for (let k = 0; k < 2; k++) {
        const campaign = await makeCampaign(db, t.clientId, "marketing", { steps: [0, 0, 0] });
        enrollments.push(await enrollDue(db, t.clientId, contact, campaign, "marketing", now));
      }
    }
    const started = performance.now();
    await race(db, t.clientId, enrollments, now, { rounds: 3, stride: 5 });
    const ms = performance.now() - started;
    const touches = await db
      .selectFrom("cadence_event_log")
      .select(["account_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "touch")
      .groupBy("account_id")
      .execute();
    const n = new Map(touches.map((r) => [r.account_id, Number(r.n)]));
    const held = await db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", t.clientId)
      .where("suppressed_reason", "=", "account_cap_exceeded")
      .where("resolution", "=", "account_weekly_cap")
      .executeTakeFirstOrThrow();
    console.log(
      `account cap race: 16 workers, 32 enrollments of 16 contacts, ${ms.toFixed(0)} ms; touches ${n.get(bySegment)} (segment cap 5) and ${n.get(own)} (account cap 3); ${held.n} decisions held at account_cap_exceeded`,
    );
    expect(n.get(bySegment)).toBe(5); // reached, never passed
    expect(n.get(own)).toBe(3);
    expect(Number(held.n)).toBeGreaterThan(0);
  }, 120_000);

  it("an opt-out racing 1,000 due sends: 0 sends start after the opt-out commits", async () => {
    const db = d.db;
    const t = await createTenant(db, "optrace");
    const now = new Date("2026-03-10T12:00:00Z");
    const contact = await makeContact(db, t.clientId);
    const campaign = await makeCampaign(db, t.clientId, "transactional", { steps: [0] });
    const e = await db
      .insertInto("campaign_contacts")
      .values({
        client_id: t.clientId,
        contact_id: contact,
        campaign_id: campaign,
        sequence_type: "transactional",
        status: "active",
        next_send_at: now,
        enrolled_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const items = await db
      .insertInto("sales_send_queue")
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          client_id: t.clientId,
          contact_id: contact,
          campaign_id: campaign,
          enrollment_id: e.id,
          step_number: 1,
          channel: "email" as const,
          scheduled_at: now,
          status: "approved" as const,
          idempotency_key: `${e.id}:${i}`,
        })),
      )
      .returning("id")
      .execute();
    const queue = items.map((i) => i.id);
    const sentStarts: number[] = [];
    let optOutCommittedAt = Number.POSITIVE_INFINITY;
    const sender = async () => {
      while (queue.length) {
        const id = queue.shift()!;
        const startedAt = performance.now();
        const sent = await db.transaction().execute(async (tx) => {
          const dec = await gateSend(tx, { clientId: t.clientId, sendItemId: id }, now);
          if (dec.action !== "allow") return false;
          await tx
            .updateTable("sales_send_queue")
            .set({ status: "sent", sent_at: now })
            .where("id", "=", id)
            .execute();
          await recordTouch(tx, { clientId: t.clientId, sendItemId: id }, now);
          return true;
        });
        if (sent) sentStarts.push(startedAt);
      }
    };
    const senders = Array.from({ length: 8 }, () => sender());
    while (sentStarts.length < 50) await new Promise((r) => setTimeout(r, 5));
    const r = await optOut(
      db,
      t.rep,
      { clientId: t.clientId, contactId: contact, flag: "unsubscribe", source: "test" },
      now,
    );
    optOutCommittedAt = performance.now();
    await Promise.all(senders);
    expect(r.enrollmentsTerminated).toBe(1);
    expect(sentStarts.filter((s) => s > optOutCommittedAt)).toEqual([]);
    const counts = await db
      .selectFrom("sales_send_queue")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("enrollment_id", "=", e.id)
      .groupBy("status")
      .execute();
    const by = Object.fromEntries(counts.map((c) => [c.status, c.n]));
    expect(by.sent).toBe(sentStarts.length);
    expect((by.sent ?? 0) + (by.cancelled ?? 0)).toBe(1000);
    expect(r.itemsCancelled).toBe(by.cancelled);
    // and nothing was sent after the flag: every touch precedes the opt-out event
    const ev = await db
      .selectFrom("cadence_event_log")
      .select(["event_id", "event_type"])
      .where("contact_id", "=", contact)
      .orderBy("event_id")
      .execute();
    const optIdx = ev.findIndex((x) => x.event_type === "opted_out");
    expect(ev.slice(optIdx).some((x) => x.event_type === "touch")).toBe(false);
  }, 120_000);
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateSendsBatch, recordTouchesBatch } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { SequenceType } from "../../src/db/core-tables.ts";
import { BatonError } from "../../src/errors/baton-error.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact, makeSendItem } from "./support/fixtures.ts";
import { gateSend, recordTouch } from "./support/send-one.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

const now = new Date("2026-03-10T12:00:00Z");

/**
 * One send item per case, in this order: allow; gate 1 block (opted out); ABM account nurture
 * (gate 2 does not run at send); gate 3 hold (touched an hour ago); two items of one contact (the
 * second held by the daily cap); a transactional item then a sales item of one contact (both go);
 * gate 5 block (enrollment exited).
 */
async function scenario() {
  const db = d.db;
  const t = await createTenant(db, "sendbatch");
  const items: string[] = [];
  const enrollments: string[] = [];
  const contacts: string[] = [];
  const send = async (contact: string, kind: SequenceType, status: "active" | "exited" = "active") => {
    const campaign = await makeCampaign(db, t.clientId, kind);
    const e = await db
      .insertInto("campaign_contacts")
      .values({
        client_id: t.clientId,
        contact_id: contact,
        campaign_id: campaign,
        sequence_type: kind,
        status,
        next_send_at: now,
        enrolled_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    enrollments.push(e.id);
    if (!contacts.includes(contact)) contacts.push(contact);
    items.push(await makeSendItem(db, t.clientId, e.id, now));
  };
  const t1 = await makeAccount(db, t.clientId, { tier: "T1" });
  await send(await makeContact(db, t.clientId, { accountId: t1 }), "sales");
  await send(await makeContact(db, t.clientId, { accountId: t1, optOut: true }), "sales");
  await send(
    await makeContact(db, t.clientId, { accountId: await makeAccount(db, t.clientId, { abm: true }) }),
    "nurture",
  );
  const touched = await makeContact(db, t.clientId, { accountId: t1 });
  await db
    .insertInto("cadence_event_log")
    .values({
      client_id: t.clientId,
      contact_id: touched,
      event_type: "touch",
      sequence_type: "sales",
      occurred_at: new Date(now.getTime() - 3600_000),
      details: "{}",
    })
    .execute();
  await send(touched, "sales");
  const twice = await makeContact(db, t.clientId, { accountId: t1 });
  await send(twice, "sales");
  await send(twice, "nurture");
  const tx = await makeContact(db, t.clientId, { accountId: t1 });
  await send(tx, "transactional");
  await send(tx, "sales");
  await send(await makeContact(db, t.clientId, { accountId: t1 }), "sales", "exited");
  return { clientId: t.clientId, items, enrollments, contacts };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

/** What both paths must leave behind, with ids replaced by their scenario index. */
async function effects(s: Scenario) {
  const rows = await d.db
    .selectFrom("cadence_event_log")
    .select([
      "send_item_id",
      "enrollment_id",
      "event_type",
      "coordinator_action",
      "gate",
      "touch_cap_at_event",
      "suppressed_reason",
      "compliance_status",
      "resolution",
      "release_at",
      "step_number",
      "channel",
      "sequence_type",
    ])
    .where("client_id", "=", s.clientId)
    .where("send_item_id", "is not", null)
    .orderBy("event_id")
    .execute();
  const eventsPerItem = s.items.map((id) =>
    rows
      .filter((r) => r.send_item_id === id)
      .map(({ send_item_id: _i, enrollment_id, ...r }) => ({
        ...r,
        enrollment: s.enrollments.indexOf(enrollment_id!),
      })),
  );
  const enrollments = await d.db
    .selectFrom("campaign_contacts")
    .select(["id", "status", "exit_reason", "next_send_at"])
    .where("client_id", "=", s.clientId)
    .execute();
  const contacts = await d.db
    .selectFrom("contacts")
    .select(["contact_id", "last_touch_at", "current_step", "active_sequence_id"])
    .where("client_id", "=", s.clientId)
    .execute();
  return {
    eventsPerItem,
    enrollments: s.enrollments.map((id) => {
      const { id: _id, ...e } = enrollments.find((x) => x.id === id)!;
      return e;
    }),
    contacts: s.contacts.map((id) => {
      const { contact_id: _c, active_sequence_id, ...c } = contacts.find((x) => x.contact_id === id)!;
      return { ...c, active: active_sequence_id ? s.enrollments.indexOf(active_sequence_id) : null };
    }),
  };
}

const strip = ({ eventId: _e, ...rest }: { eventId: number }) => rest;

describe("gateSendsBatch", () => {
  it("decides and writes exactly like a batch of one per item (gateSend then recordTouch, test support)", async () => {
    const a = await scenario();
    const single = [];
    for (const id of a.items) {
      single.push(
        await d.db.transaction().execute(async (tx) => {
          const r = await gateSend(tx, { clientId: a.clientId, sendItemId: id }, now);
          if (r.action === "allow") await recordTouch(tx, { clientId: a.clientId, sendItemId: id }, now);
          return r;
        }),
      );
    }
    const b = await scenario();
    const unknown = randomUUID();
    const batch = await d.db.transaction().execute(async (tx) => {
      const m = await gateSendsBatch(tx, { clientId: b.clientId, sendItemIds: [...b.items, unknown] }, now);
      const allowed = b.items.filter((id) => m.get(id)?.action === "allow");
      await recordTouchesBatch(tx, { clientId: b.clientId, sendItemIds: allowed }, now);
      return m;
    });
    expect(batch.has(unknown)).toBe(false);
    expect(batch.size).toBe(b.items.length);
    expect(b.items.map((id) => strip(batch.get(id)!))).toEqual(single.map(strip));
    expect(single.map((x) => [x.action, x.gate, x.reason, x.until?.toISOString() ?? null])).toEqual([
      ["allow", null, null, null],
      ["block", 1, "compliance_block", null],
      ["allow", null, null, null],
      ["hold", 3, "touch_cap_exceeded", "2026-03-11T00:00:00.000Z"],
      ["allow", null, null, null],
      ["hold", 3, "touch_cap_exceeded", "2026-03-11T00:00:00.000Z"],
      ["allow", null, null, null],
      ["allow", null, null, null],
      ["block", 5, "sequence_finished", null],
    ]);
    const ea = await effects(a);
    const eb = await effects(b);
    expect(eb).toEqual(ea);
    expect(eb.enrollments[1].status).toBe("opted_out");
    expect(eb.eventsPerItem[6].map((e) => [e.event_type, e.touch_cap_at_event])).toEqual([
      ["send_allowed", 0],
      ["touch", 0],
    ]);
    expect(eb.eventsPerItem[7].map((e) => [e.event_type, e.touch_cap_at_event])).toEqual([
      ["send_allowed", 0],
      ["touch", 1],
    ]);
    const details = await d.db
      .selectFrom("cadence_event_log")
      .select("details")
      .where("client_id", "=", b.clientId)
      .where("event_type", "<>", "touch")
      .execute();
    expect(details).toHaveLength(b.items.length);
    for (const x of details) expect(x.details).toMatchObject({ kind: "send", batched: true });
  });

  it("counts an allowed item against its campaign's weekly cap for the batch's later items (issue 59)", async () => {
    const decisions = async (batched: boolean) => {
      const db = d.db;
      const t = await createTenant(db, "sendbatch-campaign-cap");
      await db
        .insertInto("coordinator_config")
        .values({ client_id: t.clientId, weekly_touch_cap: 10, daily_touch_cap: 10 })
        .execute();
      const campaign = await makeCampaign(db, t.clientId, "marketing");
      await db.updateTable("campaigns").set({ weekly_touch_cap: 1 }).where("id", "=", campaign).execute();
      const contact = await makeContact(db, t.clientId, { accountId: await makeAccount(db, t.clientId, {}) });
      const e = await db
        .insertInto("campaign_contacts")
        .values({
          client_id: t.clientId,
          contact_id: contact,
          campaign_id: campaign,
          sequence_type: "marketing",
          status: "active",
          next_send_at: now,
          enrolled_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const items = [
        await makeSendItem(db, t.clientId, e.id, now),
        await makeSendItem(db, t.clientId, e.id, now),
      ];
      return db.transaction().execute(async (tx) => {
        const out = [];
        if (batched) {
          const m = await gateSendsBatch(tx, { clientId: t.clientId, sendItemIds: items }, now);
          await recordTouchesBatch(tx, { clientId: t.clientId, sendItemIds: [items[0]] }, now);
          for (const id of items) out.push(m.get(id)!);
        } else
          for (const id of items) {
            const r = await gateSend(tx, { clientId: t.clientId, sendItemId: id }, now);
            if (r.action === "allow") await recordTouch(tx, { clientId: t.clientId, sendItemId: id }, now);
            out.push(r);
          }
        return out.map((x) => [x.action, x.gate, x.reason, x.until?.toISOString() ?? null]);
      });
    };
    const expected = [
      ["allow", null, null, null],
      ["hold", 3, "touch_cap_exceeded", "2026-03-17T12:00:00.000Z"],
    ];
    expect(await decisions(false)).toEqual(expected);
    expect(await decisions(true)).toEqual(expected);
  });

  it("returns an empty map for an empty batch", async () => {
    const t = await createTenant(d.db, "sendbatch-empty");
    const m = await d.db
      .transaction()
      .execute((tx) => gateSendsBatch(tx, { clientId: t.clientId, sendItemIds: [] }, now));
    expect(m.size).toBe(0);
  });
});

describe("recordTouchesBatch", () => {
  it("writes the same touch rows and contact fields as a batch of one per item", async () => {
    const a = await scenario();
    for (const id of a.items)
      await d.db
        .transaction()
        .execute((tx) => recordTouch(tx, { clientId: a.clientId, sendItemId: id }, now));
    const b = await scenario();
    await d.db
      .transaction()
      .execute((tx) => recordTouchesBatch(tx, { clientId: b.clientId, sendItemIds: b.items }, now));
    const ea = await effects(a);
    const eb = await effects(b);
    expect(eb).toEqual(ea);
    // the touched contact: one earlier touch, so 2; two items of one contact: 1 then 2
    expect(eb.eventsPerItem.map((e) => e[0].touch_cap_at_event)).toEqual([1, 1, 1, 2, 1, 2, 0, 1, 1]);
    // the last item of a contact wins its cadence fields
    expect(eb.contacts[4]).toMatchObject({ active: 5, current_step: 1 });
    expect(eb.contacts[4].last_touch_at?.toISOString()).toBe(now.toISOString());
  });

  it("refuses an item that is not the tenant's and writes nothing", async () => {
    const s = await scenario();
    const err = await d.db
      .transaction()
      .execute((tx) =>
        recordTouchesBatch(tx, { clientId: s.clientId, sendItemIds: [s.items[0], randomUUID()] }, now),
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect((await effects(s)).eventsPerItem[0]).toEqual([]);
  });
});

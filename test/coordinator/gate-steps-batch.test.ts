import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gateStep, gateStepsBatch } from "../../src/coordinator/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { makeAccount, makeCampaign, makeContact } from "./support/fixtures.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d.close());

const now = new Date("2026-03-10T12:00:00Z");

/** One scenario per gate outcome: allow, gate 1 block, gate 2 block, gate 3 hold, gate 4 queue, gate 5 block. */
async function scenario() {
  const db = d.db;
  const t = await createTenant(db, "batch");
  const ids: string[] = [];
  const enroll = async (
    contact: string,
    kind: "sales" | "nurture" | "marketing",
    status: "active" | "exited" = "active",
  ) => {
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
    return e.id;
  };
  const t1 = await makeAccount(db, t.clientId, { tier: "T1" });
  ids.push(await enroll(await makeContact(db, t.clientId, { accountId: t1 }), "sales"));
  ids.push(await enroll(await makeContact(db, t.clientId, { accountId: t1, optOut: true }), "sales"));
  ids.push(
    await enroll(
      await makeContact(db, t.clientId, { accountId: await makeAccount(db, t.clientId, { abm: true }) }),
      "nurture",
    ),
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
  ids.push(await enroll(touched, "sales"));
  const both = await makeContact(db, t.clientId, { accountId: t1 });
  await enroll(both, "sales");
  ids.push(await enroll(both, "marketing"));
  ids.push(await enroll(await makeContact(db, t.clientId, { accountId: t1 }), "sales", "exited"));
  return { clientId: t.clientId, ids };
}

describe("gateStepsBatch", () => {
  it("decides exactly like gateStep, one event per decision", async () => {
    const a = await scenario();
    const single = [];
    for (const id of a.ids)
      single.push(
        await d.db
          .transaction()
          .execute((tx) => gateStep(tx, { clientId: a.clientId, enrollmentId: id }, now)),
      );
    const b = await scenario();
    const batch = await d.db
      .transaction()
      .execute((tx) => gateStepsBatch(tx, { clientId: b.clientId, enrollmentIds: b.ids }, now));
    const strip = ({ eventId: _e, ...rest }: { eventId: number }) => rest;
    expect(b.ids.map((id) => strip(batch.get(id)!))).toEqual(single.map(strip));
    expect(single.map((x) => [x.action, x.gate])).toEqual([
      ["allow", null],
      ["block", 1],
      ["block", 2],
      ["hold", 3],
      ["queue", 4],
      ["block", 5],
    ]);
    const statuses = await d.db
      .selectFrom("campaign_contacts")
      .select(["id", "status", "next_send_at"])
      .where("id", "in", b.ids)
      .execute();
    const byId = new Map(statuses.map((s) => [s.id, s]));
    expect(byId.get(b.ids[1])?.status).toBe("opted_out");
    expect(byId.get(b.ids[2])?.status).toBe("cancelled");
    expect(byId.get(b.ids[3])?.next_send_at?.toISOString()).toBe("2026-03-11T00:00:00.000Z");
    const n = await d.db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", b.clientId)
      .where("event_type", "<>", "touch")
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(6);
  });
});

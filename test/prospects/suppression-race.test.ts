// Issue 15 "Must show", on PostgreSQL: adding a domain to the suppression list while 1,000 of its
// steps are due leaves 0 sends that start after the commit (as the opt-out race test does), through
// both send paths (gateSend per item and gateSendsBatch).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { gateSendsBatch } from "../../src/coordinator/gate-sends-batch.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { addSuppression } from "../../src/prospects/suppress-address.ts";
import { makeCampaign, makeContact } from "../coordinator/support/fixtures.ts";
import { gateSend, recordTouch } from "../coordinator/support/send-one.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";

describeMultiConnection("suppression races", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(20);
  });
  afterAll(async () => d?.close());

  it("a domain suppression racing 1,000 due sends: 0 sends start after it commits", async () => {
    const db = d.db;
    const t = await createTenant(db, "suprace");
    const now = new Date("2026-03-10T12:00:00Z");
    const domain = `race-${randomUUID().slice(0, 8)}.example`;
    const campaign = await makeCampaign(db, t.clientId, "transactional", { steps: [0] });
    const queue: string[] = [];
    const contacts: string[] = [];
    for (let c = 0; c < 50; c++) {
      const contact = await makeContact(db, t.clientId);
      contacts.push(contact);
      // subdomains too: the suppression covers them
      await db
        .updateTable("contacts")
        .set({ email: `p${c}@${c % 2 ? "eu." : ""}${domain}` })
        .where("contact_id", "=", contact)
        .execute();
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
          Array.from({ length: 20 }, (_, i) => ({
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
      queue.push(...items.map((i) => i.id));
    }
    // interleave contacts so every worker meets every contact
    queue.sort(() => Math.random() - 0.5);
    expect(queue).toHaveLength(1000);
    const sentStarts: number[] = [];
    const markSent = async (tx: Kysely<DB>, id: string) => {
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "sent", sent_at: now })
        .where("id", "=", id)
        .execute();
      await recordTouch(tx, { clientId: t.clientId, sendItemId: id }, now);
    };
    const single = async () => {
      while (queue.length) {
        const id = queue.shift()!;
        const startedAt = performance.now();
        const sent = await db.transaction().execute(async (tx) => {
          const dec = await gateSend(tx, { clientId: t.clientId, sendItemId: id }, now);
          if (dec.action !== "allow") return false;
          await markSent(tx, id);
          return true;
        });
        if (sent) sentStarts.push(startedAt);
      }
    };
    const batched = async () => {
      while (queue.length) {
        const ids = queue.splice(0, 4);
        const startedAt = performance.now();
        const n = await db.transaction().execute(async (tx) => {
          const decisions = await gateSendsBatch(tx, { clientId: t.clientId, sendItemIds: ids }, now);
          let k = 0;
          for (const id of ids) {
            if (decisions.get(id)?.action !== "allow") continue;
            await markSent(tx, id);
            k++;
          }
          return k;
        });
        for (let i = 0; i < n; i++) sentStarts.push(startedAt);
      }
    };
    const workers = [...Array.from({ length: 4 }, single), ...Array.from({ length: 4 }, batched)];
    while (sentStarts.length < 50) await new Promise((r) => setTimeout(r, 5));
    const r = await addSuppression(
      db,
      {
        clientId: t.clientId,
        kind: "domain",
        value: domain,
        reason: "asked to be left alone",
        source: "manual",
      },
      now,
    );
    const committedAt = performance.now();
    await Promise.all(workers);
    expect(r.contacts).toBe(50);
    expect(sentStarts.filter((s) => s > committedAt)).toEqual([]);
    const counts = await db
      .selectFrom("sales_send_queue")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("client_id", "=", t.clientId)
      .groupBy("status")
      .execute();
    const by = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
    expect(by.sent).toBe(sentStarts.length);
    expect((by.sent ?? 0) + (by.cancelled ?? 0)).toBe(1000);
    expect(r.itemsCancelled).toBe(by.cancelled);
    // per contact: no touch after its 'suppressed' event
    const ev = await db
      .selectFrom("cadence_event_log")
      .select(["event_id", "event_type", "contact_id"])
      .where("client_id", "=", t.clientId)
      .orderBy("event_id")
      .execute();
    for (const c of contacts) {
      const mine = ev.filter((x) => x.contact_id === c);
      const at = mine.findIndex((x) => x.event_type === "suppressed");
      expect(at).toBeGreaterThanOrEqual(0);
      expect(mine.slice(at).some((x) => x.event_type === "touch")).toBe(false);
    }
  }, 180_000);
});

// issue 67 item 4: a mailbox pauses itself past 3 % bounces over its last 100 sends (judged from 20
// sends on), with an event that gives the numbers, and then sends nothing until a person resumes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DevRecordingEmailChannel } from "../../src/channels/dev-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { clearDeliverabilityPause, recordBounceRate } from "../../src/inbox/mailbox-deliverability.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let database: Database;
let tenant: Tenant;
const BOX = "bouncy@acme.example";

async function sends(n: number, at: Date) {
  await database.db
    .insertInto("channel_deliveries")
    .values(
      Array.from({ length: n }, (_, i) => ({
        idempotency_key: `b:${at.getTime()}:${i}`,
        client_id: tenant.clientId,
        transport: "dev" as const,
        mailbox: BOX,
        to_address: `x${i}@p.example`,
        subject: "s",
        status: "sending" as const,
        message_id: `<b${at.getTime()}-${i}@acme.example>`,
        created_at: new Date(at.getTime() + i),
        updated_at: at,
      })),
    )
    .execute();
}

async function bounce(i: number, at: Date) {
  const mid = `<b${at.getTime()}-${i}@acme.example>`;
  await database.db
    .updateTable("channel_deliveries")
    .set({ status: "failed", error: "bounced: 5.1.1 user unknown", transient: false })
    .where("client_id", "=", tenant.clientId)
    .where("message_id", "=", mid)
    .execute();
  return recordBounceRate(database.db, tenant.clientId, mid, new Date());
}

beforeAll(async () => {
  database = await testDatabase();
  tenant = await createTenant(database.db);
});
afterAll(() => database.close());

describe("bounce rate", () => {
  it("1 of 40 (2.5 %) keeps sending; 2 of 40 (5 %) pauses the mailbox with an event; a person resumes it", async () => {
    const at = new Date(Date.now() - 3_600_000);
    await sends(40, at);
    expect(await bounce(0, at)).toBe(false);
    expect(await bounce(1, at)).toBe(true);
    expect(await bounce(2, at)).toBe(false); // already paused: one event
    const state = await database.db
      .selectFrom("mailbox_deliverability")
      .select(["status", "reason"])
      .where("client_id", "=", tenant.clientId)
      .where("mailbox", "=", BOX)
      .executeTakeFirstOrThrow();
    expect(state.status).toBe("paused");
    expect(state.reason).toMatch(/bounce rate 5\.0 % \(2 of the last 40 sends\)/);
    const events = await database.db
      .selectFrom("cadence_event_log")
      .select(["details"])
      .where("client_id", "=", tenant.clientId)
      .where("event_type", "=", "mailbox_paused")
      .execute();
    expect(events).toHaveLength(1);
    // it sends nothing while paused
    const config = { ...loadConfig({}), publicUrl: "https://baton.example", secret: "b", smtp: undefined };
    const channel = new DevRecordingEmailChannel(database.db, config);
    const m = {
      clientId: tenant.clientId,
      to: "y@p.example",
      subject: "s",
      text: "t",
      headers: {},
      idempotencyKey: "b:after",
      transactional: true,
      mailboxPool: [BOX],
    };
    expect((await channel.send(m, new Date())).status).toBe("deferred");
    await clearDeliverabilityPause(database.db, tenant.clientId, BOX, new Date());
    expect((await channel.send(m, new Date())).status).toBe("sent");
  });

  it("is not judged under 20 sends", async () => {
    const other = await createTenant(database.db);
    const at = new Date();
    await database.db
      .insertInto("channel_deliveries")
      .values({
        idempotency_key: "few:1",
        client_id: other.clientId,
        transport: "dev",
        mailbox: BOX,
        to_address: "z@p.example",
        subject: "s",
        status: "failed",
        error: "bounced: 5.1.1",
        message_id: "<few1@acme.example>",
        created_at: at,
        updated_at: at,
      })
      .execute();
    expect(await recordBounceRate(database.db, other.clientId, "<few1@acme.example>", at)).toBe(false);
  });
});

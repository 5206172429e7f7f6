// issue 12 "A rep's several mailboxes are rotated. Each mailbox has its daily limit and an optional
// warm-up ramp (start at N a day, +M a day, up to the limit)": the effective limit by day, two
// mailboxes sharing the load, a full mailbox skipped, a ramped one held to its day's number, and a
// follow-up's mailbox (a pool of one) deferred when full. Through the real ledger (dev transport).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../src/campaigns/index.ts";
import type { OutboundEmail } from "../../src/channels/channel.ts";
import { DevRecordingEmailChannel } from "../../src/channels/dev-email-channel.ts";
import { effectiveDailyLimit, setMailboxLimit, setMailboxRamp } from "../../src/channels/mailbox-limits.ts";
import { mailboxSendState } from "../../src/channels/mailbox-send-state.ts";
import { rotationOrder } from "../../src/channels/reserve-mailboxes.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { clearDeliverabilityPause } from "../../src/inbox/mailbox-deliverability.ts";
import { setPoolMailbox } from "../../src/mailboxes/mailbox-pools.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let database: Database;
let tenant: Tenant;
let channel: DevRecordingEmailChannel;
const config = {
  ...loadConfig({}),
  publicUrl: "https://baton.example",
  secret: "rot-secret",
  smtp: undefined,
};
let seq = 0;

function batch(n: number, pool: string[], day: string): OutboundEmail[] {
  return Array.from({ length: n }, () => {
    seq += 1;
    return {
      clientId: tenant.clientId,
      to: `p${seq}@prospect.example`,
      subject: "Hello",
      text: "Hi",
      headers: {},
      idempotencyKey: `rot:${day}:${seq}`,
      transactional: true,
      mailboxPool: pool,
    };
  });
}

async function fromOf(results: { status: string }[], keys: string[]) {
  const rows = await database.db
    .selectFrom("channel_deliveries")
    .select(["idempotency_key", "mailbox", "status", "message_id"])
    .where("idempotency_key", "in", keys)
    .execute();
  const count: Record<string, number> = {};
  for (const r of rows) if (r.status === "sending") count[r.mailbox] = (count[r.mailbox] ?? 0) + 1;
  return { count, deferred: results.filter((r) => r.status === "deferred").length, rows };
}

beforeAll(async () => {
  database = await testDatabase();
  tenant = await createTenant(database.db);
  channel = new DevRecordingEmailChannel(database.db, config);
});
afterAll(() => database.close());

describe("warm-up ramp", () => {
  it("effective limit = min(limit, start + step × days since the ramp started)", () => {
    const ramp = { start: 20, step: 10, startDay: "2026-03-01" };
    expect(effectiveDailyLimit(200, ramp, "2026-02-27")).toBe(20); // before it starts: day one's
    expect(effectiveDailyLimit(200, ramp, "2026-03-01")).toBe(20);
    expect(effectiveDailyLimit(200, ramp, "2026-03-02")).toBe(30);
    expect(effectiveDailyLimit(200, ramp, "2026-03-11")).toBe(120);
    expect(effectiveDailyLimit(200, ramp, "2026-03-19")).toBe(200);
    expect(effectiveDailyLimit(200, ramp, "2026-05-01")).toBe(200);
    expect(effectiveDailyLimit(200, null, "2026-05-01")).toBe(200);
    // across a month end and DST (UTC days)
    expect(effectiveDailyLimit(1000, { start: 5, step: 5, startDay: "2026-03-28" }, "2026-04-02")).toBe(30);
  });

  it("rotation order: fewest sends today first, then by address", () => {
    const sent: Record<string, number> = { "b@x.example": 1, "a@x.example": 3, "c@x.example": 1 };
    expect(rotationOrder(Object.keys(sent), (m) => sent[m])).toEqual([
      "b@x.example",
      "c@x.example",
      "a@x.example",
    ]);
  });
});

describe("mailbox rotation through the ledger", () => {
  const A = "jane@acme.example";
  const B = "jane@getacme.example";

  it("two mailboxes share the load evenly", async () => {
    const now = new Date("2026-03-02T10:00:00Z");
    const ms = batch(10, [A, B], "d1");
    const r = await channel.sendMany(ms, now);
    const { count, rows } = await fromOf(
      r,
      ms.map((m) => m.idempotencyKey),
    );
    expect(count).toEqual({ [A]: 5, [B]: 5 });
    // every message has its own Message-ID on its mailbox's domain, in the ledger and the outbox
    for (const row of rows)
      expect(row.message_id).toMatch(new RegExp(`^<[0-9a-f-]{36}@${row.mailbox.split("@")[1]}>$`));
  });

  it("a full mailbox is skipped; a ramped one stops at its day's number; the rest waits for tomorrow", async () => {
    const now = new Date("2026-03-03T10:00:00Z");
    await setMailboxLimit(database.db, tenant.clientId, A, 2, now);
    await setMailboxLimit(database.db, tenant.clientId, B, 500, now);
    // B warms up: 3 on 2026-03-01, +2 a day → 7 on 2026-03-03
    await setMailboxRamp(database.db, tenant.clientId, B, { start: 3, step: 2, startDay: "2026-03-01" }, now);
    const ms = batch(12, [A, B], "d2");
    const r = await channel.sendMany(ms, now);
    const { count, deferred } = await fromOf(
      r,
      ms.map((m) => m.idempotencyKey),
    );
    expect(count).toEqual({ [A]: 2, [B]: 7 });
    expect(deferred).toBe(3);
    const retry = r.find((x) => x.status === "deferred");
    expect(retry?.status === "deferred" && retry.retryAt.toISOString()).toBe("2026-03-04T00:00:00.000Z");

    // the state the mailbox page shows
    const { id } = await createCampaign(
      database.db,
      tenant.revops,
      {
        slug: "rot_pool",
        name: "rot",
        type: "nurture",
        owner_role: "roles.marketing",
        kind: "nurture",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Hi",
          },
        ],
      },
      now,
    );
    await setPoolMailbox(database.db, tenant.clientId, id, A, "add", now);
    await setPoolMailbox(database.db, tenant.clientId, id, B, "add", now);
    const state = await mailboxSendState(database.db, tenant.clientId, now);
    expect(state).toEqual([
      {
        mailbox: A,
        sent_today: 2,
        daily_limit: 2,
        limit_today: 2,
        ramp: null,
        remaining_today: 0,
        campaigns: ["rot_pool"],
      },
      {
        mailbox: B,
        sent_today: 7,
        daily_limit: 500,
        limit_today: 7,
        ramp: { start: 3, step: 2, start_day: "2026-03-01" },
        remaining_today: 0,
        campaigns: ["rot_pool"],
      },
    ]);

    // the next day the deferred ones go (B has 9 that day), A again takes its 2
    const next = new Date("2026-03-04T10:00:00Z");
    const again = await channel.sendMany(
      ms.filter((_, i) => r[i].status === "deferred"),
      next,
    );
    expect(again.map((x) => x.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("a follow-up's mailbox (a pool of one) that is full defers: it is never sent from another", async () => {
    const now = new Date("2026-03-05T10:00:00Z");
    await setMailboxLimit(database.db, tenant.clientId, A, 1, now);
    const [first, second] = batch(2, [A], "d3");
    expect((await channel.send(first, now)).status).toBe("sent");
    const r = await channel.send(second, now);
    expect(r.status).toBe("deferred");
    const row = await database.db
      .selectFrom("channel_deliveries")
      .select("idempotency_key")
      .where("idempotency_key", "=", second.idempotencyKey)
      .executeTakeFirst();
    expect(row).toBeUndefined(); // the key was given back: tomorrow's send claims it again
  });

  it("a mailbox an admin paused is skipped by the pool, and a thread from it waits", async () => {
    const now = new Date("2026-03-06T10:00:00Z");
    await setMailboxLimit(database.db, tenant.clientId, A, 50, now);
    await database.db
      .insertInto("mailbox_inboxes")
      .values({
        client_id: tenant.clientId,
        mailbox: B,
        host: "127.0.0.1",
        port: 143,
        username: B,
        auth_kind: "password",
        secret_env: "BATON_TEST_UNUSED",
        status: "paused",
      } as never)
      .execute();
    const ms = batch(4, [A, B], "d4");
    const r = await channel.sendMany(ms, now);
    const { count } = await fromOf(
      r,
      ms.map((m) => m.idempotencyKey),
    );
    expect(count).toEqual({ [A]: 4 });
    const [thread] = batch(1, [B], "d4");
    const held = await channel.send(thread, now);
    expect(held.status).toBe("deferred");
    expect(held.status === "deferred" && held.error).toBe(`mailbox ${B} is paused`);
  });

  it("a mailbox that paused itself over its complaint rate (issue 35) sends nothing until a person resumes it", async () => {
    const now = new Date("2026-03-07T10:00:00Z");
    const C = "c.rep@acme.example";
    await database.db
      .insertInto("mailbox_deliverability")
      .values({
        client_id: tenant.clientId,
        mailbox: A,
        status: "paused",
        reason: "complaint rate 0.40 % (4 of the last 1000 sends) is above 0.3 %",
        paused_at: now,
        updated_at: now,
      })
      .execute();
    const ms = batch(3, [A, C], "d5");
    const { count } = await fromOf(
      await channel.sendMany(ms, now),
      ms.map((m) => m.idempotencyKey),
    );
    expect(count).toEqual({ [C]: 3 });
    expect(await clearDeliverabilityPause(database.db, tenant.clientId, A, now)).toBe(true);
    const [thread] = batch(1, [A], "d5");
    expect((await channel.send(thread, now)).status).toBe("sent");
  });
});

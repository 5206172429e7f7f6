// A batch through the at-most-once ledger (spec 002 "Channels"): the same effects as send() per
// message, over a real SMTP conversation with a local smtp-server and PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundEmail } from "../../src/channels/channel.ts";
import { DevRecordingEmailChannel } from "../../src/channels/dev-email-channel.ts";
import { setMailboxLimit } from "../../src/channels/mailbox-limits.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let database: Database;
let smtp: TestSmtp;
let tenant: Tenant;
let channel: SmtpEmailChannel;
const now = new Date("2026-03-02T10:00:00Z");
const config = { ...loadConfig({}), publicUrl: "https://baton.example", secret: "test-secret" };
const contactId = "7b0b8a4e-3c1c-4c47-9a57-7d7a1b8b0c01";
let seq = 0;

function email(over: Partial<OutboundEmail> = {}): OutboundEmail {
  seq += 1;
  return {
    clientId: tenant.clientId,
    to: `p${seq}@prospect.example`,
    subject: `Following up ${seq}`,
    text: "Hi,\n\nThanks for the time today.\n",
    headers: {},
    contactId,
    idempotencyKey: `batch:${seq}:${Math.random()}`,
    ...over,
  };
}

const ledger = (key: string) =>
  database.db
    .selectFrom("channel_deliveries")
    .select(["status", "message_id", "transient", "attempts"])
    .where("idempotency_key", "=", key)
    .executeTakeFirst();

const received = (key: string) =>
  smtp.messages.filter((m) => m.headers["x-baton-idempotency-key"] === key).length;

beforeAll(async () => {
  database = await testDatabase();
  smtp = await startTestSmtp();
  tenant = await createTenant(database.db);
  channel = new SmtpEmailChannel(database.db, { ...config, smtp: smtp.config() });
});
afterAll(async () => {
  channel.close();
  await smtp.close();
  await database.close();
});

describe("SmtpEmailChannel.sendMany", () => {
  // issue 39 item 2: a delivered key stays 'sending' (written once, with its mailbox and Message-ID
  // before SMTP); the caller's touch is its success
  it("delivers a batch of 20 once each, results in input order, ledger written once ('sending')", async () => {
    const batch = Array.from({ length: 20 }, () => email());
    const results = await channel.sendMany(batch, now);
    expect(results).toHaveLength(20);
    for (const [i, m] of batch.entries()) {
      const r = results[i];
      if (r?.status !== "sent") throw new Error(`message ${i}: ${JSON.stringify(r)}`);
      expect(received(m.idempotencyKey)).toBe(1);
      const got = smtp.messages.find((x) => x.headers["x-baton-idempotency-key"] === m.idempotencyKey);
      expect(got?.to).toEqual([m.to]);
      expect(got?.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
      expect(await ledger(m.idempotencyKey)).toMatchObject({ status: "sending", message_id: r.messageId });
    }
    expect((await channel.sendMany(batch, now)).every((r) => r.status === "duplicate")).toBe(true);
    expect(batch.every((m) => received(m.idempotencyKey) === 1)).toBe(true);
  });

  it("answers keys seen before as duplicates, and sends a key twice in one batch once", async () => {
    const sent = email();
    const first = await channel.send(sent, now);
    if (first.status !== "sent") throw new Error(first.status);
    const crashed = email();
    await database.db
      .insertInto("channel_deliveries")
      .values({
        idempotency_key: crashed.idempotencyKey,
        client_id: tenant.clientId,
        transport: "smtp",
        mailbox: "sales@baton.test",
        to_address: crashed.to,
        subject: crashed.subject,
        status: "sending",
        created_at: now,
        updated_at: now,
      })
      .execute();
    const twice = email();
    const fresh = email();
    const results = await channel.sendMany(
      [sent, twice, crashed, { ...twice, subject: "changed" }, fresh],
      now,
    );
    expect(results[0]).toEqual({ status: "duplicate", previous: `sending:${first.messageId}` });
    expect(results[1]?.status).toBe("sent");
    expect(results[2]).toEqual({ status: "duplicate", previous: "sending" });
    expect(results[3]).toEqual({
      status: "duplicate",
      previous: `sent:${results[1]?.status === "sent" && results[1].messageId}`,
    });
    expect(results[4]?.status).toBe("sent");
    expect([sent, twice, crashed, fresh].map((m) => received(m.idempotencyKey))).toEqual([1, 1, 0, 1]);
  });

  it("a key left 'claimed' (its sender died before SMTP) is taken over with attempts + 1 (which fences the old claim out)", async () => {
    const abandoned = email();
    await database.db
      .insertInto("channel_deliveries")
      .values({
        idempotency_key: abandoned.idempotencyKey,
        client_id: tenant.clientId,
        transport: "smtp",
        mailbox: "sales@baton.test",
        to_address: abandoned.to,
        subject: abandoned.subject,
        status: "claimed",
        created_at: now,
        updated_at: now,
      })
      .execute();
    // only a sender that holds the key exclusively takes it over; others see a duplicate
    expect((await channel.sendMany([abandoned], now))[0]).toEqual({
      status: "duplicate",
      previous: "claimed",
    });
    const [r] = await channel.sendMany([abandoned], now, { exclusive: true });
    expect(r?.status).toBe("sent");
    expect(await ledger(abandoned.idempotencyKey)).toMatchObject({ status: "sending", attempts: 2 });
    expect(received(abandoned.idempotencyKey)).toBe(1);
  });

  it("a rejected recipient fails only its own message, permanently; a refused one never reaches SMTP", async () => {
    smtp.rejectRecipient("gone-batch@prospect.example", 550);
    const batch = [
      email(),
      email({ to: "gone-batch@prospect.example" }),
      email({ contactId: undefined }),
      email(),
    ];
    const results = await channel.sendMany(batch, now);
    expect(results.map((r) => r.status)).toEqual(["sent", "failed", "failed", "sent"]);
    expect(results[1]).toMatchObject({ transient: false, error: expect.stringMatching(/550/) });
    expect(results[2]).toMatchObject({ transient: false, error: expect.stringMatching(/List-Unsubscribe/) });
    expect(await ledger(batch[1]!.idempotencyKey)).toMatchObject({ status: "failed", transient: false });
    expect(await ledger(batch[2]!.idempotencyKey)).toBeUndefined();
    // the permanent failure is never retried
    expect(await channel.sendMany([batch[1]!], now)).toEqual([
      expect.objectContaining({ status: "failed", transient: false }),
    ]);
    expect(received(batch[1]!.idempotencyKey)).toBe(0);
  });

  it("a transient failure is failed+transient and the key can be claimed again", async () => {
    const m = email();
    smtp.failNext({ code: 451, message: "451 4.3.0 try again later" });
    const [first] = await channel.sendMany([m], now);
    expect(first).toMatchObject({ status: "failed", transient: true });
    expect(await ledger(m.idempotencyKey)).toMatchObject({ status: "failed", transient: true });
    const [retry, other] = await channel.sendMany([m, email()], now);
    expect(retry?.status).toBe("sent");
    expect(other?.status).toBe("sent");
    expect(await ledger(m.idempotencyKey)).toMatchObject({ status: "sending", attempts: 2 });
    expect(received(m.idempotencyKey)).toBe(1);
  });

  it("a mailbox limit of 3 with 5 messages: 3 sent, 2 deferred to midnight UTC, claimable later", async () => {
    const mailbox = "batch-limited@baton.test";
    await setMailboxLimit(database.db, tenant.clientId, mailbox, 3, now);
    const unlimited = email();
    const batch = Array.from({ length: 5 }, () => email({ mailbox }));
    const results = await channel.sendMany([batch[0]!, unlimited, ...batch.slice(1)], now);
    expect(results.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent", "deferred", "deferred"]);
    expect(results[4]).toMatchObject({ retryAt: new Date("2026-03-03T00:00:00Z") });
    for (const m of batch.slice(3)) {
      expect(await ledger(m.idempotencyKey)).toBeUndefined(); // the key was given back
      expect(received(m.idempotencyKey)).toBe(0);
    }
    const counts = await database.db
      .selectFrom("mailbox_send_counts")
      .select("sent")
      .where("mailbox", "=", mailbox)
      .execute();
    expect(counts).toEqual([{ sent: 3 }]);
    const later = new Date("2026-03-03T08:00:00Z");
    expect((await channel.sendMany(batch, later)).map((r) => r.status)).toEqual([
      "duplicate",
      "duplicate",
      "duplicate",
      "sent",
      "sent",
    ]);
    expect(batch.every((m) => received(m.idempotencyKey) === 1)).toBe(true);
  });

  it("a deferred retry of a transiently failed key keeps it claimable (failed+transient)", async () => {
    const mailbox = "batch-limited-2@baton.test";
    await setMailboxLimit(database.db, tenant.clientId, mailbox, 1, now);
    const m = email({ mailbox });
    smtp.failNext({ code: 451 });
    expect((await channel.sendMany([m], now))[0]).toMatchObject({ status: "failed", transient: true });
    // the failed delivery gave its send back; another message takes it
    expect((await channel.sendMany([email({ mailbox })], now))[0]?.status).toBe("sent");
    expect((await channel.sendMany([m], now))[0]?.status).toBe("deferred");
    // a deferred message writes nothing: the row is still the failed first attempt's
    expect(await ledger(m.idempotencyKey)).toMatchObject({ status: "failed", transient: true, attempts: 1 });
    expect((await channel.sendMany([m], new Date("2026-03-03T08:00:00Z")))[0]?.status).toBe("sent");
  });
});

describe("DevRecordingEmailChannel.sendMany", () => {
  it("records each message once behind the same ledger", async () => {
    const dev = new DevRecordingEmailChannel(database.db, config);
    const batch = Array.from({ length: 6 }, () => email());
    const results = await dev.sendMany([...batch, batch[0]!], now);
    expect(results.map((r) => r.status)).toEqual([...batch.map(() => "sent"), "duplicate"]);
    const rows = await database.db
      .selectFrom("dev_email_outbox")
      .select(["idempotency_key", "message_id"])
      .where(
        "idempotency_key",
        "in",
        batch.map((m) => m.idempotencyKey),
      )
      .execute();
    expect(rows).toHaveLength(6);
    for (const [i, m] of batch.entries()) {
      const r = results[i];
      expect(await ledger(m.idempotencyKey)).toMatchObject({
        status: "sending",
        message_id: r?.status === "sent" ? r.messageId : "",
      });
    }
  });
});

describeMultiConnection("sendMany with concurrent batches", () => {
  let server: Database;
  let pgChannel: SmtpEmailChannel;
  beforeAll(async () => {
    server = await serverDatabase(8);
    pgChannel = new SmtpEmailChannel(server.db, { ...config, smtp: smtp.config() });
  });
  afterAll(async () => {
    pgChannel?.close();
    await server?.close();
  });

  it("4 batches sharing 10 keys, 3 of them over a mailbox limit of 4: each key once, at most 4 sent there", async () => {
    const t = await createTenant(server.db);
    const mailbox = `limited-${t.clientId}@baton.test`;
    await setMailboxLimit(server.db, t.clientId, mailbox, 4, now);
    const shared = Array.from({ length: 10 }, (_, i) =>
      email({
        clientId: t.clientId,
        idempotencyKey: `${t.clientId}:${i}`,
        mailbox: i < 7 ? undefined : mailbox,
      }),
    );
    const limited = Array.from({ length: 6 }, (_, i) =>
      email({ clientId: t.clientId, idempotencyKey: `${t.clientId}:l${i}`, mailbox }),
    );
    const all = await Promise.all(
      [0, 1, 2, 3].map((b) =>
        pgChannel.sendMany([...shared].reverse().concat(limited.filter((_, i) => i % 4 === b)), now),
      ),
    );
    for (const m of shared.slice(0, 7)) expect(received(m.idempotencyKey)).toBe(1);
    const sentThere = [...shared.slice(7), ...limited].filter((m) => received(m.idempotencyKey) === 1);
    // never over the limit, never a key twice. Since the ledger is written once, after the mailbox
    // is chosen (issue 39 item 2), two batches racing for the same key may both take an allowance;
    // the one whose insert is refused gives it back, but a message it deferred meanwhile waits for
    // tomorrow: so up to 4, not exactly 4. (The engine never races itself for a key: an item is sent
    // only by the worker holding its claim.)
    expect(sentThere.length).toBeGreaterThanOrEqual(1);
    expect(sentThere.length).toBeLessThanOrEqual(4);
    expect(all.flat().filter((r) => r.status === "sent")).toHaveLength(7 + sentThere.length);
    const counted = await server.db
      .selectFrom("mailbox_send_counts")
      .select("sent")
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", mailbox)
      .execute();
    expect(counted).toEqual([{ sent: sentThere.length }]);
  });
});

// Email over a real SMTP conversation with a local smtp-server on loopback (spec 002 "Channels").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundEmail } from "../../src/channels/channel.ts";
import { DevRecordingEmailChannel } from "../../src/channels/dev-email-channel.ts";
import { setMailboxLimit } from "../../src/channels/mailbox-limits.ts";
import { recordBounce } from "../../src/channels/record-bounce.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { unsubscribeHeaders, verifyUnsubscribeToken } from "../../src/channels/unsubscribe-token.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
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
    to: "dana@prospect.example",
    subject: "Following up",
    text: "Hi Dana,\n\nThanks for the time today.\n",
    headers: unsubscribeHeaders({ ...config, smtp: smtp.config() }, tenant.clientId, contactId),
    idempotencyKey: `enr-1:step-${seq}:${Math.random()}`,
    ...over,
  };
}

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

describe("SmtpEmailChannel", () => {
  it("sends over SMTP with RFC 8058 one-click headers and records the delivery as sent", async () => {
    const m = email();
    const r = await channel.send(m, now);
    expect(r.status).toBe("sent");
    const got = smtp.messages.at(-1);
    expect(got?.to).toEqual(["dana@prospect.example"]);
    expect(got?.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const lu = got?.headers["list-unsubscribe"] ?? "";
    expect(lu).toMatch(
      /^<https:\/\/baton\.example\/u\/v1\.[^>]+>, <mailto:unsubscribe@baton\.test\?subject=unsubscribe-v1\.[^>]+>$/,
    );
    const token = /\/u\/([^>]+)>/.exec(lu)?.[1] ?? "";
    expect(verifyUnsubscribeToken("test-secret", token)).toEqual({ clientId: tenant.clientId, contactId });
    const row = await database.db
      .selectFrom("channel_deliveries")
      .selectAll()
      .where("idempotency_key", "=", m.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("sending"); // written once, before SMTP (issue 39 item 2)
    expect(row.message_id).toBe(r.status === "sent" ? r.messageId : "");
  });

  it("never sends the same idempotency key twice", async () => {
    const m = email();
    expect((await channel.send(m, now)).status).toBe("sent");
    const count = smtp.messages.length;
    const again = await channel.send({ ...m, subject: "changed" }, now);
    expect(again.status).toBe("duplicate");
    expect(smtp.messages.length).toBe(count);
  });

  it("treats a key left 'sending' by a crashed worker as possibly sent: duplicate, not resent", async () => {
    const m = email();
    await database.db
      .insertInto("channel_deliveries")
      .values({
        idempotency_key: m.idempotencyKey,
        client_id: tenant.clientId,
        transport: "smtp",
        mailbox: "sales@baton.test",
        to_address: m.to,
        subject: m.subject,
        status: "sending",
        message_id: null,
        error: null,
        transient: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const count = smtp.messages.length;
    expect(await channel.send(m, now)).toEqual({ status: "duplicate", previous: "sending" });
    expect(smtp.messages.length).toBe(count);
  });

  it("adds the headers itself from contactId, and refuses non-transactional mail without them", async () => {
    const r = await channel.send(email({ headers: {}, contactId }), now);
    expect(r.status).toBe("sent");
    expect(smtp.messages.at(-1)?.headers["list-unsubscribe"]).toContain("/u/v1.");
    const count = smtp.messages.length;
    const refused = await channel.send(email({ headers: {} }), now);
    expect(refused).toMatchObject({ status: "failed", transient: false });
    expect(smtp.messages.length).toBe(count);
    const tx = await channel.send(email({ headers: {}, transactional: true }), now);
    expect(tx.status).toBe("sent");
    expect(smtp.messages.at(-1)?.headers["list-unsubscribe"]).toBeUndefined();
  });

  it("a transient 4xx failure is failed+transient and may be retried with the same key", async () => {
    const m = email();
    smtp.failNext({ code: 451, message: "451 4.3.0 try again later" });
    const first = await channel.send(m, now);
    expect(first).toMatchObject({ status: "failed", transient: true });
    expect(first.status === "failed" && first.error).toContain("451");
    const retry = await channel.send(m, now);
    expect(retry.status).toBe("sent");
    const row = await database.db
      .selectFrom("channel_deliveries")
      .select(["status", "attempts"])
      .where("idempotency_key", "=", m.idempotencyKey)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "sending", attempts: 2 });
  });

  it("a permanent 5xx bounce at RCPT is failed, permanent, and never retried", async () => {
    smtp.rejectRecipient("gone@prospect.example", 550);
    const m = email({ to: "gone@prospect.example" });
    const r = await channel.send(m, now);
    expect(r).toMatchObject({ status: "failed", transient: false });
    expect(r.status === "failed" && r.error).toMatch(/550/);
    const count = smtp.messages.length;
    expect(await channel.send(m, now)).toMatchObject({ status: "failed", transient: false });
    expect(smtp.messages.length).toBe(count);
  });

  it("a refused connection is a transient failure", async () => {
    const dead = new SmtpEmailChannel(database.db, {
      ...config,
      smtp: { host: "127.0.0.1", port: 1, secure: false, from: "sales@baton.test" },
    });
    const r = await dead.send(email(), now);
    dead.close();
    expect(r).toMatchObject({ status: "failed", transient: true });
  });

  it("defers at the mailbox's daily limit until midnight UTC, then sends", async () => {
    const mailbox = "limited@baton.test";
    await setMailboxLimit(database.db, tenant.clientId, mailbox, 2, now);
    expect((await channel.send(email({ mailbox }), now)).status).toBe("sent");
    expect((await channel.send(email({ mailbox }), now)).status).toBe("sent");
    const m = email({ mailbox });
    const r = await channel.send(m, now);
    expect(r).toMatchObject({ status: "deferred", retryAt: new Date("2026-03-03T00:00:00Z") });
    const later = await channel.send(m, new Date("2026-03-03T08:00:00Z"));
    expect(later.status).toBe("sent");
    expect(smtp.messages.at(-1)?.headers.from).toContain(mailbox);
  });
});

describe("asynchronous bounces", () => {
  it("mark the delivery failed and permanent; the key is never sent again", async () => {
    const m = email();
    const r = await channel.send(m, now);
    if (r.status !== "sent") throw new Error(r.status);
    const b = await recordBounce(
      database.db,
      { clientId: tenant.clientId, messageId: r.messageId, error: "550 5.1.1 mailbox does not exist" },
      now,
    );
    expect(b).toEqual({ idempotencyKey: m.idempotencyKey });
    const count = smtp.messages.length;
    expect(await channel.send(m, now)).toMatchObject({ status: "failed", transient: false });
    expect(smtp.messages.length).toBe(count);
    const unknown = { clientId: tenant.clientId, messageId: "<unknown@x>", error: "x" };
    expect(await recordBounce(database.db, unknown, now)).toBeNull();
    // another tenant's bounce never touches this tenant's delivery
    const other = { clientId: "someone-else", messageId: r.messageId, error: "x" };
    expect(await recordBounce(database.db, other, now)).toBeNull();
  });
});

describe("DevRecordingEmailChannel", () => {
  it("records instead of sending, says so, and keeps the at-most-once ledger", async () => {
    const dev = new DevRecordingEmailChannel(database.db, config);
    expect(dev.name).toContain("not sent");
    const m = email();
    const count = smtp.messages.length;
    const r = await dev.send(m, now);
    expect(r.status).toBe("sent");
    expect((await dev.send(m, now)).status).toBe("duplicate");
    expect(smtp.messages.length).toBe(count);
    const rows = await database.db
      .selectFrom("dev_email_outbox")
      .selectAll()
      .where("idempotency_key", "=", m.idempotencyKey)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });
});

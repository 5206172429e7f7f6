// Concurrent senders on PostgreSQL: the same key is delivered once, and a mailbox's daily limit
// is never exceeded (spec 002 "Channels": at most once; per-mailbox daily send limits).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OutboundEmail } from "../../src/channels/channel.ts";
import { setMailboxLimit } from "../../src/channels/mailbox-limits.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant } from "../support/tenant.ts";

describeMultiConnection("email channel with concurrent senders", () => {
  let database: Database;
  let smtp: TestSmtp;
  let channel: SmtpEmailChannel;
  const now = new Date("2026-03-02T10:00:00Z");
  beforeAll(async () => {
    database = await serverDatabase(12);
    smtp = await startTestSmtp();
    channel = new SmtpEmailChannel(database.db, { ...loadConfig({}), smtp: smtp.config() });
  });
  afterAll(async () => {
    channel?.close();
    await smtp?.close();
    await database?.close();
  });

  const msg = (clientId: string, key: string, mailbox?: string): OutboundEmail => ({
    clientId,
    to: "p@prospect.example",
    subject: "s",
    text: "t",
    headers: {},
    transactional: true,
    idempotencyKey: key,
    mailbox,
  });

  it("10 concurrent sends of one key: exactly one message, nine duplicates", async () => {
    const t = await createTenant(database.db);
    const key = `race-${t.clientId}`;
    const before = smtp.messages.length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => channel.send(msg(t.clientId, key), now)),
    );
    expect(results.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(9);
    expect(smtp.messages.length - before).toBe(1);
  });

  it("20 concurrent sends against a limit of 5: 5 sent, 15 deferred", async () => {
    const t = await createTenant(database.db);
    const mailbox = `limited-${t.clientId}@baton.test`;
    await setMailboxLimit(database.db, t.clientId, mailbox, 5, now);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => channel.send(msg(t.clientId, `${t.clientId}-${i}`, mailbox), now)),
    );
    expect(results.filter((r) => r.status === "sent")).toHaveLength(5);
    expect(results.filter((r) => r.status === "deferred")).toHaveLength(15);
  });
});

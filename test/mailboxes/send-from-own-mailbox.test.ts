// issue 67 items 2-4: each touch goes out from its owner's mailbox, through the provider's own API,
// against stand-ins that refuse what Google and Microsoft refuse. Through the real ledger:
// - a Google and a Microsoft mailbox send: each message is in its owner's Sent folder with Baton's
//   Message-ID, a follow-up in the first one's thread (Gmail threadId, References);
// - lost answers: the provider stores the message and the answer is dropped; the ledger looks the
//   message up by Message-ID before anything is retried: 0 duplicates, 0 lost;
// - a 429 pauses only its mailbox (an event), the others send on;
// - a revoked consent (invalid_grant) moves the mailbox to needs_consent and holds its sends with
//   that reason; reconnecting (a new grant) lets them go.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundEmail, SendResult } from "../../src/channels/channel.ts";
import { DevRecordingEmailChannel } from "../../src/channels/dev-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { setMailboxStatus } from "../../src/mailboxes/index.ts";
import { connectAtStandIn, standInEnv } from "../support/connected-mailbox.ts";
import { testDatabase } from "../support/db.ts";
import { startGoogleStandIn } from "../support/google-stand-in.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../support/microsoft-stand-in.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let database: Database;
let tenant: Tenant;
let google: ProviderStandIn;
let microsoft: ProviderStandIn;
let channel: DevRecordingEmailChannel;
const secret = "own-mailbox-secret";
const REP = "rep.one@acme.example";
const EXEC = "justin@acme.example";
let seq = 0;
// one clock for the whole file, moving forward only (the ledger's windows count by it)
let clock = Date.now();
const tick = (ms = 1_000) => {
  clock += ms;
  google.setNow(clock);
  microsoft.setNow(clock);
  return new Date(clock);
};

function message(from: string, o: Partial<OutboundEmail> = {}): OutboundEmail {
  seq += 1;
  return {
    clientId: tenant.clientId,
    to: `p${seq}@prospect.example`,
    subject: `Hello ${seq}`,
    text: `Hi there, message ${seq}`,
    headers: {},
    idempotencyKey: `own:${seq}`,
    transactional: true,
    mailbox: from,
    sentAs: "owner",
    ...o,
  };
}

async function ledger(key: string) {
  return database.db
    .selectFrom("channel_deliveries")
    .select(["status", "transport", "mailbox", "message_id", "sent_as", "error", "attempts"])
    .where("client_id", "=", tenant.clientId)
    .where("idempotency_key", "=", key)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  database = await testDatabase();
  tenant = await createTenant(database.db);
  google = await startGoogleStandIn();
  microsoft = await startMicrosoftStandIn();
  const env = { ...standInEnv("google", google), ...standInEnv("microsoft", microsoft) };
  const config = { ...loadConfig(env), publicUrl: "https://baton.example", secret, smtp: undefined };
  channel = new DevRecordingEmailChannel(database.db, config);
  await connectAtStandIn(database.db, {
    clientId: tenant.clientId,
    ownerId: tenant.rep.principalId,
    mailbox: REP,
    provider: "google",
    standIn: google,
    secret,
  });
  await connectAtStandIn(database.db, {
    clientId: tenant.clientId,
    ownerId: tenant.exec.principalId,
    mailbox: EXEC,
    provider: "microsoft",
    standIn: microsoft,
    secret,
  });
});
afterAll(async () => {
  await google?.close();
  await microsoft?.close();
  await database?.close();
});

describe("a touch goes out from its owner's mailbox", () => {
  it("Google: through the Gmail API, in the Sent folder with Baton's Message-ID, a follow-up in its thread", async () => {
    const first = message(REP);
    const [r1] = await channel.sendMany([first], tick(), { exclusive: true });
    expect(r1.status).toBe("sent");
    const row = await ledger(first.idempotencyKey);
    expect(row).toMatchObject({ transport: "gmail", mailbox: REP, status: "sending", sent_as: "owner" });
    const sent = google.sent(REP);
    expect(sent.map((m) => m.messageId)).toContain(row.message_id);
    // the follow-up: In-Reply-To and References name the first, Gmail puts it in the same thread
    const follow = message(REP, {
      subject: `Re: ${first.subject}`,
      inReplyTo: row.message_id as string,
      references: [row.message_id as string],
      sentAs: "thread",
    });
    const [r2] = await channel.sendMany([follow], tick(), { exclusive: true });
    expect(r2.status).toBe("sent");
    const both = google.sent(REP);
    const a = both.find((m) => m.messageId === row.message_id);
    const b = both.find((m) => m.messageId === (r2 as { messageId: string }).messageId);
    expect(b?.threadId).toBe(a?.threadId);
    expect(b?.raw).toMatch(new RegExp(`In-Reply-To: ${row.message_id}`));
  });

  it("Microsoft: through Graph's sendMail in MIME, in Sent Items with Baton's Message-ID", async () => {
    const m = message(EXEC, { sentAs: "exec_personal" });
    const [r] = await channel.sendMany([m], tick(), { exclusive: true });
    expect(r.status).toBe("sent");
    const row = await ledger(m.idempotencyKey);
    expect(row).toMatchObject({ transport: "graph", mailbox: EXEC, sent_as: "exec_personal" });
    expect(microsoft.sent(EXEC).map((x) => x.messageId)).toContain(row.message_id);
    expect(microsoft.mutations(EXEC)).toBe(0);
  });

  it("a mailbox with no connection still goes through the deployment's relay (here the dev outbox)", async () => {
    const m = message("relay@acme.example", { sentAs: "default" });
    const [r] = await channel.sendMany([m], tick());
    expect(r.status).toBe("sent");
    expect((await ledger(m.idempotencyKey)).transport).toBe("dev");
  });
});

describe("at most once across the provider's API", () => {
  it("lost answers over both providers: 0 duplicates, 0 lost", async () => {
    google.dropAnswers(0.05, 7);
    microsoft.dropAnswers(0.05, 11);
    const boxes = [REP, EXEC];
    const msgs = Array.from({ length: 120 }, (_, i) => message(boxes[i % 2]));
    const pending = new Map(msgs.map((m) => [m.idempotencyKey, m]));
    const answers: Record<string, number> = {};
    for (let round = 0; round < 20 && pending.size > 0; round++) {
      // the stand-ins' clocks follow ours (Microsoft's 30 a minute)
      const now = tick(5 * 60_000);
      const batch = [...pending.values()];
      const results: SendResult[] = await channel.sendMany(batch, now, { exclusive: true });
      results.forEach((r, i) => {
        answers[r.status] = (answers[r.status] ?? 0) + 1;
        if (r.status === "sent") pending.delete(batch[i].idempotencyKey);
      });
    }
    google.dropAnswers(0);
    microsoft.dropAnswers(0);
    expect(pending.size).toBe(0);
    const sentIds = [...google.sent(REP), ...microsoft.sent(EXEC)].map((m) => m.messageId);
    for (const m of msgs) {
      const row = await ledger(m.idempotencyKey);
      expect(sentIds.filter((id) => id === row.message_id)).toHaveLength(1);
    }
    // some answers were lost and found by Message-ID (or retried after a look), none sent twice
    expect(answers.sent).toBe(msgs.length);
  });
});

describe("provider errors, one mailbox at a time", () => {
  it("a 429 pauses only its mailbox until Retry-After, with an event; the others send on", async () => {
    const now = tick(5 * 60_000);
    google.failNext("send", 429, { retryAfterSeconds: 120, reason: "userRateLimitExceeded" });
    const [g, m] = await channel.sendMany([message(REP), message(EXEC)], now, { exclusive: true });
    expect(g.status).toBe("deferred");
    expect((g as { retryAt: Date }).retryAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 119_000);
    expect(m.status).toBe("sent");
    const state = await database.db
      .selectFrom("mailbox_connections")
      .select(["mailbox", "status", "paused_until", "status_reason"])
      .where("client_id", "=", tenant.clientId)
      .orderBy("mailbox")
      .execute();
    expect(state.find((s) => s.mailbox === REP)?.status).toBe("paused");
    expect(state.find((s) => s.mailbox === EXEC)?.status).toBe("connected");
    // while paused: deferred without a call; after Retry-After it sends and the pause ends (event)
    const before = google.requests.length;
    const [again] = await channel.sendMany([message(REP)], tick(60_000));
    expect(again.status).toBe("deferred");
    expect(google.requests.length).toBe(before);
    const later = tick(61_000);
    const [after] = await channel.sendMany([message(REP)], later);
    expect(after.status).toBe("sent");
    const events = await database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "details"])
      .where("client_id", "=", tenant.clientId)
      .where("event_type", "in", ["mailbox_paused", "mailbox_resumed"])
      .orderBy("event_id")
      .execute();
    expect(events.map((e) => e.event_type)).toEqual(["mailbox_paused", "mailbox_resumed"]);
  });

  it("a revoked consent holds the mailbox's sends with the reason; reconnecting lets them go", async () => {
    google.revokeUser(REP);
    google.expireAccessTokens();
    const now = tick(5 * 60_000);
    const held = message(REP);
    const [r] = await channel.sendMany([held], now, { exclusive: true });
    expect(r.status).toBe("deferred");
    expect((r as { error: string }).error).toMatch(/MAILBOX_NEEDS_CONSENT/);
    const row = await database.db
      .selectFrom("mailbox_connections")
      .select(["status", "status_reason"])
      .where("client_id", "=", tenant.clientId)
      .where("mailbox", "=", REP)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("needs_consent");
    expect(row.status_reason).toMatch(/invalid_grant/);
    // the owner reconnects: a new grant, the mailbox connected again, the held send goes out
    await database.db
      .deleteFrom("mailbox_connections")
      .where("client_id", "=", tenant.clientId)
      .where("mailbox", "=", REP)
      .execute();
    google.addUser(REP);
    await connectAtStandIn(database.db, {
      clientId: tenant.clientId,
      ownerId: tenant.rep.principalId,
      mailbox: REP,
      provider: "google",
      standIn: google,
      secret,
    });
    const [again] = await channel.sendMany([held], tick(), { exclusive: true });
    expect(again.status).toBe("sent");
    expect(google.sent(REP).filter((m) => m.raw.includes(held.text))).toHaveLength(1);
    await setMailboxStatus(database.db, tenant.clientId, REP, "connected", null, tick());
  });
});

// npm run bench:mailboxes — the mailboxes people own (issue 67, "Must show"), on the embedded
// database, against the Google and Microsoft stand-ins (test/support/*-stand-in.ts) and a local
// SMTP server, all in one run:
// 1. Lost answers: BENCH_SENDS (2,000) sends over 10 API mailboxes (5 Google, 5 Microsoft) with 5 %
//    of the provider's answers dropped after it stored the message; each batch is retried until
//    every key is sent. Counts the duplicates (a Message-ID twice in a Sent folder) and the lost
//    (a key never sent), and the process CPU per send beside the same number through the SMTP
//    relay (SmtpEmailChannel to a local SMTP server), as the provider path's cost against the
//    SMTP path's. The stand-ins and the SMTP server run in this process: their CPU is in both.
// 2. A simulated week: BENCH_WEEK (30,000) due steps on 10 mailboxes, skewed (one Google mailbox
//    30 %, one Microsoft 20 %, the rest share 50 %), each day's arriving at 09:00 UTC; the clock
//    moves a minute at a time while anything waits, else to the next arrival. On day 2 a 429 hits
//    one Google mailbox; on day 3 one Microsoft mailbox's consent is revoked, and on day 4 it is
//    reconnected. Reports each mailbox's most sends in any 24 hours and any minute (from the
//    stand-ins' Sent folders) against its provider's limit, the deferrals by reason, what the
//    revoked mailbox held and sent after reconnecting, and that the others kept sending.
import "../src/runtime/errors.ts";
import type { OutboundEmail, SendResult } from "../src/channels/channel.ts";
import { SmtpEmailChannel } from "../src/channels/smtp-email-channel.ts";
import { loadConfig } from "../src/config/config.ts";
import { PROVIDER_LIMITS } from "../src/mailboxes/index.ts";
import { connectAtStandIn, standInEnv } from "../test/support/connected-mailbox.ts";
import { testDatabase } from "../test/support/db.ts";
import { startGoogleStandIn } from "../test/support/google-stand-in.ts";
import type { ProviderStandIn } from "../test/support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../test/support/microsoft-stand-in.ts";
import { startTestSmtp } from "../test/support/smtp.ts";
import { createTenant } from "../test/support/tenant.ts";

const SENDS = Number(process.env.BENCH_SENDS ?? 2_000);
const WEEK = Number(process.env.BENCH_WEEK ?? 30_000);
const secret = "bench-mailboxes";

const database = await testDatabase();
const db = database.db;
const google = await startGoogleStandIn();
const microsoft = await startMicrosoftStandIn();
const smtp = await startTestSmtp();
const env = { ...standInEnv("google", google), ...standInEnv("microsoft", microsoft) };
const config = {
  ...loadConfig(env),
  publicUrl: "https://baton.example",
  secret,
  smtp: { ...smtp.config("relay@acme.example"), user: undefined, pass: undefined },
};
const channel = new SmtpEmailChannel(db, config);
const tenant = await createTenant(db);

let clock = Date.now();
const tick = (ms: number) => {
  clock += ms;
  google.setNow(clock);
  microsoft.setNow(clock);
  return new Date(clock);
};
const gBoxes = Array.from({ length: 5 }, (_, i) => `g${i}@acme.example`);
const mBoxes = Array.from({ length: 5 }, (_, i) => `m${i}@acme.example`);
const standInOf = (box: string): ProviderStandIn => (box.startsWith("g") ? google : microsoft);
async function connect(box: string) {
  await connectAtStandIn(db, {
    clientId: tenant.clientId,
    ownerId: tenant.rep.principalId,
    mailbox: box,
    provider: box.startsWith("g") ? "google" : "microsoft",
    standIn: standInOf(box),
    secret,
  });
}
for (const box of [...gBoxes, ...mBoxes]) await connect(box);

let seq = 0;
const message = (from: string): OutboundEmail => {
  seq += 1;
  return {
    clientId: tenant.clientId,
    to: `p${seq}@prospect.example`,
    subject: `Hello ${seq}`,
    text: `Hi, message ${seq}`,
    headers: {},
    idempotencyKey: `bench:${seq}`,
    transactional: true,
    mailbox: from,
    sentAs: "owner",
  };
};

/** Sends until every key is sent (the retries of lost answers and pauses), a batch at a time. */
async function drain(msgs: OutboundEmail[], step: number, batch = 50) {
  const pending = new Map(msgs.map((m) => [m.idempotencyKey, m]));
  const statuses: Record<string, number> = {};
  for (let round = 0; pending.size > 0 && round < 10_000; round++) {
    const now = tick(step);
    const take = [...pending.values()].slice(0, batch);
    const results: SendResult[] = await channel.sendMany(take, now, { exclusive: true });
    results.forEach((r, i) => {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === "sent" || (r.status === "duplicate" && r.previous.startsWith("sent")))
        pending.delete(take[i].idempotencyKey);
    });
  }
  return { left: pending.size, statuses };
}

async function ledgerIds(keys: string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("channel_deliveries")
    .select(["idempotency_key", "message_id"])
    .where("client_id", "=", tenant.clientId)
    .where("idempotency_key", "in", keys)
    .execute();
  return new Map(rows.map((r) => [r.idempotency_key, r.message_id ?? ""]));
}

function sentFolders(boxes: string[]) {
  return boxes.flatMap((b) =>
    standInOf(b)
      .sent(b)
      .map((m) => ({ box: b, m })),
  );
}

// 1. lost answers, and the cost per send beside SMTP's
google.dropAnswers(0.05, 1);
microsoft.dropAnswers(0.05, 2);
const api = Array.from({ length: SENDS }, (_, i) => message([...gBoxes, ...mBoxes][i % 10]));
let cpu = process.cpuUsage();
let wall = performance.now();
const apiRun = await drain(api, 60_000);
const apiCpu = process.cpuUsage(cpu);
const apiWall = performance.now() - wall;
google.dropAnswers(0);
microsoft.dropAnswers(0);
const ids = await ledgerIds(api.map((m) => m.idempotencyKey));
const inFolders = new Map<string, number>();
for (const { m } of sentFolders([...gBoxes, ...mBoxes]))
  inFolders.set(m.messageId, (inFolders.get(m.messageId) ?? 0) + 1);
const duplicates = [...ids.values()].filter((id) => (inFolders.get(id) ?? 0) > 1).length;
const lost = [...ids.values()].filter((id) => (inFolders.get(id) ?? 0) === 0).length + apiRun.left;
const dropped = [...google.requests, ...microsoft.requests].filter((r) => r.status === 0).length;

const relay = Array.from({ length: SENDS }, () => message("relay@acme.example"));
cpu = process.cpuUsage();
wall = performance.now();
const relayRun = await drain(relay, 1_000);
const relayCpu = process.cpuUsage(cpu);
const relayWall = performance.now() - wall;
const perSend = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000 / SENDS;
console.log(
  JSON.stringify(
    {
      lost_answers: {
        sends: SENDS,
        mailboxes: 10,
        answers_dropped: dropped,
        duplicates,
        lost,
        answers: apiRun.statuses,
      },
      cost_per_send_ms: {
        provider_api_cpu: +perSend(apiCpu).toFixed(3),
        smtp_relay_cpu: +perSend(relayCpu).toFixed(3),
        provider_api_wall: +(apiWall / SENDS).toFixed(3),
        smtp_relay_wall: +(relayWall / SENDS).toFixed(3),
        ratio_cpu_provider_to_smtp: +(perSend(apiCpu) / perSend(relayCpu)).toFixed(2),
        relay_left: relayRun.left,
      },
    },
    null,
    1,
  ),
);

// 2. a simulated week
if (WEEK > 0) {
  const weekBoxes = [...gBoxes, ...mBoxes];
  const skew = (k: number) => (k % 10 < 3 ? gBoxes[0] : k % 10 < 5 ? mBoxes[0] : weekBoxes[2 + (k % 8)]);
  const start = tick(24 * 3_600_000 - (clock % (24 * 3_600_000)) + 9 * 3_600_000); // the next 09:00 UTC
  const perDay = Math.ceil(WEEK / 7);
  const pending = new Map<string, OutboundEmail>();
  const deferrals: Record<string, number> = {};
  const heldByConsent = new Set<string>();
  let sentAfterReconnect = 0;
  let revoked = false;
  let reconnected = false;
  let throttled = false;
  let made = 0;
  cpu = process.cpuUsage();
  wall = performance.now();
  for (let day = 0; day < 7; day++) {
    const nine = start.getTime() + day * 86_400_000;
    if (clock < nine) tick(nine - clock);
    for (let k = 0; k < perDay && made < WEEK; k++, made++) {
      const m = message(skew(made));
      pending.set(m.idempotencyKey, m);
    }
    if (day === 1 && !throttled) {
      google.failNext("send", 429, { retryAfterSeconds: 600, reason: "userRateLimitExceeded" });
      throttled = true;
    }
    if (day === 2 && !revoked) {
      microsoft.revokeUser(mBoxes[1]);
      microsoft.expireAccessTokens();
      revoked = true;
    }
    if (day === 3 && !reconnected) {
      await db
        .deleteFrom("mailbox_connections")
        .where("client_id", "=", tenant.clientId)
        .where("mailbox", "=", mBoxes[1])
        .execute();
      microsoft.addUser(mBoxes[1]);
      await connect(mBoxes[1]);
      reconnected = true;
    }
    // the day: a minute at a time while anything can go, until the next day's arrivals
    const end = nine + 86_400_000 - 60_000;
    while (pending.size > 0 && clock < end) {
      const now = tick(60_000);
      const batch = [...pending.values()];
      const results = await channel.sendMany(batch, now, { exclusive: true });
      let moved = false;
      results.forEach((r, i) => {
        const m = batch[i];
        if (r.status === "sent") {
          pending.delete(m.idempotencyKey);
          moved = true;
          if (reconnected && heldByConsent.has(m.idempotencyKey)) sentAfterReconnect += 1;
        } else if (r.status === "deferred") {
          const why = /NEEDS_CONSENT/.test(r.error)
            ? "needs_consent"
            : /paused until/.test(r.error)
              ? "provider_pause"
              : /a minute/.test(r.error)
                ? "per_minute_limit"
                : /24 hours/.test(r.error)
                  ? "per_day_limit"
                  : "other";
          deferrals[why] = (deferrals[why] ?? 0) + 1;
          if (why === "needs_consent") heldByConsent.add(m.idempotencyKey);
        }
      });
      // nothing can go before the next minute with room: jump ahead an hour when nothing moved
      if (!moved) tick(59 * 60_000);
    }
  }
  const weekCpu = process.cpuUsage(cpu);
  const weekWall = performance.now() - wall;
  const maxIn = (times: number[], span: number) => {
    const t = [...times].sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; i < t.length; i++) {
      while (t[i] - t[j] >= span) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };
  const perMailbox = Object.fromEntries(
    weekBoxes.map((b) => {
      const times = standInOf(b)
        .sent(b)
        .map((m) => m.internalDate)
        .filter((t) => t >= start.getTime());
      const lim = PROVIDER_LIMITS[b.startsWith("g") ? "google" : "microsoft"];
      return [
        b,
        {
          sent: times.length,
          max_24h: maxIn(times, 86_400_000),
          limit_24h: lim.perDay,
          max_minute: maxIn(times, 60_000),
          limit_minute: lim.perMinute,
        },
      ];
    }),
  );
  const over = Object.values(perMailbox).filter(
    (x) => x.max_24h > x.limit_24h || (x.limit_minute !== null && x.max_minute > x.limit_minute),
  ).length;
  console.log(
    JSON.stringify(
      {
        week: {
          due: made,
          sent: made - pending.size,
          still_waiting: pending.size,
          mailboxes_over_their_limit: over,
          deferrals,
          revoked_mailbox_held: heldByConsent.size,
          sent_after_reconnect: sentAfterReconnect,
          cpu_s: +((weekCpu.user + weekCpu.system) / 1e6).toFixed(1),
          wall_s: +(weekWall / 1000).toFixed(1),
          per_mailbox: perMailbox,
        },
      },
      null,
      1,
    ),
  );
}

await google.close();
await microsoft.close();
await smtp.close();
(channel as { close?: () => void }).close?.();
await database.close();

// issue 35 item 5 "Must show": provider webhooks take bounces and complaints down the same path as a
// DSN read by IMAP, and only when the provider signed them. A local stand-in per provider POSTs the
// documented payloads over HTTP to a listening Baton (PGlite): SES (SNS-signed, certificate served
// by the stand-in), Mailgun (HMAC), SendGrid (ECDSA P-256), Postmark (Basic credentials, path token).
// For each: a signed bounce fails the delivery and suppresses the address; a signed complaint
// suppresses it and ends the live enrollment; forged requests (bad signature, wrong key, replayed
// token, stale timestamp, foreign topic, foreign certificate host) are refused with a code and change
// nothing; a signed event matching no send is recorded as unmatched and changes nothing.
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { addContact, engineDeps } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import {
  basicAuth,
  mailgunBody,
  mailgunComplained,
  mailgunFailed,
  postmarkBounce,
  postmarkSpamComplaint,
  postWebhook,
  type SnsStandIn,
  sendgridBounce,
  sendgridDelivered,
  sendgridDropped,
  sendgridHeaders,
  sendgridKeys,
  sendgridSpamReport,
  sesBounce,
  sesComplaint,
  snsNotification,
  snsSubscriptionConfirmation,
  startSnsStandIn,
} from "../support/webhook-stand-in.ts";

interface Sent {
  contactId: string;
  enrollmentId: string;
  email: string;
  messageId: string;
}

let h: TestApp;
let t: Tenant;
let base: string;
const sent: Record<string, Sent> = {};
const NAMES = [
  "Mg Hard",
  "Mg Soft",
  "Mg Complaint",
  "Mg Sender",
  "Mg Forged",
  "Ses Hard",
  "Ses Complaint",
  "Ses Soft",
  "Ses Forged",
  "Ses Concurrent",
  "Sg Hard",
  "Sg Dropped",
  "Sg Blocked",
  "Sg Complaint",
  "Sg Forged",
  "Pm Hard",
  "Pm Soft",
  "Pm Blocked",
  "Pm Complaint",
  "Pm Forged",
];

beforeAll(async () => {
  h = await testApp();
  const now = new Date();
  const deps = await engineDeps(h.database);
  t = await createTenant(h.database.db, "hooks");
  await createCampaign(
    h.database.db,
    t.revops,
    {
      slug: "hooks_nurture",
      name: "Hooks",
      type: "nurture",
      owner_role: "roles.marketing",
      kind: "nurture",
      approval_policy: "auto_send",
      steps: [1, 2].map((n) => ({
        step_number: n,
        delay_days: (n - 1) * 3,
        channel: "email" as const,
        content_type: "follow_up",
        template_instructions: `step ${n}`,
      })),
    },
    now,
  );
  for (const name of NAMES) {
    const contactId = await addContact(h.database.db, t.clientId, name);
    const r = await enrollContact(h.database.db, t.exec, { campaign: "hooks_nurture", contactId }, now);
    sent[name] = { contactId, enrollmentId: r.enrollment_id!, email: "", messageId: "" };
  }
  await runEngineOnce(deps, now, { workerId: "w", batch: 50 });
  const rows = await h.database.db
    .selectFrom("sales_send_queue as q")
    .innerJoin("channel_deliveries as d", "d.idempotency_key", "q.idempotency_key")
    .select(["q.contact_id", "q.status", "d.message_id", "d.to_address"])
    .where("q.client_id", "=", t.clientId)
    .execute();
  for (const s of Object.values(sent)) {
    const r = rows.find((x) => x.contact_id === s.contactId)!;
    expect(r.status).toBe("sent");
    s.email = r.to_address;
    s.messageId = r.message_id!;
  }
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
afterAll(() => h.close());

async function addHook(body: Record<string, unknown>): Promise<string> {
  const r = await h.app.inject({
    method: "POST",
    url: "/api/v1/inbound/webhooks",
    headers: t.revops.auth,
    payload: body,
  });
  expect(r.statusCode).toBe(200);
  const v = r.json();
  expect(JSON.stringify(v)).not.toMatch(/secret-key|hunter/);
  return v.id as string;
}

/** What a webhook could change: suppressions, deliveries, enrollments, bounce counts, events. */
async function state() {
  const q = async (s: ReturnType<typeof sql>) => (await s.execute(h.database.db)).rows;
  return JSON.stringify({
    suppressions: await q(
      sql`select value, source from suppressions where client_id = ${t.clientId} order by value`,
    ),
    deliveries: await q(
      sql`select to_address, status from channel_deliveries where client_id = ${t.clientId} order by to_address`,
    ),
    enrollments: await q(
      sql`select id, status from campaign_contacts where client_id = ${t.clientId} order by id`,
    ),
    counts: await q(
      sql`select address, soft_in_row from address_bounce_counts where client_id = ${t.clientId} order by address`,
    ),
    events: await q(sql`select count(*)::int as n from mail_webhook_events where client_id = ${t.clientId}`),
  });
}

async function suppression(email: string) {
  return (
    (await h.database.db
      .selectFrom("suppressions")
      .select(["source", "reason"])
      .where("client_id", "=", t.clientId)
      .where("value", "=", email)
      .executeTakeFirst()) ?? null
  );
}

async function deliveryStatus(messageId: string) {
  const r = await h.database.db
    .selectFrom("channel_deliveries")
    .select("status")
    .where("client_id", "=", t.clientId)
    .where("message_id", "=", messageId)
    .executeTakeFirstOrThrow();
  return r.status;
}

async function enrollmentStatus(id: string) {
  return (
    await h.database.db
      .selectFrom("campaign_contacts")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).status;
}

async function eventRow(providerEventId: string) {
  return h.database.db
    .selectFrom("mail_webhook_events")
    .selectAll()
    .where("client_id", "=", t.clientId)
    .where("provider_event_id", "=", providerEventId)
    .executeTakeFirst();
}

describe("Mailgun (HMAC-SHA256 of timestamp + token)", () => {
  const KEY = "key-mailgun-secret-key-0001";
  let url: string;
  beforeAll(async () => {
    url = `${base}/api/v1/inbound/webhooks/mailgun/${await addHook({ provider: "mailgun", signing_key: KEY })}`;
  });

  it("a signed permanent bounce fails the delivery and suppresses the address, once", async () => {
    const s = sent["Mg Hard"]!;
    const data = mailgunFailed(s.email, s.messageId, "permanent");
    const r = await postWebhook(url, mailgunBody(KEY, data));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 1, applied: 1, unmatched: 0, duplicate: 0 });
    expect(await deliveryStatus(s.messageId)).toBe("failed");
    expect(await suppression(s.email)).toMatchObject({ source: "bounce" });
    expect(await enrollmentStatus(s.enrollmentId)).toBe("cancelled");
    expect(await eventRow(data.id)).toMatchObject({
      kind: "bounce",
      outcome: "applied",
      reason: "userunknown",
      hard: true,
      status: "5.1.1",
      contact_id: s.contactId,
    });
    // the provider retries the same event (a new token): recorded once, nothing changes
    const before = await state();
    const again = await postWebhook(url, mailgunBody(KEY, data));
    expect(again.body).toMatchObject({ applied: 0, duplicate: 1 });
    expect(await state()).toBe(before);
  });

  it("a temporary failure is a soft bounce: counted, the address kept", async () => {
    const s = sent["Mg Soft"]!;
    const data = mailgunFailed(s.email, s.messageId, "temporary", {
      code: 452,
      message: "4.2.2 The email account that you tried to reach is over quota.",
    });
    const r = await postWebhook(url, mailgunBody(KEY, data));
    expect(r.body).toMatchObject({ applied: 1 });
    expect(await eventRow(data.id)).toMatchObject({
      reason: "mailboxfull",
      hard: false,
      sender_fault: false,
    });
    expect(await suppression(s.email)).toBeNull();
    const count = await h.database.db
      .selectFrom("address_bounce_counts")
      .select("soft_in_row")
      .where("client_id", "=", t.clientId)
      .where("address", "=", s.email)
      .executeTakeFirstOrThrow();
    expect(count.soft_in_row).toBe(1);
  });

  it("the sender's fault (espblock) fails the delivery but keeps the address", async () => {
    const s = sent["Mg Sender"]!;
    const data = mailgunFailed(s.email, s.messageId, "permanent", {
      reason: "espblock",
      message: "5.7.1 Our system has detected an unusual rate of unsolicited mail",
    });
    const r = await postWebhook(url, mailgunBody(KEY, data));
    expect(r.body.events[0].why).toMatch(/sender's fault/);
    expect(await deliveryStatus(s.messageId)).toBe("failed");
    expect(await suppression(s.email)).toBeNull();
    expect(await enrollmentStatus(s.enrollmentId)).toBe("active");
    expect(await eventRow(data.id)).toMatchObject({ sender_fault: true, hard: false, reason: "blocked" });
  });

  it("a signed complaint suppresses the complainant and ends the live enrollment", async () => {
    const s = sent["Mg Complaint"]!;
    expect(await enrollmentStatus(s.enrollmentId)).toBe("active");
    const data = mailgunComplained(s.email, s.messageId);
    const r = await postWebhook(url, mailgunBody(KEY, data));
    expect(r.body).toMatchObject({ applied: 1 });
    expect(await suppression(s.email)).toMatchObject({ source: "complaint" });
    expect(await enrollmentStatus(s.enrollmentId)).toBe("cancelled");
    expect(await eventRow(data.id)).toMatchObject({ kind: "complaint", feedback_type: "abuse" });
    // it counts toward the complaint rate of the mailbox that sent it, as an ARF report read by IMAP does
    const d = await h.database.db
      .selectFrom("channel_deliveries")
      .select("mailbox")
      .where("client_id", "=", t.clientId)
      .where("message_id", "=", s.messageId)
      .executeTakeFirstOrThrow();
    const rate = await h.database.db
      .selectFrom("mailbox_deliverability")
      .select(["complaints", "sends_counted"])
      .where("client_id", "=", t.clientId)
      .where("mailbox", "=", String(d.mailbox).toLowerCase())
      .executeTakeFirstOrThrow();
    expect(rate.complaints).toBe(1);
  });

  it("forged requests are refused with a code and change nothing", async () => {
    const s = sent["Mg Forged"]!;
    const before = await state();
    const data = () => mailgunFailed(s.email, s.messageId, "permanent");
    // signed with another key
    const wrong = await postWebhook(url, mailgunBody("key-someone-else", data()));
    expect([wrong.status, wrong.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    // a valid signature, then the event changed
    const good = JSON.parse(mailgunBody(KEY, data()));
    good["event-data"].recipient = sent["Mg Complaint"]!.email;
    good.signature.signature = good.signature.signature.replace(/^./, (c: string) => (c === "a" ? "b" : "a"));
    const bad = await postWebhook(url, JSON.stringify(good));
    expect([bad.status, bad.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    // no signature at all
    const none = await postWebhook(url, JSON.stringify({ "event-data": data() }));
    expect(none.status).toBe(401);
    // a stale timestamp (10 minutes old), properly signed
    const stale = await postWebhook(
      url,
      mailgunBody(KEY, data(), { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    );
    expect([stale.status, stale.body.error.code]).toEqual([401, "WEBHOOK_TIMESTAMP_STALE"]);
    // an endpoint that does not exist, or another provider's URL for this endpoint
    const other = await postWebhook(url.replace("/mailgun/", "/postmark/"), mailgunBody(KEY, data()));
    expect([other.status, other.body.error.code]).toEqual([404, "WEBHOOK_NOT_FOUND"]);
    expect(await state()).toBe(before);
    // a replayed token: the first one acts (a genuinely signed event matching no send here), the replay is refused
    const body = mailgunBody(KEY, mailgunFailed(s.email, "<nothing-we-sent@acme.test>", "permanent"));
    expect((await postWebhook(url, body)).status).toBe(200);
    const afterFirst = await state();
    const replay = await postWebhook(url, body);
    expect([replay.status, replay.body.error.code]).toEqual([403, "WEBHOOK_REPLAYED"]);
    expect(await state()).toBe(afterFirst);
  });

  it("a signed event that proves no send is recorded as unmatched and changes nothing", async () => {
    const s = sent["Mg Forged"]!;
    const before = JSON.parse(await state());
    // a Message-ID Baton never sent; our real Message-ID but another recipient; no Message-ID at all
    const unknown = mailgunFailed(s.email, "<never-sent@acme.test>", "permanent");
    const otherRecipient = mailgunFailed("stranger@example.test", s.messageId, "permanent");
    const noId = mailgunComplained(s.email, "");
    for (const d of [unknown, otherRecipient, noId]) {
      const r = await postWebhook(url, mailgunBody(KEY, d));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ applied: 0, unmatched: 1 });
      expect(await eventRow(d.id)).toMatchObject({ outcome: "unmatched", contact_id: null });
    }
    expect((await eventRow(noId.id))!.why).toMatch(/no original Message-ID/);
    const after = JSON.parse(await state());
    expect(after.events[0].n).toBe(before.events[0].n + 3);
    expect({ ...after, events: null }).toEqual({ ...before, events: null });
    expect(await deliveryStatus(s.messageId)).toBe("sending"); // untouched: written once before SMTP
  });
});

describe("Amazon SES through SNS (signed message, certificate from the topic's SNS host)", () => {
  const TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-bounces";
  let sns: SnsStandIn;
  let url: string;
  let hookId: string;
  beforeAll(async () => {
    sns = await startSnsStandIn();
    h.deps.snsTransport = sns.transport;
    hookId = await addHook({ provider: "ses", topic_arns: [TOPIC] });
    url = `${base}/api/v1/inbound/webhooks/ses/${hookId}`;
  });
  afterAll(() => sns.close());
  // SNS posts its JSON as text/plain
  const post = (m: Record<string, string>) =>
    postWebhook(url, JSON.stringify(m), { "content-type": "text/plain; charset=UTF-8" });

  it("confirms the subscription only when the signature verifies and the URL is the SNS host", async () => {
    const forged = sns.sign(
      snsSubscriptionConfirmation(TOPIC, sns.certUrl, sns.subscribeUrl("tok-forged"), "tok-forged"),
      "2",
      (await import("../support/webhook-stand-in.ts")).makeCertificate().keyPem,
    );
    const f = await post(forged);
    expect([f.status, f.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    const elsewhere = sns.sign(
      snsSubscriptionConfirmation(TOPIC, sns.certUrl, "https://evil.example/confirm?Token=x", "tok-evil"),
    );
    const e = await post(elsewhere);
    expect([e.status, e.body.error.code]).toEqual([403, "WEBHOOK_SOURCE_REFUSED"]);
    const otherTopic = "arn:aws:sns:us-east-1:999999999999:someone-elses";
    const o = await post(
      sns.sign(snsSubscriptionConfirmation(otherTopic, sns.certUrl, sns.subscribeUrl("tok-o"), "tok-o")),
    );
    expect([o.status, o.body.error.code]).toEqual([403, "WEBHOOK_SOURCE_REFUSED"]);
    expect(sns.subscribeCalls).toEqual([]);
    const ok = await post(
      sns.sign(snsSubscriptionConfirmation(TOPIC, sns.certUrl, sns.subscribeUrl("tok-1"), "tok-1")),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.subscription).toBe("confirmed");
    expect(sns.subscribeCalls).toEqual(["tok-1"]);
    const hook = await h.database.db
      .selectFrom("mail_webhooks")
      .select("subscribed_at")
      .where("id", "=", hookId)
      .executeTakeFirstOrThrow();
    expect(hook.subscribed_at).not.toBeNull();
  });

  it("a signed Permanent bounce (SignatureVersion 1, SHA1) fails the delivery and suppresses the address", async () => {
    const s = sent["Ses Hard"]!;
    const m = sns.sign(
      snsNotification(TOPIC, sns.certUrl, sesBounce(s.email, s.messageId, "Permanent", "General")),
      "1",
    );
    const r = await post(m);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 1, applied: 1 });
    expect(await deliveryStatus(s.messageId)).toBe("failed");
    expect(await suppression(s.email)).toMatchObject({ source: "bounce" });
    const before = await state();
    expect((await post(m)).body).toMatchObject({ duplicate: 1, applied: 0 });
    expect(await state()).toBe(before);
  });

  it("a Transient/MailboxFull bounce (SignatureVersion 2, SHA256) is soft", async () => {
    const s = sent["Ses Soft"]!;
    const r = await post(
      sns.sign(
        snsNotification(
          TOPIC,
          sns.certUrl,
          sesBounce(s.email, s.messageId, "Transient", "MailboxFull", "smtp; 452 4.2.2 mailbox full"),
        ),
      ),
    );
    expect(r.body).toMatchObject({ applied: 1 });
    expect(r.body.events[0].why).toMatch(/soft bounce \(mailboxfull\)/);
    expect(await suppression(s.email)).toBeNull();
  });

  it("a signed complaint suppresses the complainant and ends the live enrollment", async () => {
    const s = sent["Ses Complaint"]!;
    const r = await post(sns.sign(snsNotification(TOPIC, sns.certUrl, sesComplaint(s.email, s.messageId))));
    expect(r.body).toMatchObject({ applied: 1 });
    expect(await suppression(s.email)).toMatchObject({ source: "complaint" });
    expect(await enrollmentStatus(s.enrollmentId)).toBe("cancelled");
  });

  it("forged SNS messages are refused with a code and change nothing; the certificate is fetched once", async () => {
    const s = sent["Ses Forged"]!;
    const before = await state();
    const notification = () =>
      snsNotification(TOPIC, sns.certUrl, sesBounce(s.email, s.messageId, "Permanent", "General"));
    // signed by another key
    const { makeCertificate } = await import("../support/webhook-stand-in.ts");
    const other = makeCertificate().keyPem;
    const wrongKey = await post(sns.sign(notification(), "2", other));
    expect([wrongKey.status, wrongKey.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    // signed, then the message changed
    const tampered = sns.sign(notification());
    tampered.Message = tampered.Message!.replace(
      "Ses Forged".toLowerCase().replace(" ", "."),
      "mg.complaint",
    );
    tampered.Message = JSON.stringify({ ...JSON.parse(tampered.Message), forged: true });
    expect((await post(tampered)).status).toBe(401);
    // a certificate from a host other than the topic's SNS host: refused before anything is fetched
    const fetches = sns.certFetches;
    const foreign = sns.sign({ ...notification(), SigningCertURL: "https://sns.attacker.example/cert.pem" });
    const fr = await post(foreign);
    expect([fr.status, fr.body.error.code]).toEqual([403, "WEBHOOK_SOURCE_REFUSED"]);
    // a topic the endpoint does not name (anyone can create an SNS topic)
    const topic = sns.sign({ ...notification(), TopicArn: "arn:aws:sns:us-east-1:999999999999:other" });
    expect((await post(topic)).status).toBe(403);
    // SignatureVersion 3 does not exist
    const v3 = { ...sns.sign(notification()), SignatureVersion: "3" };
    expect((await post(v3)).status).toBe(401);
    expect(sns.certFetches).toBe(fetches);
    expect(await state()).toBe(before);
    // every verified message used the one cached certificate
    expect(sns.certFetches).toBe(1);
  });

  it("SNS delivering the same notification five times at once applies it once", async () => {
    const s = sent["Ses Concurrent"]!;
    const m = sns.sign(
      snsNotification(TOPIC, sns.certUrl, sesBounce(s.email, s.messageId, "Permanent", "NoEmail")),
    );
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => post(m)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(all.reduce((n, r) => n + r.body.applied, 0)).toBe(1);
    expect(all.reduce((n, r) => n + r.body.duplicate, 0)).toBe(4);
    const bounces = await h.database.db
      .selectFrom("cadence_event_log")
      .select("event_id")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", s.contactId)
      .where("event_type", "=", "bounce")
      .execute();
    expect(bounces).toHaveLength(1);
    expect(await suppression(s.email)).toMatchObject({ source: "bounce" });
  });

  it("a signed bounce matching no send is recorded as unmatched and changes nothing", async () => {
    const s = sent["Ses Forged"]!;
    const before = JSON.parse(await state());
    const r = await post(
      sns.sign(
        snsNotification(
          TOPIC,
          sns.certUrl,
          sesBounce(s.email, "<not-ours@acme.test>", "Permanent", "General"),
        ),
      ),
    );
    expect(r.body).toMatchObject({ unmatched: 1, applied: 0 });
    const after = JSON.parse(await state());
    expect({ ...after, events: null }).toEqual({ ...before, events: null });
    expect(after.events[0].n).toBe(before.events[0].n + 1);
  });
});

describe("SendGrid (signed Event Webhook: ECDSA P-256 over timestamp + body)", () => {
  const keys = sendgridKeys();
  let url: string;
  beforeAll(async () => {
    url = `${base}/api/v1/inbound/webhooks/sendgrid/${await addHook({
      provider: "sendgrid",
      verification_key: keys.verificationKey,
    })}`;
  });
  const post = (events: unknown[], key = keys.privateKey, timestamp?: number) => {
    const body = JSON.stringify(events);
    return postWebhook(url, body, sendgridHeaders(key, body, timestamp));
  };

  it("a signed batch: a bounce fails and suppresses, dropped suppresses, blocked keeps the address, delivered is ignored", async () => {
    const hard = sent["Sg Hard"]!;
    const dropped = sent["Sg Dropped"]!;
    const blocked = sent["Sg Blocked"]!;
    const events = [
      sendgridDelivered(hard.email, hard.messageId),
      sendgridBounce(hard.email, hard.messageId),
      sendgridDropped(dropped.email, dropped.messageId, "Bounced Address"),
      sendgridBounce(blocked.email, blocked.messageId, {
        type: "blocked",
        classification: "Reputation",
        status: "5.7.1",
        reason: "550 5.7.1 Service unavailable; client host blocked using Spamhaus",
      }),
    ];
    const r = await post(events);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 4, applied: 3, ignored: 1, unmatched: 0 });
    expect(await deliveryStatus(hard.messageId)).toBe("failed");
    expect(await suppression(hard.email)).toMatchObject({ source: "bounce" });
    expect(await eventRow(events[1]!.sg_event_id)).toMatchObject({ reason: "userunknown", hard: true });
    expect(await suppression(dropped.email)).toMatchObject({ source: "bounce" });
    expect(await eventRow(events[2]!.sg_event_id)).toMatchObject({ reason: "suppressed", hard: true });
    expect(await deliveryStatus(blocked.messageId)).toBe("failed");
    expect(await suppression(blocked.email)).toBeNull();
    expect(await eventRow(events[3]!.sg_event_id)).toMatchObject({ sender_fault: true });
    // SendGrid retries the batch: nothing changes
    const before = await state();
    expect((await post(events)).body).toMatchObject({ applied: 0, duplicate: 3 });
    expect(await state()).toBe(before);
  });

  it("a signed spamreport suppresses the complainant and ends the live enrollment", async () => {
    const s = sent["Sg Complaint"]!;
    const r = await post([sendgridSpamReport(s.email, s.messageId)]);
    expect(r.body).toMatchObject({ applied: 1 });
    expect(await suppression(s.email)).toMatchObject({ source: "complaint" });
    expect(await enrollmentStatus(s.enrollmentId)).toBe("cancelled");
  });

  it("forged requests are refused with a code and change nothing", async () => {
    const s = sent["Sg Forged"]!;
    const before = await state();
    const events = [sendgridBounce(s.email, s.messageId)];
    const wrongKey = await post(events, sendgridKeys().privateKey);
    expect([wrongKey.status, wrongKey.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    // signed, then the body changed
    const body = JSON.stringify(events);
    const headers = sendgridHeaders(keys.privateKey, body);
    const tampered = await postWebhook(url, body.replace(s.email, sent["Sg Complaint"]!.email), headers);
    expect(tampered.status).toBe(401);
    // the same body and signature with another timestamp header
    const moved = await postWebhook(url, body, {
      ...headers,
      "x-twilio-email-event-webhook-timestamp": String(
        Number(headers["x-twilio-email-event-webhook-timestamp"]) + 1,
      ),
    });
    expect(moved.status).toBe(401);
    const unsigned = await postWebhook(url, body);
    expect([unsigned.status, unsigned.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    const stale = await post(events, keys.privateKey, Math.floor(Date.now() / 1000) - 3600);
    expect([stale.status, stale.body.error.code]).toEqual([401, "WEBHOOK_TIMESTAMP_STALE"]);
    expect(await state()).toBe(before);
  });

  it("a signed bounce matching no send is recorded as unmatched and changes nothing", async () => {
    const s = sent["Sg Forged"]!;
    const before = JSON.parse(await state());
    const r = await post([sendgridBounce(s.email, "<14c5d75ce93.dfd.64b469@ismtpd-555>")]);
    expect(r.body).toMatchObject({ unmatched: 1, applied: 0 });
    const after = JSON.parse(await state());
    expect({ ...after, events: null }).toEqual({ ...before, events: null });
  });
});

describe("Postmark (Basic credentials and a path token on the URL; Postmark signs nothing)", () => {
  const USER = "postmark";
  const PASSWORD = "hunter2-postmark-pw";
  const TOKEN = "pm_0123456789abcdefghijklmnop";
  let url: string;
  beforeAll(async () => {
    const id = await addHook({
      provider: "postmark",
      basic_user: USER,
      basic_password: PASSWORD,
      path_token: TOKEN,
    });
    url = `${base}/api/v1/inbound/webhooks/postmark/${id}`;
    const list = await h.app.inject({ method: "GET", url: "/api/v1/inbound/webhooks", headers: t.slm.auth });
    expect(list.body).not.toContain(PASSWORD);
    expect(list.body).not.toContain(TOKEN);
    expect(list.json().items.find((x: { id: string }) => x.id === id)).toMatchObject({
      provider: "postmark",
      basic_user: USER,
      secrets: ["basic_password", "path_token"],
    });
  });
  const post = (record: unknown, auth = basicAuth(USER, PASSWORD), token = TOKEN) =>
    postWebhook(`${url}/${token}`, JSON.stringify(record), auth);

  it("a HardBounce fails the delivery and suppresses; a SoftBounce is counted; Blocked keeps the address", async () => {
    const hard = sent["Pm Hard"]!;
    const r = await post(postmarkBounce(hard.email, hard.messageId, "HardBounce"));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: 1 });
    expect(await deliveryStatus(hard.messageId)).toBe("failed");
    expect(await suppression(hard.email)).toMatchObject({ source: "bounce" });
    const softOne = sent["Pm Soft"]!;
    const soft = await post(
      postmarkBounce(softOne.email, softOne.messageId, "SoftBounce", "452 4.2.2 mailbox full"),
    );
    expect(soft.body.events[0].why).toMatch(/soft bounce \(mailboxfull\)/);
    expect(await suppression(softOne.email)).toBeNull();
    const blocked = sent["Pm Blocked"]!;
    const b = await post(
      postmarkBounce(blocked.email, blocked.messageId, "Blocked", "550 5.7.1 blocked by policy"),
    );
    expect(b.body.events[0].why).toMatch(/sender's fault/);
    expect(await suppression(blocked.email)).toBeNull();
    expect(await deliveryStatus(blocked.messageId)).toBe("failed");
  });

  it("a SpamComplaint suppresses the complainant and ends the live enrollment", async () => {
    const s = sent["Pm Complaint"]!;
    const r = await post(postmarkSpamComplaint(s.email, s.messageId));
    expect(r.body).toMatchObject({ applied: 1 });
    expect(await suppression(s.email)).toMatchObject({ source: "complaint" });
    expect(await enrollmentStatus(s.enrollmentId)).toBe("cancelled");
  });

  it("the request log names the URL without its token and never the credentials", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        cb();
      },
    });
    const logged = await buildApp(h.deps, { logger: { level: "info", stream } });
    try {
      const s = sent["Pm Forged"]!;
      const r = await logged.inject({
        method: "POST",
        url: `${new URL(url).pathname}/${TOKEN}`,
        headers: { "content-type": "application/json", ...basicAuth(USER, PASSWORD) },
        payload: JSON.stringify(postmarkBounce(s.email, "<not-ours-log@acme.test>", "HardBounce")),
      });
      expect(r.statusCode).toBe(200);
    } finally {
      await logged.close();
    }
    const log = lines.join("\n");
    expect(log).toContain(`${new URL(url).pathname}/…`);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString("base64"));
  });

  it("wrong or missing credentials or path token are refused with a code and change nothing", async () => {
    const s = sent["Pm Forged"]!;
    const before = await state();
    const record = () => postmarkBounce(s.email, s.messageId, "HardBounce");
    const wrongPassword = await post(record(), basicAuth(USER, "guess"));
    expect([wrongPassword.status, wrongPassword.body.error.code]).toEqual([401, "WEBHOOK_SIGNATURE_INVALID"]);
    expect((await post(record(), {})).status).toBe(401);
    expect((await post(record(), basicAuth(USER, PASSWORD), "pm_wrongwrongwrongwrongwrong00")).status).toBe(
      401,
    );
    const noToken = await postWebhook(url, JSON.stringify(record()), basicAuth(USER, PASSWORD));
    expect(noToken.status).toBe(401);
    expect(await state()).toBe(before);
  });

  it("a bounce whose original Message-ID matches no send is recorded as unmatched and changes nothing", async () => {
    const s = sent["Pm Forged"]!;
    const before = JSON.parse(await state());
    const r = await post(postmarkBounce(s.email, "<someone-else@acme.test>", "HardBounce"));
    expect(r.body).toMatchObject({ unmatched: 1 });
    const after = JSON.parse(await state());
    expect({ ...after, events: null }).toEqual({ ...before, events: null });
    // and an endpoint's events are visible to the workspace, with why
    const id = url.split("/").pop();
    const ev = await h.app.inject({
      method: "GET",
      url: `/api/v1/inbound/webhooks/${id}/events`,
      headers: t.revops.auth,
    });
    expect(ev.statusCode).toBe(200);
    expect(ev.json().items[0]).toMatchObject({ outcome: "unmatched", why: expect.stringMatching(/no send/) });
    const other = await createTenant(h.database.db, "hooks2");
    const theirs = await h.app.inject({
      method: "GET",
      url: `/api/v1/inbound/webhooks/${id}/events`,
      headers: other.admin.auth,
    });
    expect(theirs.statusCode).toBe(404);
  });
});

describe("configuring endpoints", () => {
  it("admins and RevOps add and remove them; a rep may not; each provider needs what verifies it", async () => {
    const rep = await h.app.inject({
      method: "POST",
      url: "/api/v1/inbound/webhooks",
      headers: t.rep.auth,
      payload: { provider: "mailgun", signing_key: "key-123456789" },
    });
    expect([rep.statusCode, rep.json().error.code]).toEqual([403, "FORBIDDEN_ROLE"]);
    for (const bad of [
      { provider: "ses" },
      { provider: "ses", topic_arns: ["not-an-arn"] },
      { provider: "sendgrid", verification_key: "bm90IGEga2V5" },
      { provider: "mailgun" },
      { provider: "postmark" },
      { provider: "postmark", basic_user: "u" },
    ]) {
      const r = await h.app.inject({
        method: "POST",
        url: "/api/v1/inbound/webhooks",
        headers: t.admin.auth,
        payload: bad,
      });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    // a rotated signing key: the URL stays, the old key stops verifying at once
    const rotating = await addHook({ provider: "mailgun", signing_key: "key-before-rotation" });
    const rotUrl = `${base}/api/v1/inbound/webhooks/mailgun/${rotating}`;
    const ev = () => mailgunFailed("nobody@example.test", "<x@acme.test>", "permanent");
    expect((await postWebhook(rotUrl, mailgunBody("key-before-rotation", ev()))).status).toBe(200);
    const put = await h.app.inject({
      method: "PUT",
      url: `/api/v1/inbound/webhooks/${rotating}`,
      headers: t.revops.auth,
      payload: { provider: "mailgun", signing_key: "key-after-rotation" },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().url).toMatch(new RegExp(`/mailgun/${rotating}$`));
    expect((await postWebhook(rotUrl, mailgunBody("key-before-rotation", ev()))).status).toBe(401);
    expect((await postWebhook(rotUrl, mailgunBody("key-after-rotation", ev()))).status).toBe(200);
    const wrongProvider = await h.app.inject({
      method: "PUT",
      url: `/api/v1/inbound/webhooks/${rotating}`,
      headers: t.revops.auth,
      payload: { provider: "ses", topic_arns: ["arn:aws:sns:us-east-1:123456789012:t"] },
    });
    expect(wrongProvider.statusCode).toBe(404);
    const id = await addHook({ provider: "mailgun", signing_key: "key-to-remove-1" });
    const row = await h.database.db
      .selectFrom("mail_webhooks")
      .select("secret_enc")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).toMatch(/^v1:/);
    expect(row.secret_enc).not.toContain("key-to-remove");
    const del = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/inbound/webhooks/${id}`,
      headers: t.admin.auth,
    });
    expect(del.statusCode).toBe(200);
    const gone = await postWebhook(`${base}/api/v1/inbound/webhooks/mailgun/${id}`, "{}");
    expect([gone.status, gone.body.error.code]).toEqual([404, "WEBHOOK_NOT_FOUND"]);
  });
});

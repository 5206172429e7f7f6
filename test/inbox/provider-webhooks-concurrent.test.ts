// issue 35 item 5 on PostgreSQL: a provider that delivers the same bounce several times at once
// (its retries overlapping, each with a fresh signature) changes things once: one bounce event on
// the send item, one suppression, one recorded event; the others answer `duplicate`. Before
// processBounce read the delivery again under the item's lock, eight overlapping reports of one
// bounce logged several bounce events (3 in the run that found it).
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { addContact, engineDeps, oneStepNurture } from "../engine/engine-harness.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { mailgunBody, mailgunComplained, mailgunFailed, postWebhook } from "../support/webhook-stand-in.ts";

describeMultiConnection("provider webhooks: overlapping deliveries of one event", () => {
  let database: Database;
  let h: TestApp;
  let t: Tenant;
  let url: string;
  const KEY = "key-concurrent-mailgun-1";
  const people: { email: string; messageId: string; contactId: string }[] = [];

  beforeAll(async () => {
    database = await ownServerTestDatabase("hooksconc", 12);
    h = await testApp(database);
    const now = new Date();
    t = await createTenant(database.db, "hconc");
    await oneStepNurture(database.db, t.revops, "hconc_nurture", now);
    for (const name of ["Con Bounce", "Con Complaint"]) {
      const contactId = await addContact(database.db, t.clientId, name);
      await enrollContact(database.db, t.exec, { campaign: "hconc_nurture", contactId }, now);
    }
    await runEngineOnce(await engineDeps(database), now, { workerId: "w", batch: 10 });
    const rows = await database.db
      .selectFrom("sales_send_queue as q")
      .innerJoin("channel_deliveries as d", (j) =>
        j.onRef("d.client_id", "=", "q.client_id").onRef("d.idempotency_key", "=", "q.idempotency_key"),
      )
      .select(["q.contact_id", "d.message_id", "d.to_address"])
      .where("q.client_id", "=", t.clientId)
      .orderBy("d.to_address")
      .execute();
    for (const r of rows)
      people.push({ email: r.to_address, messageId: r.message_id!, contactId: r.contact_id });
    const hook = await h.app.inject({
      method: "POST",
      url: "/api/v1/inbound/webhooks",
      headers: t.admin.auth,
      payload: { provider: "mailgun", signing_key: KEY },
    });
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/v1/inbound/webhooks/mailgun/${hook.json().id}`;
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  const count = async (table: "cadence_event_log" | "suppressions" | "mail_webhook_events") =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("client_id", "=", t.clientId)
          .$if(table === "cadence_event_log", (q) => q.where("event_type" as never, "=", "bounce" as never))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("eight overlapping retries of a bounce and of a complaint act once each", async () => {
    const [bounced, complained] = [
      people.find((p) => p.email.startsWith("con.bounce"))!,
      people.find((p) => p.email.startsWith("con.complaint"))!,
    ];
    const bounce = mailgunFailed(bounced.email, bounced.messageId, "permanent");
    const complaint = mailgunComplained(complained.email, complained.messageId);
    const all = await Promise.all(
      [bounce, complaint].flatMap((e) =>
        Array.from({ length: 8 }, () => postWebhook(url, mailgunBody(KEY, e))),
      ),
    );
    expect(all.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(all.reduce((n, r) => n + r.body.applied, 0)).toBe(2);
    expect(all.reduce((n, r) => n + r.body.duplicate, 0)).toBe(14);
    expect(await count("cadence_event_log")).toBe(1);
    expect(await count("suppressions")).toBe(2);
    expect(await count("mail_webhook_events")).toBe(2);
  });
});

// Retention (issue 15 item 5) on PGlite: replies, drafts and message bodies of enrollments that
// ended longer ago than their period are purged (live ones are kept), archived plays retired more
// than 7 years ago are deleted through the archive guard's one exception, and every pass reports
// its counts per kind; signals older than their period are deleted (issue 69).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeRetention } from "../../src/prospects/purge-retention.ts";
import { ingestSignals } from "../../src/signals/index.ts";
import { makeCampaign, makeContact, makeSendItem } from "../coordinator/support/fixtures.ts";
import { call, playAt, seedTaxonomy } from "../plays/plays-helpers.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";

let h: TestApp;
beforeAll(async () => {
  h = await testApp();
});
afterAll(() => h.close());
const policy = { replyDays: 30, draftDays: 10, bodyDays: 20, playYears: 7, signalDays: 90 };

describe("retention", () => {
  it("purges replies, drafts and bodies of long-ended enrollments, and reports counts per kind", async () => {
    const db = h.deps.db;
    const t = await createTenant(db);
    const now = new Date("2026-06-01T00:00:00Z");
    const campaign = await makeCampaign(db, t.clientId, "transactional", { steps: [0] });
    const enrollment = async (exitedDaysAgo: number | null) => {
      const contact = await makeContact(db, t.clientId);
      const e = await db
        .insertInto("campaign_contacts")
        .values({
          client_id: t.clientId,
          contact_id: contact,
          campaign_id: campaign,
          sequence_type: "transactional",
          status: exitedDaysAgo === null ? "active" : "exited",
          exited_at: exitedDaysAgo === null ? null : new Date(now.getTime() - exitedDaysAgo * 86400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const item = await makeSendItem(db, t.clientId, e.id, now);
      const key = (
        await db
          .selectFrom("sales_send_queue")
          .select("idempotency_key")
          .where("id", "=", item)
          .executeTakeFirstOrThrow()
      ).idempotency_key;
      await db
        .insertInto("staged_drafts")
        .values({
          client_id: t.clientId,
          send_item_id: item,
          channel: "email",
          to_id: "x@y.example",
          body: "draft body",
          context: "{}",
          drafted_by: "template",
          status: "approved",
        })
        .execute();
      await db
        .insertInto("dev_email_outbox")
        .values({
          client_id: t.clientId,
          idempotency_key: key,
          message_id: `<${key}>`,
          mailbox: "m@b.test",
          to_address: "x@y.example",
          subject: "s",
          body: "message body",
          headers: "{}",
        })
        .execute();
      await db
        .insertInto("campaign_replies")
        .values({
          client_id: t.clientId,
          contact_id: contact,
          enrollment_id: e.id,
          received_at: now,
          body: "reply text",
          intent: "other",
          confidence: 1,
          classified_by: "rules",
          action: "continued",
        })
        .execute();
      return e.id;
    };
    const old = await enrollment(40); // past every period
    const mid = await enrollment(15); // past drafts (10) only
    const live = await enrollment(null);
    const r = await purgeRetention(db, t.clientId, policy, now);
    expect(r).toEqual({
      replies: 1,
      drafts: 2,
      message_bodies: 1,
      rep_task_bodies: 0,
      signals: 0,
      visitor_events: 0,
      archived_plays: 0,
    });
    const bodies = await sql<{ enrollment_id: string; reply: string; draft: string; message: string }>`
      select e.id as enrollment_id, r.body as reply, d.body as draft, o.body as message
        from campaign_contacts e join campaign_replies r on r.enrollment_id = e.id
        join sales_send_queue i on i.enrollment_id = e.id join staged_drafts d on d.send_item_id = i.id
        join dev_email_outbox o on o.idempotency_key = i.idempotency_key
       where e.client_id = ${t.clientId}`.execute(db);
    const by = Object.fromEntries(bodies.rows.map((b) => [b.enrollment_id, [b.reply, b.draft, b.message]]));
    expect(by[old]).toEqual(["[purged]", "[purged]", "[purged]"]);
    expect(by[mid]).toEqual(["reply text", "[purged]", "message body"]);
    expect(by[live]).toEqual(["reply text", "draft body", "message body"]);
    // a second pass removes nothing more
    expect(await purgeRetention(db, t.clientId, policy, now)).toEqual({
      replies: 0,
      drafts: 0,
      message_bodies: 0,
      rep_task_bodies: 0,
      signals: 0,
      visitor_events: 0,
      archived_plays: 0,
    });
  });

  it("deletes signals that happened more than signalDays ago; the contact's last signal stays (issue 69)", async () => {
    const db = h.deps.db;
    const t = await createTenant(db);
    const contact = await makeContact(db, t.clientId);
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() - days * 86400_000).toISOString();
    const r = await ingestSignals(
      db,
      t.revops,
      [
        {
          type: "demo_request",
          contactId: contact,
          occurredAt: new Date(at(120)),
          source: "api",
          externalId: "old",
        },
        {
          type: "content_download",
          contactId: contact,
          occurredAt: new Date(at(10)),
          source: "api",
          externalId: "new",
        },
      ],
      { secret: h.deps.config.secret },
      now,
    );
    expect(r.recorded).toBe(2);
    expect((await purgeRetention(db, t.clientId, policy, now)).signals).toBe(1);
    const left = await db
      .selectFrom("signals")
      .select("external_id")
      .where("client_id", "=", t.clientId)
      .execute();
    expect(left.map((x) => x.external_id)).toEqual(["new"]);
    const c = await db
      .selectFrom("contacts")
      .select("last_sales_signal")
      .where("client_id", "=", t.clientId)
      .where("contact_id", "=", contact)
      .executeTakeFirstOrThrow();
    expect(c.last_sales_signal).toBe("demo_request");
  });

  it("deletes archived plays retired more than 7 years ago; the archive stays append-only otherwise", async () => {
    const t = await createTenant(h.deps.db);
    await seedTaxonomy(h.deps.db, t);
    h.clock.now = new Date("2017-01-10T00:00:00Z");
    const ancient = await playAt(h, t, "retired");
    h.clock.now = new Date("2024-01-10T00:00:00Z");
    const recent = await playAt(h, t, "retired");
    h.clock.now = new Date("2026-03-01T00:00:00Z");
    expect((await call(h, t.revops, "POST", "/api/v1/plays/archive")).body).toMatchObject({ archived: 2 });
    h.clock.now = null;
    const archived = async () =>
      (
        await h.deps.db
          .selectFrom("plays_archive")
          .select("play_id")
          .where("client_id", "=", t.clientId)
          .execute()
      ).map((p) => p.play_id);
    expect((await archived()).sort()).toEqual([ancient, recent].sort());
    // without the retention setting, the guard refuses even an old one
    const tamper = await sql`delete from plays_archive where play_id = ${ancient}::uuid`
      .execute(h.deps.db)
      .then(
        () => "ok",
        (e) => e.code,
      );
    expect(tamper).toBe("BP013");
    const r = await purgeRetention(h.deps.db, t.clientId, policy, new Date("2026-03-01T00:00:00Z"));
    expect(r.archived_plays).toBe(1);
    expect(await archived()).toEqual([recent]);
  });
});

// spec 002 "Bounces and SMTP failures mark the item failed with the error": a bounce reported after
// the server accepted the message fails the delivery (never resent) and the send item, with the
// bounce's words, and the event log explains it. Once only; tenants never see each other's mail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";
import { addContact, engineDeps, oneStepNurture } from "./engine-harness.ts";

const T0 = new Date("2026-04-20T10:00:00Z");

describe("the bounce webhook", () => {
  let h: TestApp;
  let t: Tenant;
  let deps: EngineDeps;
  let sent: { itemId: string; messageId: string };
  beforeAll(async () => {
    h = await testApp();
    h.clock.now = T0;
    deps = await engineDeps(h.database);
    t = await createTenant(h.database.db, "bnc");
    await oneStepNurture(h.database.db, t.revops, "bnc_nurture", T0);
    const contactId = await addContact(h.database.db, t.clientId, "Bo Unce");
    await enrollContact(h.database.db, t.exec, { campaign: "bnc_nurture", contactId }, T0);
    await runEngineOnce(deps, T0, { workerId: "w", batch: 10 });
    const row = await h.database.db
      .selectFrom("sales_send_queue as q")
      .innerJoin("channel_deliveries as d", "d.idempotency_key", "q.idempotency_key")
      .select(["q.id", "q.status", "d.message_id"])
      .where("q.client_id", "=", t.clientId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("sent");
    sent = { itemId: row.id, messageId: row.message_id! };
  });
  afterAll(() => h.close());

  const post = (who: TestPrincipal, payload: unknown) =>
    h.app.inject({ method: "POST", url: "/api/v1/bounces", headers: who.auth, payload: payload as never });

  it("fails the item and the delivery with the bounce's words, logs it, once", async () => {
    const bounce = { message_id: sent.messageId, error: "550 5.1.1 mailbox does not exist" };
    const r = await post(t.agt304, bounce);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      message_id: sent.messageId,
      send_item_id: sent.itemId,
      status: "failed",
      error: "bounced: 550 5.1.1 mailbox does not exist",
      already_recorded: false,
    });
    const item = await h.database.db
      .selectFrom("sales_send_queue")
      .select(["status", "error"])
      .where("id", "=", sent.itemId)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ status: "failed", error: "bounced: 550 5.1.1 mailbox does not exist" });
    const events = await h.database.db
      .selectFrom("cadence_event_log")
      .select(["event_type", "resolution"])
      .where("send_item_id", "=", sent.itemId)
      .orderBy("event_id")
      .execute();
    expect(events.map((e) => e.event_type)).toEqual(["send_allowed", "touch", "bounce"]);
    expect(events.at(-1)?.resolution).toBe("hard_bounce");
    // reported again (webhooks retry): nothing changes, no second event
    const again = await post(t.revops, bounce);
    expect(again.json()).toMatchObject({ already_recorded: true, status: "failed" });
    const bounces = await h.database.db
      .selectFrom("cadence_event_log")
      .select("event_id")
      .where("send_item_id", "=", sent.itemId)
      .where("event_type", "=", "bounce")
      .execute();
    expect(bounces).toHaveLength(1);
  });

  it("refuses other roles, unknown messages, other tenants' messages and bad bodies", async () => {
    const bounce = { message_id: sent.messageId, error: "550 no such user" };
    expect((await post(t.rep, bounce)).json().error.code).toBe("FORBIDDEN_ROLE");
    const unknown = await post(t.revops, { message_id: "<nobody@baton.dev>", error: "550" });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, "NOT_FOUND"]);
    const other = await createTenant(h.database.db, "bnc2");
    expect((await post(other.revops, bounce)).statusCode).toBe(404);
    for (const bad of [
      {},
      { message_id: sent.messageId },
      { ...bounce, transient: "yes" },
      { ...bounce, x: 1 },
    ]) {
      const r = await post(t.revops, bad);
      expect([r.statusCode, r.json().error.code]).toEqual([400, "VALIDATION_FAILED"]);
    }
  });
});

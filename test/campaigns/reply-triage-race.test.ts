// Issue 56 item 2 on PostgreSQL, on several connections: two people deciding the same reply at once
// (one wins, the other gets REPLY_ALREADY_DECIDED and changed nothing), and replies racing the
// engine's due steps (a held enrollment's step never goes, whichever commits first).
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { decideReplies } from "../../src/campaigns/triage/decide-replies.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import type { Database } from "../../src/db/connect.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import type { Classification } from "../../src/replies/classifier.ts";
import { addContact, engineDeps, oneStepNurture } from "../engine/engine-harness.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const other = {
  name: "fixed",
  classify: async (): Promise<Classification> => ({
    intent: "other",
    returnDate: null,
    confidence: 1,
    by: "fixed",
  }),
};

describeMultiConnection("reply triage races", () => {
  let d: Database;
  let t: Tenant;
  beforeAll(async () => {
    setCampaignPorts({ classifier: other });
    d = await ownServerTestDatabase("triagerace", 12);
    t = await createTenant(d.db, "trirace");
    await oneStepNurture(d.db, t.revops, "trirace_nurture", T0);
    await d.db
      .updateTable("campaigns")
      .set({ owner_role: "roles.bdr" })
      .where("slug", "=", "trirace_nurture")
      .execute();
  });
  afterAll(async () => {
    setCampaignPorts({});
    await d?.close();
  });

  it("two deciders on 50 replies at once: each reply decided once, the loser told 409 and nothing changed", async () => {
    const replies: { replyId: string; enrollmentId: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const c = await addContact(d.db, t.clientId, `Racer ${i}`);
      const e = await enrollContact(d.db, t.exec, { campaign: "trirace_nurture", contactId: c }, T0);
      const r = await processReply(d.db, t.agt301, { contactId: c, text: "hm?", receivedAt: T0 }, T0);
      replies.push({ replyId: r.reply_id, enrollmentId: e.enrollment_id! });
    }
    const later = new Date(T0.getTime() + 60_000);
    const outcomes = await Promise.all(
      replies.flatMap((r) => [
        decideReply(d.db, t.rep, { replyId: r.replyId, decision: "continue" }, later).then(
          () => "continue",
          (e) => (isBatonError(e) ? e.code : String(e)),
        ),
        decideReply(
          d.db,
          t.revops,
          { replyId: r.replyId, decision: "exit", exitReason: "rejected" },
          later,
        ).then(
          () => "exit",
          (e) => (isBatonError(e) ? e.code : String(e)),
        ),
      ]),
    );
    for (let i = 0; i < replies.length; i++) {
      const pair = outcomes.slice(2 * i, 2 * i + 2).sort();
      expect(pair.filter((x) => x === "REPLY_ALREADY_DECIDED")).toHaveLength(1);
      const won = pair.find((x) => x !== "REPLY_ALREADY_DECIDED");
      const row = await d.db
        .selectFrom("campaign_replies")
        .select(["decision", "triage"])
        .where("id", "=", replies[i].replyId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ decision: won, triage: "decided" });
      const e = await d.db
        .selectFrom("campaign_contacts")
        .select("status")
        .where("id", "=", replies[i].enrollmentId)
        .executeTakeFirstOrThrow();
      expect(e.status).toBe(won === "continue" ? "active" : "rejected");
      const events = await d.db
        .selectFrom("cadence_event_log")
        .select("event_id")
        .where("event_type", "=", "reply_decided")
        .where("enrollment_id", "=", replies[i].enrollmentId)
        .execute();
      expect(events).toHaveLength(1);
    }
  });

  it("two bulk deciders and single ones on overlapping replies at once: each reply decided once", async () => {
    const replies: { replyId: string; enrollmentId: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await addContact(d.db, t.clientId, `Bulk racer ${i}`);
      const e = await enrollContact(d.db, t.exec, { campaign: "trirace_nurture", contactId: c }, T0);
      const r = await processReply(d.db, t.agt301, { contactId: c, text: "hm?", receivedAt: T0 }, T0);
      replies.push({ replyId: r.reply_id, enrollmentId: e.enrollment_id! });
    }
    const later = new Date(T0.getTime() + 60_000);
    const ids = replies.map((r) => r.replyId);
    const code = (x: unknown) => (isBatonError(x) ? x.code : x instanceof Error ? String(x) : "ok");
    // the first batch in order, the second (another decision) over the last two thirds reversed, and
    // three single decisions among them
    const [a, b, ...singles] = await Promise.all([
      decideReplies(d.db, t.rep, ids.slice(0, 20), { decision: "continue" }, later),
      decideReplies(
        d.db,
        t.revops,
        ids.slice(10).reverse(),
        { decision: "exit", exitReason: "rejected" },
        later,
      ),
      ...[5, 15, 25].map((i) =>
        decideReply(d.db, t.revops2, { replyId: ids[i], decision: "not_a_reply" }, later).catch((e) => e),
      ),
    ]);
    const outcomes = new Map<string, string[]>();
    const add = (id: string, x: unknown) => {
      outcomes.set(id, [...(outcomes.get(id) ?? []), code(x)]);
    };
    const bIds = ids.slice(10).reverse();
    for (const [k, id] of ids.slice(0, 20).entries()) add(id, a[k]);
    for (const [k, id] of bIds.entries()) add(id, b[k]);
    for (const [k, i] of [5, 15, 25].entries()) add(ids[i], singles[k]);
    for (const [i, r] of replies.entries()) {
      const got = outcomes.get(r.replyId)!;
      expect([i, got.filter((x) => x === "ok")]).toEqual([i, ["ok"]]);
      expect(got.filter((x) => x !== "ok").every((x) => x === "REPLY_ALREADY_DECIDED")).toBe(true);
      const events = await d.db
        .selectFrom("cadence_event_log")
        .select("event_id")
        .where("event_type", "=", "reply_decided")
        .where("enrollment_id", "=", r.enrollmentId)
        .execute();
      expect(events).toHaveLength(1);
    }
  });

  it("replies racing the engine's due steps: no held enrollment's step goes", async () => {
    const base = await engineDeps(d);
    const contacts: { c: string; e: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const c = await addContact(d.db, t.clientId, `Engine racer ${i}`);
      const e = await enrollContact(d.db, t.exec, { campaign: "trirace_nurture", contactId: c }, T0);
      contacts.push({ c, e: e.enrollment_id! });
    }
    const held = new Set<string>();
    await Promise.all([
      ...[0, 1].map((w) => runEngineOnce(base, T0, { workerId: `w${w}`, batch: 10 })),
      (async () => {
        for (const x of contacts.filter((_, i) => i % 2 === 0)) {
          const r = await processReply(d.db, t.agt301, { contactId: x.c, text: "hm?", receivedAt: T0 }, T0);
          if (r.action === "held") held.add(x.e);
        }
      })(),
    ]);
    await runEngineOnce(base, T0, { workerId: "after", batch: 200 });
    // a held enrollment's step never goes after its hold commits: either it went before the reply
    // (then the reply found it active and held it after its touch) or not at all
    const touches = await d.db
      .selectFrom("cadence_event_log")
      .select(["enrollment_id", "occurred_at", "event_id"])
      .where("event_type", "=", "touch")
      .where("enrollment_id", "in", [...held])
      .execute();
    for (const touch of touches) {
      const hold = await d.db
        .selectFrom("cadence_event_log")
        .select("event_id")
        .where("enrollment_id", "=", touch.enrollment_id)
        .where("event_type", "=", "paused")
        .where("resolution", "=", "reply_pending_triage")
        .executeTakeFirstOrThrow();
      expect(Number(touch.event_id)).toBeLessThan(Number(hold.event_id));
    }
    expect(held.size).toBeGreaterThan(0);
  });
});

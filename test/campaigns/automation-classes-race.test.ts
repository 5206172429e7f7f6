// Issue 72 item 1 on PostgreSQL, on several connections: people deciding many replies of one class
// at once each count once toward it (the class row locked in each decision's transaction: no lost
// update), and the class opens once, with one event, at its 30th agreeing decision. Replies
// counted at once, in batches and alone, take distinct numbers for the open class's spot checks.
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReplies } from "../../src/campaigns/process-replies-batch.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import type { Database } from "../../src/db/connect.ts";
import type { Classification } from "../../src/replies/classifier.ts";
import { addContact, oneStepNurture } from "../engine/engine-harness.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const no = {
  name: "fixed",
  classify: async (): Promise<Classification & { language: string }> => ({
    intent: "not_interested",
    returnDate: null,
    confidence: 0.99,
    by: "fixed",
    language: "en",
  }),
};

describeMultiConnection("automation classes under simultaneous decisions", () => {
  let d: Database;
  let t: Tenant;
  beforeAll(async () => {
    setCampaignPorts({ classifier: no });
    d = await ownServerTestDatabase("earnrace", 12);
    t = await createTenant(d.db, "earnrace");
    await oneStepNurture(d.db, t.revops, "earnrace_nurture", T0);
    await d.db
      .updateTable("campaigns")
      .set({ owner_role: "roles.bdr" })
      .where("slug", "=", "earnrace_nurture")
      .execute();
  });
  afterAll(async () => {
    setCampaignPorts({});
    await d?.close();
  });

  it("40 decisions at once on a fresh class: 40 counted, opened once with one event", async () => {
    const replyIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const c = await addContact(d.db, t.clientId, `Earner ${i}`);
      await enrollContact(d.db, t.exec, { campaign: "earnrace_nurture", contactId: c }, T0);
      const r = await processReply(d.db, t.agt301, { contactId: c, text: "no thanks", receivedAt: T0 }, T0);
      // a fresh tenant: the sure no waits for a person
      expect(r).toMatchObject({ triage: "pending", action: "held" });
      replyIds.push(r.reply_id);
    }
    const later = new Date(T0.getTime() + 60_000);
    await Promise.all(
      replyIds.map((replyId, i) =>
        decideReply(
          d.db,
          i % 2 ? t.revops : t.revops2,
          { replyId, decision: "exit", exitReason: "rejected" },
          later,
        ),
      ),
    );
    const cls = await d.db
      .selectFrom("reply_automation_classes")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(cls).toHaveLength(1);
    expect(cls[0]).toMatchObject({
      intent: "not_interested",
      language: "en",
      state: "open",
      decided: 40,
      agreed: 40,
    });
    const opened = await d.db
      .selectFrom("cadence_event_log")
      .select("details")
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "automation_opened")
      .execute();
    expect(opened).toHaveLength(1);
    expect(opened[0].details).toMatchObject({ decided: 30, agreed: 30, rate: 1 });
    // and the next sure no is Baton's alone
    const c = await addContact(d.db, t.clientId, "Earned");
    await enrollContact(d.db, t.exec, { campaign: "earnrace_nurture", contactId: c }, later);
    const r = await processReply(d.db, t.agt301, { contactId: c, text: "no", receivedAt: later }, later);
    expect(r).toMatchObject({ triage: "auto", action: "exited", exit_reason: "rejected" });
  });

  it("replies counted at once, in batches and alone, each take their own number: every 5th to a person", async () => {
    // the class opened above; its count starts again at 0 with a spot check every 5th
    await d.db
      .updateTable("reply_automation_classes")
      .set({ acted: 0, spot_check_every: 5 })
      .where("client_id", "=", t.clientId)
      .execute();
    const contacts: string[] = [];
    for (let i = 0; i < 50; i++) {
      const c = await addContact(d.db, t.clientId, `Counted ${i}`);
      await enrollContact(d.db, t.exec, { campaign: "earnrace_nurture", contactId: c }, T0);
      contacts.push(c);
    }
    const reply = (contactId: string) => ({ contactId, text: "no thanks", receivedAt: T0 });
    const results = (
      await Promise.all([
        ...[0, 1, 2, 3].map((b) =>
          processReplies(d.db, t.agt301, contacts.slice(b * 10, b * 10 + 10).map(reply), T0),
        ),
        ...contacts.slice(40).map((c) => processReply(d.db, t.agt301, reply(c), T0).then((r) => [r])),
      ])
    ).flat() as { triage: string; action: string }[];
    expect(results.filter((r) => r.action === "exited")).toHaveLength(40);
    expect(results.filter((r) => r.triage === "pending")).toHaveLength(10);
    const [cls] = await d.db
      .selectFrom("reply_automation_classes")
      .select(["acted", "state"])
      .where("client_id", "=", t.clientId)
      .execute();
    expect(cls).toEqual({ acted: 50, state: "open" });
  });
});

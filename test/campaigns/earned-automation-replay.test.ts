// Issue 72 item 1, the replay: "the share automated grows over a labelled stream while harmful
// errors stay 0. A disagreement closes its class, with the event." A labelled stream (the tuned
// replies in English and of no known language, twice over, each from a new contact enrolled in a
// campaign) goes through the real path: processReply with the real classifier, and, for each reply
// that waits, a person's decision in triage (decideReply) by its label. A fresh tenant starts with
// every class closed, so Baton first decides nothing alone but sure stop requests; each class opens
// when the team's decisions earn it (src/replies/automation.ts), and the share decided alone rises.
// Harmful errors are counted from what happened: a stop request whose contact was not opted out
// (the sequence went on), a no that exited as positive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import { listAutomationClasses } from "../../src/campaigns/triage/read-automation-classes.ts";
import type { Database } from "../../src/db/connect.ts";
import { SPOT_CHECK_EVERY } from "../../src/replies/automation.ts";
import type { ReplyIntent } from "../../src/replies/classifier.ts";
import { addContact } from "../engine/engine-harness.ts";
import { LABELLED_RECEIVED_AT, LABELLED_REPLIES } from "../fixtures/replies/tuned/labelled-replies.ts";
import { testDatabase } from "../support/db.ts";
import { createReplayCampaign, decisionFor } from "../support/replies/triage-decision.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const POSITIVE = new Set(["converted", "meeting", "registered", "meeting_booked"]);

let database: Database;
let t: Tenant;
const db = () => database.db;

beforeAll(async () => {
  setCampaignPorts({});
  database = await testDatabase();
  t = await createTenant(database.db, "earn");
  await createReplayCampaign(db(), t.revops, "bdr_replay", "replay", new Date(LABELLED_RECEIVED_AT));
});
afterAll(() => database.close());

describe("automation earned over a labelled stream (issue 72 item 1)", () => {
  // the English replies and those of no single language: every class gets enough of a stream
  const stream = LABELLED_REPLIES.filter((r) => (r.lang ?? "en") === "en");
  const rounds = 2;
  const window = Math.ceil(stream.length / 2);
  const windows: { replies: number; alone: number; wrongAlone: number; aloneEarned: number }[] = [];
  const harmful = { stopContinued: 0, noExitedPositive: 0 };
  const labels = new Map<string, ReplyIntent>();
  let n = 0;

  it("the share decided alone rises from 0 as the team's decisions open classes; no harmful error", async () => {
    for (let round = 0; round < rounds; round++)
      for (const [i, r] of stream.entries()) {
        n++;
        const at = new Date(new Date(r.receivedAt ?? LABELLED_RECEIVED_AT).getTime() + n * 60_000);
        const contactId = await addContact(db(), t.clientId, `Replay ${n}`, {
          email: `replay${n}@r${n}.example`,
        });
        const en = await enrollContact(db(), t.exec, { campaign: "bdr_replay", contactId }, at);
        if (!en.enrollment_id) throw new Error(`not enrolled: ${JSON.stringify(en)}`);
        const res = await processReply(
          db(),
          t.agt301,
          { contactId, text: r.text, receivedAt: at, messageId: `<replay-${round}-${i}@test>` },
          at,
        );
        if (res.triage === "pending")
          await decideReply(
            db(),
            t.revops,
            { replyId: res.reply_id, ...decisionFor(r.intent, at, r.returnDate) },
            at,
          );
        const w = windows[Math.floor((n - 1) / window)] ?? {
          replies: 0,
          alone: 0,
          wrongAlone: 0,
          aloneEarned: 0,
        };
        windows[Math.floor((n - 1) / window)] = w;
        w.replies++;
        if (res.triage === "auto") {
          w.alone++;
          if (res.intent !== r.intent) w.wrongAlone++;
          // a sure stop request and a "has left the company" notice act by fixed rules, no class
          if (res.intent !== "unsubscribe" && res.exit_reason !== "left_company") w.aloneEarned++;
        }
        labels.set(contactId, r.intent);
      }
    // what happened, from the rows: a stop request must end in an opt-out, a no never in a yes
    const rows = await db()
      .selectFrom("contacts as c")
      .innerJoin("campaign_contacts as e", (j) =>
        j.onRef("e.client_id", "=", "c.client_id").onRef("e.contact_id", "=", "c.contact_id"),
      )
      .select(["c.contact_id", "c.unsubscribe_flag", "e.exit_reason"])
      .where("c.client_id", "=", t.clientId)
      .execute();
    for (const row of rows) {
      const label = labels.get(row.contact_id);
      if (label === "unsubscribe" && !row.unsubscribe_flag) harmful.stopContinued++;
      if (label === "not_interested" && POSITIVE.has(row.exit_reason ?? "")) harmful.noExitedPositive++;
    }
    const shares = windows.map((w) => Math.round((100 * w.alone) / w.replies));
    const classes = await listAutomationClasses(db(), t.revops);
    console.log(
      `replay: ${n} replies (${stream.length} labelled, ${rounds} rounds); share decided alone per ${window}: ${shares.join("% ")}%;` +
        ` alone in an earned class per window: ${windows.map((w) => w.aloneEarned).join(" ")};` +
        ` wrong alone ${windows.reduce((s, w) => s + w.wrongAlone, 0)};` +
        ` harmful: ${harmful.stopContinued} stops continued, ${harmful.noExitedPositive} no's exited positive;` +
        ` open: ${classes
          .filter((c) => c.state === "open")
          .map((c) => `${c.intent}/${c.language} ${c.agreed}/${c.decided}`)
          .join(", ")}`,
    );
    expect(harmful).toEqual({ stopContinued: 0, noExitedPositive: 0 });
    expect(windows.reduce((s, w) => s + w.wrongAlone, 0)).toBe(0);
    // the first replies: only sure stop requests act alone (a fresh tenant has every class closed,
    // and no class has 30 decisions yet)
    expect(windows[0].aloneEarned).toBe(0);
    // rising: the last window decides far more alone than the first
    expect(shares.at(-1)!).toBeGreaterThan(shares[0] + 20);
    expect(classes.filter((c) => c.state === "open").length).toBeGreaterThanOrEqual(3);
    // every opening is an event with its numbers
    const opened = await db()
      .selectFrom("cadence_event_log")
      .select(["details", "resolution"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "automation_opened")
      .execute();
    expect(opened.length).toBe(classes.filter((c) => c.state === "open").length);
    for (const e of opened) {
      const d = e.details as { decided: number; agreed: number; rate: number; min_confidence: number };
      expect(e.resolution).toBe("earned");
      expect(d.decided).toBeGreaterThanOrEqual(30);
      expect(d.rate).toBeGreaterThanOrEqual(0.97);
      expect(d.min_confidence).toBeGreaterThan(0.8);
    }
  }, 600_000);

  it("a disagreement on an open class closes it, with the event and its numbers; its next reply waits", async () => {
    const classes = await listAutomationClasses(db(), t.revops);
    const open = classes.find((c) => c.state === "open" && c.intent === "not_interested")!;
    expect(open).toBeDefined();
    // the same words the class acts on alone
    const sample = LABELLED_REPLIES.find((r) => r.intent === "not_interested" && (r.lang ?? "en") === "en")!;
    const texts = await db()
      .selectFrom("campaign_replies")
      .select(["body", "language"])
      .where("client_id", "=", t.clientId)
      .where("intent", "=", "not_interested")
      .where("triage", "=", "auto")
      .execute();
    const text = texts.find((x) => (x.language ?? "und") === open.language)?.body ?? sample.text;
    const at = new Date("2026-03-01T10:00:00Z");
    let k = 0;
    const send = async () => {
      k++;
      const contactId = await addContact(db(), t.clientId, `Again ${k}`, {
        email: `again${k}@g${k}.example`,
      });
      await enrollContact(db(), t.exec, { campaign: "bdr_replay", contactId }, at);
      return processReply(db(), t.agt301, { contactId, text, receivedAt: at }, at);
    };
    // while open, Baton decides them alone but for its spot check, which a person still reads
    let res = await send();
    while (res.triage === "auto" && k <= SPOT_CHECK_EVERY) res = await send();
    expect(res).toMatchObject({ intent: "not_interested", triage: "pending" });
    await decideReply(db(), t.revops, { replyId: res.reply_id, decision: "continue" }, at);
    const after = (await listAutomationClasses(db(), t.revops)).find(
      (c) => c.intent === "not_interested" && c.language === open.language,
    )!;
    expect(after).toMatchObject({ state: "closed", decided: 1, agreed: 0, to_earn: 33 });
    const [closed] = await db()
      .selectFrom("cadence_event_log")
      .select(["details", "resolution", "actor_principal_id"])
      .where("client_id", "=", t.clientId)
      .where("event_type", "=", "automation_closed")
      .execute();
    expect(closed).toMatchObject({ resolution: "disagreement", actor_principal_id: t.revops.principalId });
    expect(closed.details).toMatchObject({
      intent: "not_interested",
      language: open.language,
      decided: open.decided + 1,
      agreed: open.agreed,
      reply_id: res.reply_id,
      decision: "continue",
      decided_intent: "other",
    });
    console.log(`disagreement: ${JSON.stringify(closed.details)}`);
    // the class's next sure reply waits for a person again
    const next = await send();
    expect(next).toMatchObject({ intent: "not_interested", triage: "pending", action: "held" });
  });
});

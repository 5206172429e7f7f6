// Issue 56 items 1-2: a person's reply holds the contact for a person; the triage decisions; the
// campaign's reply policy; gate 5's hold reason; and the property that nothing automatic goes after
// a held or stop-signal reply. The classifier is a fixed one ("INTENT[:date][!][~confidence] text":
// `!` a stop signal, `~0.5` a confidence below every threshold), so these test the routing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdContactSends, REVIEW_HOLD_REASON } from "../../src/campaigns/hold-contact-sends.ts";
import { createCampaign, enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { decideReplies } from "../../src/campaigns/triage/decide-replies.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import { countTriage, getTriageReply, listTriage } from "../../src/campaigns/triage/read-triage.ts";
import {
  examplesJsonl,
  listReplyExamples,
  replyAgreement,
} from "../../src/campaigns/triage/reply-examples.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import { decideInboundReview, getInboundReview, queueReview } from "../../src/inbox/inbound-reviews.ts";
import { addInbox } from "../../src/inbox/manage-inboxes.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { addContact, engineDeps } from "../engine/engine-harness.ts";
import { openEveryClass } from "../support/automation.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-03-03T15:00:00Z");
const DAY = 86_400_000;

const fixed = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [head] = text.split(" ");
    const m = /^([a-z_]+)(?::(\d{4}-\d\d-\d\d))?(!)?(?:~([\d.]+))?$/.exec(head)!;
    return {
      intent: m[1] as ReplyIntent,
      returnDate: m[2] ? new Date(`${m[2]}T09:00:00Z`) : null,
      confidence: m[4] ? Number(m[4]) : 1,
      by: "fixed",
      stopSignal: m[3] === "!",
      referral: m[1] === "referral" ? { name: "Ana Ruiz", email: text.split(" ")[1] ?? null } : null,
    };
  },
};

let database: Database;
let deps: EngineDeps;
let t: Tenant;

const steps = [0, 2, 4].map((delay, i) => ({
  step_number: i + 1,
  delay_days: delay,
  channel: "email",
  content_type: "follow_up",
  template_instructions: "Hi.",
}));

beforeAll(async () => {
  setCampaignPorts({ classifier: fixed });
  database = await testDatabase();
  deps = await engineDeps(database);
  t = await createTenant(database.db, "tri");
  // the team has earned automation: a sure reading acts alone (issue 72 item 1)
  await openEveryClass(database.db, t.clientId);
  for (const [slug, owner] of [
    ["mkt_c", "roles.marketing"],
    ["bdr_a", "roles.bdr"],
    ["bdr_b", "roles.bdr"],
  ] as const)
    await createCampaign(
      database.db,
      t.revops,
      {
        slug,
        name: slug,
        type: "nurture",
        owner_role: owner,
        kind: "nurture",
        approval_policy: "auto_send",
        on_exit: slug === "mkt_c" ? {} : { converted: "mkt_c" },
        steps,
      },
      T0,
    );
});
afterAll(async () => {
  setCampaignPorts({});
  await database.close();
});

let n = 0;
const db = () => database.db;
async function enrolled(campaigns: string[] = ["bdr_a"], contactId?: string) {
  const c = contactId ?? (await addContact(db(), t.clientId, `Person ${++n}`));
  const ids: string[] = [];
  for (const campaign of campaigns)
    ids.push((await enrollContact(db(), t.exec, { campaign, contactId: c }, T0)).enrollment_id!);
  return { contactId: c, ids };
}
const reply = (contactId: string, text: string, at = T0, enrollmentId?: string) =>
  processReply(db(), t.agt301, { contactId, text, receivedAt: at, enrollmentId }, at);
const enrollment = (id: string) =>
  db().selectFrom("campaign_contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const sendsTo = async (contactId: string) =>
  (
    await db()
      .selectFrom("cadence_event_log")
      .select("event_id")
      .where("contact_id", "=", contactId)
      .where("event_type", "=", "touch")
      .execute()
  ).length;

describe("a person's reply holds the contact (issue 56 item 1)", () => {
  it("an unsure reply holds the answered enrollment with reply_pending_triage and waits in the queue", async () => {
    const { contactId, ids } = await enrolled();
    const r = await reply(contactId, "other What is this about?");
    expect(r).toMatchObject({ action: "held", triage: "pending", held_enrollment_ids: [ids[0]] });
    expect(await enrollment(ids[0])).toMatchObject({
      status: "paused",
      paused_until: null,
      hold_reason: "reply_pending_triage",
    });
    const q = await listTriage(db(), t.revops, { contactId });
    expect(q.items.map((x) => x.reply_id)).toEqual([r.reply_id]);
    expect(q.items[0]).toMatchObject({ status: "pending", hold_reason: "reply_pending_triage" });
  });

  it("keeps the language the reply is written in, from its own words, or none when unsure (item 3)", async () => {
    const { contactId } = await enrolled();
    const de = await reply(
      contactId,
      "other Danke, aber das ist nicht für uns. Bitte melden Sie sich im Mai.",
    );
    const none = await reply(contactId, "other Stop.", new Date(T0.getTime() + 60_000));
    const rows = await db()
      .selectFrom("campaign_replies")
      .select(["id", "language"])
      .where("id", "in", [de.reply_id, none.reply_id])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.language]))).toEqual({
      [de.reply_id]: "de",
      [none.reply_id]: null,
    });
  });

  it("a sure reading acts alone as before (interested exits converted where on_exit ends there)", async () => {
    const { contactId, ids } = await enrolled(["mkt_c"]);
    const r = await reply(contactId, "interested Yes please");
    expect(r).toMatchObject({ action: "exited", triage: "auto", exit_reason: "converted" });
    expect((await enrollment(ids[0])).status).toBe("converted");
  });

  it("a sure positive reading waits for a person where on_exit would enroll the person elsewhere (issue 72)", async () => {
    const { contactId, ids } = await enrolled();
    const r = await reply(contactId, "interested Yes please");
    expect(r).toMatchObject({ action: "held", triage: "pending", intent: "interested" });
    expect((await enrollment(ids[0])).status).toBe("paused");
    // the person's yes follows on_exit as before
    const d = await decideReply(
      db(),
      t.revops,
      { replyId: r.reply_id, decision: "exit", exitReason: "converted" },
      T0,
    );
    expect(d.effects.exit).toMatchObject({
      reason: "converted",
      next: { kind: "enrolled", campaign: "mkt_c" },
    });
  });

  it("an unsure positive reading does not exit: it waits (no on_exit on a guess)", async () => {
    const { contactId, ids } = await enrolled();
    const r = await reply(contactId, "interested~0.6 maybe");
    expect(r).toMatchObject({ action: "held", triage: "pending" });
    expect((await enrollment(ids[0])).status).toBe("paused");
  });

  it("a sure delay with a date pauses the answered enrollment until then; the engine resumes it", async () => {
    const { contactId, ids } = await enrolled();
    const r = await reply(contactId, "later:2026-04-01 try me in April");
    expect(r).toMatchObject({ action: "paused", triage: "auto", paused_until: "2026-04-01T09:00:00.000Z" });
    expect(await enrollment(ids[0])).toMatchObject({ status: "paused", hold_reason: "reply_later" });
    await runEngineOnce(deps, new Date("2026-04-01T10:00:00Z"), { workerId: "w", batch: 50 });
    expect(await enrollment(ids[0])).toMatchObject({ status: "active", hold_reason: null });
    const resumed = await db()
      .selectFrom("cadence_event_log")
      .select("resolution")
      .where("enrollment_id", "=", ids[0])
      .where("event_type", "=", "resumed")
      .execute();
    expect(resumed).toEqual([{ resolution: "reply_later_over" }]);
  });

  it("a stop signal holds every live enrollment of the contact; an unsure unsubscribe does not opt out", async () => {
    const { contactId, ids } = await enrolled(["bdr_a", "bdr_b"]);
    const r = await reply(contactId, "unsubscribe!~0.5 I'd prefer not to get these", T0, ids[0]);
    expect(r).toMatchObject({ action: "held", triage: "pending" });
    expect(new Set(r.held_enrollment_ids)).toEqual(new Set(ids));
    for (const id of ids)
      expect(await enrollment(id)).toMatchObject({ status: "paused", hold_reason: "reply_pending_triage" });
    const c = await db()
      .selectFrom("contacts")
      .select("unsubscribe_flag")
      .where("contact_id", "=", contactId)
      .executeTakeFirstOrThrow();
    expect(c.unsubscribe_flag).toBe(false);
  });

  it("a trusted reply takes over what an untrusted one holds (reply_pending_review), so triage resumes it", async () => {
    const { contactId, ids } = await enrolled(["bdr_a", "bdr_b"]);
    // the inbound review queue's hold of an untrusted reply (src/inbox/process-inbound.ts)
    await db()
      .transaction()
      .execute((tx) =>
        holdContactSends(tx, t.clientId, contactId, T0, {}, REVIEW_HOLD_REASON, REVIEW_HOLD_REASON),
      );
    const r = await reply(contactId, "other~0.5 What is this about?", T0, ids[0]);
    // every live enrollment, the one answered and the one the untrusted reply held (issue 72)
    expect(r).toMatchObject({ action: "held", triage: "pending" });
    expect([...r.held_enrollment_ids].sort()).toEqual([...ids].sort());
    for (const id of ids)
      expect(await enrollment(id)).toMatchObject({ status: "paused", hold_reason: "reply_pending_triage" });
    const stop = await reply(contactId, "unsubscribe!~0.5 I'd prefer not to get these", T0, ids[0]);
    // held by the first reply already, and by this stop signal's too: deciding one resumes nothing
    expect([...stop.held_enrollment_ids].sort()).toEqual([...ids].sort());
  });

  it("a triage decision hands what it held to an untrusted reply still waiting in review, which resumes it", async () => {
    const { contactId, ids } = await enrolled(["bdr_a"]);
    const h = await reply(contactId, "other~0.5 Interesting, who else uses this?", T0, ids[0]);
    expect(h).toMatchObject({ action: "held", triage: "pending", held_enrollment_ids: [ids[0]] });
    // then mail Baton cannot trust arrives from the same person: already held, its review holds nothing
    const inbox = await addInbox(
      db(),
      t.admin,
      "test-secret-test-secret-test-secret",
      {
        mailbox: "tri.handover@example.test",
        host: "127.0.0.1",
        port: 1143,
        tls: false,
        auth: { kind: "password", password: "x" },
        trustedAuthservIds: [],
      },
      T0,
    );
    const reviewId = await db()
      .transaction()
      .execute(async (tx) => {
        const paused = await holdContactSends(
          tx,
          t.clientId,
          contactId,
          T0,
          {},
          REVIEW_HOLD_REASON,
          REVIEW_HOLD_REASON,
        );
        expect(paused).toEqual([]);
        return queueReview(
          tx,
          {
            clientId: t.clientId,
            mailboxId: inbox.id,
            uidvalidity: "1",
            uid: 1,
            messageId: "<untrusted-1@attacker.example>",
            contactId,
            enrollmentId: null,
            from: "someone@example.test",
            subject: "Re: hello",
            text: "please stop writing to me",
            receivedAt: T0,
            kind: "reply",
            classification: { intent: "unsubscribe", returnDate: null, confidence: 0.97, by: "fixed" },
            trust: { trusted: false, basis: "none", why_not: "not authenticated" } as never,
            paused,
          },
          T0,
        );
      });
    // the triage says continue: the unread untrusted reply may be a stop request, so nothing resumes
    const later = new Date(T0.getTime() + 3_600_000);
    await decideReply(db(), t.rep, { replyId: h.reply_id, decision: "continue" }, later);
    expect(await enrollment(ids[0])).toMatchObject({ status: "paused", hold_reason: "reply_pending_review" });
    expect((await getInboundReview(db(), t.revops, reviewId)).paused.map((p) => p.enrollment_id)).toEqual([
      ids[0],
    ]);
    // dismissed by a person, the review resumes it
    await decideInboundReview(db(), t.revops, reviewId, "dismiss", later);
    expect(await enrollment(ids[0])).toMatchObject({ status: "active", hold_reason: null });
  });

  it("an automatic reply (RFC 3834) pauses as an out-of-office whatever its confidence, with no triage and no policy", async () => {
    const { contactId, ids } = await enrolled(["bdr_a", "bdr_b"]);
    const r = await processReply(
      db(),
      t.agt301,
      {
        contactId,
        text: "out_of_office:2026-03-20~0.3 away",
        receivedAt: T0,
        enrollmentId: ids[0],
        automatic: true,
      },
      T0,
    );
    expect(r).toMatchObject({
      action: "paused",
      triage: "auto",
      policy_effects: [],
      held_enrollment_ids: [],
    });
    for (const id of ids) expect(await enrollment(id)).toMatchObject({ status: "paused", hold_reason: null });
  });

  it("property: after a held or stop-signal reply, due steps send nothing to the contact", async () => {
    const texts = [
      "other ok?",
      "unsubscribe!~0.4 stop",
      "not_interested!~0.95 no, stop",
      "referral x@y.test",
      "interested~0.2 hm",
      "later~0.95 not now",
    ];
    const touchesOf = async (ids: string[]) =>
      (
        await db()
          .selectFrom("cadence_event_log")
          .select("event_id")
          .where("enrollment_id", "in", ids)
          .where("event_type", "=", "touch")
          .execute()
      ).length;
    for (const text of texts) {
      const { contactId, ids } = await enrolled(["bdr_a", "bdr_b"]);
      const r = await reply(contactId, text);
      expect(r.triage).toBe("pending");
      // the held ones never go; the others wait out the reply policy's 14 days
      for (const days of [0, 3, 5, 13])
        await runEngineOnce(deps, new Date(T0.getTime() + days * DAY), { workerId: "w", batch: 200 });
      expect(await sendsTo(contactId)).toBe(0);
      await runEngineOnce(deps, new Date(T0.getTime() + 20 * DAY), { workerId: "w", batch: 200 });
      expect(await touchesOf(r.held_enrollment_ids)).toBe(0);
      if (text.includes("!")) expect(new Set(r.held_enrollment_ids)).toEqual(new Set(ids));
    }
  });

  it("gate 5 reports the hold reason when a held enrollment's send falls due", async () => {
    const { contactId, ids } = await enrolled();
    await reply(contactId, "other hm");
    const { gateStep } = await import("../../src/coordinator/index.ts");
    const d = await db()
      .transaction()
      .execute((tx) =>
        gateStep(tx, { clientId: t.clientId, enrollmentId: ids[0] }, new Date(T0.getTime() + 3 * DAY)),
      );
    expect(d).toMatchObject({ action: "block", gate: 5, reason: "reply_pending_triage" });
  });
});

describe("the reply policy (issue 56 item 1)", () => {
  it("by default pauses the contact's other campaigns 14 days (a reply waiting for a person holds them) and leaves colleagues alone", async () => {
    const { contactId, ids } = await enrolled(["bdr_a", "bdr_b"]);
    const colleague = await addContact(db(), t.clientId, `Colleague ${++n}`);
    await db()
      .updateTable("contacts")
      .set({
        account_id: (
          await db()
            .selectFrom("contacts")
            .select("account_id")
            .where("contact_id", "=", contactId)
            .executeTakeFirstOrThrow()
        ).account_id,
      })
      .where("contact_id", "=", colleague)
      .execute();
    const col = await enrolled(["bdr_a"], colleague);
    // a reply a person decides holds every campaign until then (issue 72: a stop the reading missed)
    const held = await reply(contactId, "other hello", T0, ids[0]);
    expect(held.policy_effects).toEqual([]);
    expect(await enrollment(ids[1])).toMatchObject({ status: "paused", hold_reason: "reply_pending_triage" });
    // a reply Baton decides alone applies the policy: other campaigns pause 14 days
    const two = await enrolled(["bdr_a", "bdr_b"]);
    const r = await reply(two.contactId, "not_interested~0.97 No thanks", T0, two.ids[0]);
    expect(r.policy_effects).toMatchObject([
      { enrollment_id: two.ids[1], scope: "other_campaigns", effect: "paused" },
    ]);
    const other = await enrollment(two.ids[1]);
    expect(other).toMatchObject({ status: "paused", hold_reason: "reply_policy" });
    expect(new Date(other.paused_until!).getTime()).toBe(T0.getTime() + 14 * DAY);
    expect((await enrollment(col.ids[0])).status).toBe("active");
  });

  it("stops colleagues' enrollments in this campaign when the campaign says so, each effect logged", async () => {
    await createCampaign(
      db(),
      t.revops,
      {
        slug: "abm_d",
        name: "abm_d",
        type: "nurture",
        owner_role: "roles.bdr",
        kind: "nurture",
        approval_policy: "auto_send",
        steps,
        reply_policy: { other_campaigns: { action: "nothing" }, colleagues: { action: "stop" } },
      },
      T0,
    );
    const { contactId, ids } = await enrolled(["abm_d", "bdr_b"]);
    const account = (
      await db()
        .selectFrom("contacts")
        .select("account_id")
        .where("contact_id", "=", contactId)
        .executeTakeFirstOrThrow()
    ).account_id;
    const colleague = await addContact(db(), t.clientId, `Colleague ${++n}`);
    await db()
      .updateTable("contacts")
      .set({ account_id: account })
      .where("contact_id", "=", colleague)
      .execute();
    const col = await enrolled(["abm_d", "bdr_a"], colleague);
    const r = await reply(contactId, "not_interested no thanks", T0, ids[0]);
    expect(r.action).toBe("exited");
    expect(r.policy_effects).toMatchObject([
      { enrollment_id: col.ids[0], scope: "colleagues", effect: "stopped" },
    ]);
    expect((await enrollment(ids[1])).status).toBe("active"); // other campaigns: nothing
    expect((await enrollment(col.ids[0])).status).toBe("cancelled");
    expect((await enrollment(col.ids[1])).status).toBe("active"); // another campaign of the colleague
    const ev = await db()
      .selectFrom("cadence_event_log")
      .select(["event_type", "resolution"])
      .where("enrollment_id", "=", col.ids[0])
      .where("resolution", "=", "reply_policy")
      .execute();
    expect(ev).toEqual([{ event_type: "exit", resolution: "reply_policy" }]);
  });

  it("refuses an invalid policy", async () => {
    await expect(
      createCampaign(
        db(),
        t.revops,
        {
          slug: "bad_policy",
          name: "x",
          type: "nurture",
          owner_role: "roles.bdr",
          kind: "nurture",
          steps,
          reply_policy: { other_campaigns: { action: "pause" } } as never,
        },
        T0,
      ),
    ).rejects.toMatchObject({ code: "CAMPAIGN_REPLY_POLICY_INVALID" });
  });
});

describe("triage decisions (issue 56 item 2)", () => {
  const held = async (text = "other hm", campaigns = ["bdr_a"]) => {
    const e = await enrolled(campaigns);
    const r = await reply(e.contactId, text, T0, e.ids[0]);
    return { ...e, replyId: r.reply_id };
  };
  const later = new Date(T0.getTime() + DAY);

  it("reads one reply with its own words, the quoted original folded, and a sentence per choice", async () => {
    const e = await enrolled();
    const r = await reply(
      e.contactId,
      "other Who are you?\n\nOn Mon, 2 Mar 2026 at 10:00, Baton <x@y> wrote:\n> Hi there",
    );
    const one = await getTriageReply(db(), t.rep, r.reply_id);
    expect(one.own_text).toBe("other Who are you?");
    expect(one.quoted_text).toMatch(/^On Mon/);
    expect(one.choices.map((c) => c.decision)).toEqual([
      "continue",
      "exit",
      "opt_out",
      "later",
      "referral",
      "handoff",
      "not_a_reply",
    ]);
    expect(one.choices.every((c) => c.effect.length > 20)).toBe(true);
    expect((await countTriage(db(), t.rep)).pending).toBeGreaterThan(0);
  });

  it("continue resumes the held enrollment; a second decider gets 409; the same one again gets the stored outcome", async () => {
    const h = await held();
    const d = await decideReply(db(), t.rep, { replyId: h.replyId, decision: "continue" }, later);
    expect(d.effects.resumed).toEqual([h.ids[0]]);
    expect(await enrollment(h.ids[0])).toMatchObject({ status: "active", hold_reason: null });
    await expect(
      decideReply(db(), t.revops, { replyId: h.replyId, decision: "exit", exitReason: "rejected" }, later),
    ).rejects.toMatchObject({ code: "REPLY_ALREADY_DECIDED" });
    const again = await decideReply(db(), t.rep, { replyId: h.replyId, decision: "continue" }, later);
    expect(again.effects.resumed).toEqual([h.ids[0]]);
    const ev = await db()
      .selectFrom("cadence_event_log")
      .select(["details", "play_id"])
      .where("event_type", "=", "reply_decided")
      .where("contact_id", "=", h.contactId)
      .execute();
    expect(ev).toHaveLength(1);
    expect(ev[0].details).toMatchObject({
      decision: "continue",
      intent: "other",
      agreed: true,
      classifier: { intent: "other" },
    });
  });

  it("exit: a positive reason runs on_exit; an agent may not take it", async () => {
    const h = await held("interested~0.5 sounds good");
    await expect(
      decideReply(db(), t.agt301, { replyId: h.replyId, decision: "exit", exitReason: "converted" }, later),
    ).rejects.toMatchObject({ code: "REPLY_DECISION_FORBIDDEN" });
    const d = await decideReply(
      db(),
      t.rep,
      { replyId: h.replyId, decision: "exit", exitReason: "converted" },
      later,
    );
    expect(d.effects.exit).toMatchObject({
      status: "converted",
      next: { kind: "enrolled", campaign: "mkt_c" },
    });
    expect(d.reply.decision).toMatchObject({ decision: "exit", intent: "interested" });
  });

  it("opt_out runs the coordinator's opt-out", async () => {
    const h = await held("unsubscribe!~0.5 please no more", ["bdr_a", "bdr_b"]);
    await expect(
      decideReply(db(), t.agt301, { replyId: h.replyId, decision: "continue" }, later),
    ).rejects.toMatchObject({ code: "REPLY_DECISION_FORBIDDEN" });
    await decideReply(db(), t.agt301, { replyId: h.replyId, decision: "opt_out" }, later);
    for (const id of h.ids) expect((await enrollment(id)).status).toBe("opted_out");
  });

  it("later pauses until the date read (or given), then the engine resumes it", async () => {
    const h = await held("later~0.5 ask me in May");
    await expect(
      decideReply(db(), t.rep, { replyId: h.replyId, decision: "later" }, later),
    ).rejects.toMatchObject({ code: "REPLY_DECISION_INVALID" });
    const until = new Date("2026-05-04T09:00:00Z");
    const d = await decideReply(db(), t.rep, { replyId: h.replyId, decision: "later", until }, later);
    expect(d.effects.paused_until).toBe(until.toISOString());
    expect(await enrollment(h.ids[0])).toMatchObject({ status: "paused", hold_reason: "reply_later" });
  });

  it("referral opens a contact at the same account, proposed to the exec; the replier exits", async () => {
    const h = await held("referral ana.ruiz@acme.test talk to Ana");
    const d = await decideReply(db(), t.rep, { replyId: h.replyId, decision: "referral" }, later);
    expect(d.effects.referral).toMatchObject({ created: true });
    expect(d.effects.exit).toMatchObject({
      status: "exited",
      reason: "disqualified",
      next: { kind: "none" },
    });
    const c = await db()
      .selectFrom("contacts")
      .selectAll()
      .where("contact_id", "=", d.effects.referral!.contact_id)
      .executeTakeFirstOrThrow();
    const replier = await db()
      .selectFrom("contacts")
      .selectAll()
      .where("contact_id", "=", h.contactId)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      email: "ana.ruiz@acme.test",
      full_name: "Ana Ruiz",
      account_id: replier.account_id,
    });
    const ho = await db()
      .selectFrom("campaign_handoffs")
      .selectAll()
      .where("id", "=", d.effects.referral!.handoff_id)
      .executeTakeFirstOrThrow();
    expect(ho).toMatchObject({
      status: "open",
      contact_id: c.contact_id,
      exit_reason: "referral",
      gate_role: "exec",
    });
    // nothing enrolled before the exec routes it
    expect(
      await db()
        .selectFrom("campaign_contacts")
        .select("id")
        .where("contact_id", "=", c.contact_id)
        .execute(),
    ).toEqual([]);
  });

  it("handoff ends the enrollment into the exec's gate", async () => {
    const h = await held();
    const d = await decideReply(db(), t.rep, { replyId: h.replyId, decision: "handoff" }, later);
    expect(d.effects.handoff_id).toBeTruthy();
    expect((await enrollment(h.ids[0])).status).toBe("exited");
  });

  it("not_a_reply resumes, and is labelled automatic mail", async () => {
    const h = await held();
    const d = await decideReply(db(), t.agt301, { replyId: h.replyId, decision: "not_a_reply" }, later);
    expect(d.effects.resumed).toEqual([h.ids[0]]);
    expect(d.reply.decision).toMatchObject({ intent: "out_of_office" });
  });

  it("bulk: one decision for many, each its own result", async () => {
    const a = await held();
    const b = await held();
    const out = await decideReplies(
      db(),
      t.revops,
      [a.replyId, b.replyId, a.replyId],
      { decision: "continue" },
      later,
    );
    // the same principal's same decision again is its stored outcome (idempotent)
    expect(out.map((x) => ("code" in x ? x.code : "ok"))).toEqual(["ok", "ok", "ok"]);
    const other = await decideReplies(db(), t.slm, [a.replyId], { decision: "continue" }, later);
    expect(other.map((x) => ("code" in x ? x.code : "ok"))).toEqual(["REPLY_ALREADY_DECIDED"]);
  });

  it("a rep sees only the campaigns its role owns; a reply held by another pending reply stays held", async () => {
    const e = await enrolled(["mkt_c"]);
    const r = await reply(e.contactId, "other hm");
    await expect(getTriageReply(db(), t.rep, r.reply_id)).rejects.toMatchObject({ code: "REPLY_NOT_FOUND" });
    expect((await getTriageReply(db(), t.revops, r.reply_id)).reply_id).toBe(r.reply_id);
    const r2 = await reply(e.contactId, "other and?");
    await decideReply(db(), t.revops, { replyId: r.reply_id, decision: "continue" }, later);
    expect((await enrollment(e.ids[0])).status).toBe("paused");
    await decideReply(db(), t.revops, { replyId: r2.reply_id, decision: "continue" }, later);
    expect((await enrollment(e.ids[0])).status).toBe("active");
  });

  it("exports the labelled examples as JSONL and the agreement per intent and language", async () => {
    const xs = await listReplyExamples(db(), t.revops);
    expect(xs.length).toBeGreaterThan(5);
    const lines = examplesJsonl(xs)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toHaveProperty("classifier.intent");
    expect(lines[0]).toHaveProperty("decided_by.principal_id");
    const a = await replyAgreement(db(), t.revops);
    expect(a.overall.decided).toBe(xs.length);
    expect(a.items.find((x) => x.intent === "other")!.rate).toBeGreaterThan(0);
  });
});

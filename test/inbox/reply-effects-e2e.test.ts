// Issue 56 "Must show": an end-to-end test per effect of a reply, on PostgreSQL and a real Dovecot.
// Step 1 goes out through the engine; the prospect's reply (a Gmail reply whose words Baton cannot
// decide alone: "Who are you?") arrives by IMAP APPEND and the inbox worker (IDLE) records it: the
// enrollment is held (paused, hold reason reply_pending_triage) and the reply waits in the triage
// queue; a due step then sends nothing. A person decides, and each decision has its effect:
// continue (the next step goes), exit, opt out, later (paused until the date), referral (a new
// contact proposed to the exec) and hand off (the exec's gate).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { decideReply } from "../../src/campaigns/triage/decide-reply.ts";
import { listTriage } from "../../src/campaigns/triage/read-triage.ts";
import type { TriageDecisionKind } from "../../src/campaigns/triage/triage-decisions.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import type { InboxWorker } from "../../src/inbox/inbox-worker.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { buildMail } from "../fixtures/mail/fixtures.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import {
  addDovecotInbox,
  emailStep,
  startTestInboxWorker,
  stepOneSends,
  waitMailboxConnected,
} from "../support/inbox-e2e.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const DAY = 86_400_000;
const SECRET = "reply-effects-secret";
const MAILBOX = "rep@effects.test";
const PASSWORD = "s3cret-pw";
const AUTHSERV = "mx.effects.test";
const EFFECTS = ["continue", "exit", "opt_out", "later", "referral", "handoff"] as const;
const GMAIL_TEXT = "Yes, this sounds interesting. Happy to hear more.";
const UNSURE = "Who are you?";

describeNeeds(["postgres", "dovecot"], "reply effects end to end (IMAP → hold → triage decision)", () => {
  let database: Database;
  let deps: EngineDeps;
  let t: Tenant;
  let dovecot: DovecotServer;
  let worker: InboxWorker;
  const started = Date.now();
  const clock = () => new Date(T0.getTime() + 3_600_000 + (Date.now() - started));
  const people: Record<string, { id: string; email: string; enrollment: string; messageId: string }> = {};
  const db = () => database.db;
  const enrollment = (id: string) =>
    db().selectFrom("campaign_contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    dovecot = await startDovecot();
    dovecot.addUser(MAILBOX, PASSWORD);
    database = await ownServerTestDatabase("replyfx", 10);
    deps = await engineDeps(database);
    t = await createTenant(db(), "fx");
    await createCampaign(
      db(),
      t.revops,
      {
        slug: "fx_nurture",
        name: "Nurture",
        type: "onboarding",
        owner_role: "roles.bdr",
        kind: "nurture",
        approval_policy: "auto_send",
        on_exit: { meeting: { gate: "exec" } },
        steps: [emailStep(1, 0), emailStep(2, 2), emailStep(3, 5)],
      },
      T0,
    );
    for (const effect of EFFECTS) {
      const id = await addContact(db(), t.clientId, `Pat ${effect}`);
      const r = await enrollContact(db(), t.exec, { campaign: "fx_nurture", contactId: id }, T0);
      people[effect] = { id, email: "", enrollment: r.enrollment_id!, messageId: "" };
    }
    await runUntil(deps, t, T0, T0);
    const sent = await stepOneSends(db(), [t.clientId]);
    for (const p of Object.values(people)) {
      const s = sent.find((x) => x.contact_id === p.id)!;
      expect(s.status).toBe("sent");
      p.messageId = s.message_id!;
      p.email = s.to_address;
    }
    await addDovecotInbox(
      db(),
      t.admin,
      dovecot,
      {
        secret: SECRET,
        mailbox: MAILBOX,
        auth: { kind: "password", password: PASSWORD },
        trustedAuthservIds: [AUTHSERV],
      },
      T0,
    );
    worker = startTestInboxWorker(db(), {
      workerId: "fx",
      maxMailboxes: 5,
      secret: SECRET,
      clock,
      clientIds: [t.clientId],
    });
    await waitMailboxConnected(db(), t.revops, clock, MAILBOX);
    // every person replies the same unsure words; each reply is held and waits for a person
    let seq = 0;
    for (const [name, p] of Object.entries(people)) {
      const raw = buildMail("gmail-reply", {
        mailbox: MAILBOX,
        contact: p.email,
        contactName: `Pat ${name}`,
        originalMessageId: p.messageId,
        seq: `fx-${++seq}`,
      }).replaceAll(GMAIL_TEXT, UNSURE);
      const domain = p.email.split("@")[1];
      await dovecot.append(
        MAILBOX,
        PASSWORD,
        `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${p.email}; dmarc=pass header.from=${domain}\r\n${raw}`,
      );
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const n = await db()
        .selectFrom("campaign_replies")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("client_id", "=", t.clientId)
        .executeTakeFirstOrThrow();
      if (Number(n.n) >= EFFECTS.length) break;
      if (Date.now() > deadline) throw new Error(`only ${n.n} replies recorded`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await dovecot?.stop();
  });

  const replyOf = async (effect: string) =>
    (await listTriage(db(), t.rep, { contactId: people[effect].id })).items[0];
  const touches = async (enrollmentId: string) =>
    (
      await db()
        .selectFrom("cadence_event_log")
        .select("event_id")
        .where("enrollment_id", "=", enrollmentId)
        .where("event_type", "=", "touch")
        .execute()
    ).length;
  const decide = (effect: (typeof EFFECTS)[number], extra: Record<string, unknown> = {}) =>
    replyOf(effect).then((r) =>
      decideReply(
        db(),
        t.rep,
        { replyId: r.reply_id, decision: effect as TriageDecisionKind, ...extra },
        clock(),
      ),
    );

  it("every reply is held for a person: the quoted original folded, and the held step does not go", async () => {
    for (const effect of EFFECTS) {
      const r = await replyOf(effect);
      expect(r).toMatchObject({
        status: "pending",
        hold_reason: "reply_pending_triage",
        excerpt: UNSURE,
        subject: "Re: Quick question",
      });
      expect(await enrollment(people[effect].enrollment)).toMatchObject({ status: "paused" });
    }
    // step 2 falls due two days later: nothing goes to anyone who replied
    await runEngineOnce(deps, new Date(T0.getTime() + 2 * DAY + 3_600_000), { workerId: "w", batch: 100 });
    for (const effect of EFFECTS) expect(await touches(people[effect].enrollment)).toBe(1);
  });

  it("continue: the enrollment resumes and its next step goes", async () => {
    const d = await decide("continue");
    expect(d.effects.resumed).toEqual([people.continue.enrollment]);
    await runEngineOnce(deps, new Date(T0.getTime() + 2 * DAY + 7_200_000), { workerId: "w", batch: 100 });
    expect(await touches(people.continue.enrollment)).toBe(2);
  });

  it("exit: the enrollment ends with the reason given", async () => {
    await decide("exit", { exitReason: "rejected" });
    expect(await enrollment(people.exit.enrollment)).toMatchObject({ status: "rejected" });
  });

  it("opt out: the contact is opted out everywhere", async () => {
    await decide("opt_out");
    expect(await enrollment(people.opt_out.enrollment)).toMatchObject({ status: "opted_out" });
    const c = await db()
      .selectFrom("contacts")
      .select("unsubscribe_flag")
      .where("contact_id", "=", people.opt_out.id)
      .executeTakeFirstOrThrow();
    expect(c.unsubscribe_flag).toBe(true);
  });

  it("later: paused until the date chosen, then resumed by the engine", async () => {
    const until = new Date(T0.getTime() + 30 * DAY);
    await decide("later", { until });
    expect(await enrollment(people.later.enrollment)).toMatchObject({
      status: "paused",
      hold_reason: "reply_later",
    });
    await runEngineOnce(deps, new Date(until.getTime() + 60_000), { workerId: "w", batch: 100 });
    expect(await enrollment(people.later.enrollment)).toMatchObject({ status: "active", hold_reason: null });
  });

  it("referral: a new contact at the same account, proposed to the exec; nothing sent to it", async () => {
    const d = await decide("referral", { referral: { name: "Ana Colleague", email: "ana@colleague.test" } });
    const h = await db()
      .selectFrom("campaign_handoffs")
      .selectAll()
      .where("id", "=", d.effects.referral!.handoff_id)
      .executeTakeFirstOrThrow();
    expect(h).toMatchObject({
      status: "open",
      contact_id: d.effects.referral!.contact_id,
      exit_reason: "referral",
    });
    expect(await enrollment(people.referral.enrollment)).toMatchObject({
      status: "exited",
      exit_reason: "disqualified",
    });
  });

  it("hand off: the enrollment ends into the exec's gate", async () => {
    const d = await decide("handoff");
    const h = await db()
      .selectFrom("campaign_handoffs")
      .selectAll()
      .where("id", "=", d.effects.handoff_id!)
      .executeTakeFirstOrThrow();
    expect(h).toMatchObject({ status: "open", contact_id: people.handoff.id, gate_role: "exec" });
  });
});

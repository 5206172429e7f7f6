// issue 35 "Must show", on PostgreSQL and a real Dovecot: forged mail appended to the mailbox opts no
// one out, exits no one and routes nothing, and holds the contact's sends until a person decides
// (issue 56 item 1: any person's reply stops automatic touches); nothing else changes. The same
// messages properly authenticated act.
//   - a forged From saying unsubscribe: the contact's sends pause at once, nothing is opted out
//     until a person confirms through the API (or resumes them);
//   - a reply quoting a real Message-ID from another address: nothing converts, nothing routes, the
//     quoted contact's sends are held (reply_pending_review) until a person dismisses it;
//   - an unauthenticated reply a person applies: the hold released and process_reply run in one
//     transaction (a sure interest converts and routes; an unsure one goes to triage, which holds);
//   - a bounce with no matching send, a bounce naming another tenant's address (its Message-ID or
//     its VERP return path), a complaint with no matching send: kept as unmatched, nothing changes;
//   - authenticated: a trusted receiver's Authentication-Results (stop → opted out at once), a DKIM
//     signature Baton verifies itself with an injected DNS resolver (interested, a person's yes → converted, on_exit
//     routes; the same message signed with another key changes nothing), a bounce at its VERP
//     return path (suppressed), an ARF complaint proving a send (suppressed, enrollments end, the
//     mailbox's complaint rate passes 0.3 % and it pauses its sending, shown by the API).
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import { verpAddress, verpMessageId } from "../../src/channels/verp-address.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import type { InboxWorker } from "../../src/inbox/inbox-worker.ts";
import { listMailboxStates } from "../../src/inbox/read-mailbox-state.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { buildMail } from "../fixtures/mail/fixtures.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { openEveryClass } from "../support/automation.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { dkimSignVerified } from "../support/dkim-test-sign.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import {
  addDovecotInbox,
  createReplyCampaigns,
  plainReply,
  startTestInboxWorker,
  stepOneSends,
} from "../support/inbox-e2e.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const SECRET = "inbound-trust-secret";
// the dev channel's sending mailbox: the same mailbox sends and is read, as a rep's does
const MAILBOX = "baton@localhost";
const PASSWORD = "trust-pw";
const AUTHSERV = "mx.trust.test";

// the buyers' domain publishes a DKIM key; the forger has a key of their own
const realKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const forgerKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = (k: typeof realKey) => k.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const dns = new Map<string, string>([
  [
    "sel1._domainkey.buyer.example",
    `v=DKIM1; k=rsa; p=${realKey.publicKey.export({ type: "spki", format: "der" }).toString("base64")}`,
  ],
]);
const resolver = async (name: string, rr: string) => {
  const txt = rr === "TXT" ? dns.get(name.toLowerCase()) : undefined;
  if (!txt) throw Object.assign(new Error(`no ${rr} for ${name}`), { code: "ENOTFOUND" });
  return [txt.match(/.{1,255}/g) as string[]];
};

const NAMES = [
  "Fred Forged",
  "Gus Resumed",
  "Quinn Quoted",
  "Ben Bounce",
  "Cara Complaint",
  "Alice Auth",
  "Dan Dkim",
  "Vera Verp",
  "Carl Complains",
  "Ann Applied",
  "Tom Triage",
] as const;
type Name = (typeof NAMES)[number];

const reply = (o: {
  from: string;
  to?: string;
  inReplyTo?: string;
  text: string;
  seq: string;
  headers?: string[];
}) => plainReply({ ...o, to: o.to ?? MAILBOX, messageIdDomain: "mail.example.net" });

async function signed(raw: string, privateKey: string): Promise<string> {
  const r = await dkimSignVerified(raw, {
    canonicalization: "relaxed/relaxed",
    signatureData: [{ signingDomain: "buyer.example", selector: "sel1", privateKey }],
  });
  return r.signatures + raw;
}

/** An ARF report (RFC 5965) as mailbox providers' feedback loops send them. */
function arf(o: { complainant: string; originalMessageId: string; seq: string; mailFrom?: string }): string {
  const b = "arf-boundary-1";
  return [
    "From: Feedback Loop <fbl@isp.example>",
    `To: ${MAILBOX}`,
    "Subject: Complaint about message",
    "Date: Mon, 02 Mar 2026 17:00:00 +0000",
    `Message-ID: <arf-${o.seq}@isp.example>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"`,
    "",
    `--${b}`,
    'Content-Type: text/plain; charset="us-ascii"',
    "",
    "This is an email abuse report for an email message received from IP 192.0.2.1.",
    "",
    `--${b}`,
    "Content-Type: message/feedback-report",
    "",
    "Feedback-Type: abuse",
    "User-Agent: SomeGenerator/1.0",
    "Version: 1",
    ...(o.mailFrom ? [`Original-Mail-From: <${o.mailFrom}>`] : []),
    `Original-Rcpt-To: <${o.complainant}>`,
    "Arrival-Date: Mon, 02 Mar 2026 15:05:00 +0000",
    "Source-IP: 192.0.2.1",
    "",
    `--${b}`,
    "Content-Type: message/rfc822",
    "",
    `From: ${MAILBOX}`,
    `To: ${o.complainant}`,
    "Subject: Quick question",
    `Message-ID: ${o.originalMessageId}`,
    "",
    "Hi, quick question about your plans for the year.",
    "",
    `--${b}--`,
    "",
  ].join("\r\n");
}

describeNeeds(
  ["postgres", "dovecot"],
  "inbound trust (forged mail opts no one out, exits no one, and holds the contact's sends until a person decides; authenticated mail acts)",
  () => {
    let database: Database;
    let deps: EngineDeps;
    let t: Tenant;
    let other: Tenant;
    let dovecot: DovecotServer;
    let worker: InboxWorker;
    let h: TestApp;
    const started = Date.now();
    const clock = () => new Date(T0.getTime() + 3_600_000 + (Date.now() - started));
    const c = {} as Record<Name, { id: string; email: string; enrollment: string; messageId: string }>;
    const stranger = { id: "", email: "", messageId: "" };

    const processed = async (n: number, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await database.db
          .selectFrom("inbox_messages")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("client_id", "=", t.clientId)
          .executeTakeFirstOrThrow();
        if (Number(r.n) >= n) return;
        if (Date.now() > until) throw new Error(`only ${r.n} of ${n} messages processed`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    let appended = 0;
    const append = async (raw: string) => {
      appended++;
      await dovecot.append(MAILBOX, PASSWORD, raw);
      await processed(appended);
      return database.db
        .selectFrom("inbox_messages")
        .selectAll()
        .where("client_id", "=", t.clientId)
        .where("uid", "=", String(appended))
        .executeTakeFirstOrThrow();
    };
    const enrollment = (id: string) =>
      database.db.selectFrom("campaign_contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const contact = (id: string) =>
      database.db
        .selectFrom("contacts")
        .select(["unsubscribe_flag", "opt_out_flag"])
        .where("contact_id", "=", id)
        .executeTakeFirstOrThrow();
    const suppressed = async (clientId: string, email: string) =>
      database.db
        .selectFrom("suppressions")
        .select(["source", "reason"])
        .where("client_id", "=", clientId)
        .where("value", "=", email.toLowerCase())
        .executeTakeFirst();
    // a person's yes in triage (issue 72 item 1: a positive exit that chains on waits for one)
    const confirmYes = async (replyId: string) => {
      const r = await h.app.inject({
        method: "POST",
        url: `/api/v1/replies/triage/${replyId}/decide`,
        headers: t.revops.auth,
        payload: { decision: "exit", exit_reason: "converted" },
      });
      expect(r.statusCode, r.body).toBe(200);
    };
    const nextCampaign = (contactId: string) =>
      database.db
        .selectFrom("campaign_contacts as e")
        .innerJoin("campaigns as k", (j) =>
          j.onRef("k.client_id", "=", "e.client_id").onRef("k.id", "=", "e.campaign_id"),
        )
        .select("e.status")
        .where("e.contact_id", "=", contactId)
        .where("k.slug", "=", "trust_next")
        .execute();
    const replies = (contactId: string) =>
      database.db.selectFrom("campaign_replies").selectAll().where("contact_id", "=", contactId).execute();
    const trustEvents = (contactId: string) =>
      database.db
        .selectFrom("cadence_event_log")
        .select(["resolution", "details", "actor_principal_id"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", contactId)
        .where("event_type", "=", "inbound_trust")
        .orderBy("event_id")
        .execute();
    /**
     * what nothing-changed looks like for one contact; held: a forged person's reply holds their
     * sends until a person decides (issue 56 item 1), and that is all it does
     */
    const untouched = async (who: Name, held = false) => {
      expect(await enrollment(c[who].enrollment)).toMatchObject(
        held
          ? { status: "paused", paused_until: null, hold_reason: "reply_pending_review" }
          : { status: "active", hold_reason: null },
      );
      expect(await contact(c[who].id)).toEqual({ unsubscribe_flag: false, opt_out_flag: false });
      expect(await suppressed(t.clientId, c[who].email)).toBeUndefined();
      expect(await replies(c[who].id)).toEqual([]);
      expect(await nextCampaign(c[who].id)).toEqual([]);
    };
    const trusted = `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=buyer.example; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example`;

    beforeAll(async () => {
      dovecot = await startDovecot();
      dovecot.addUser(MAILBOX, PASSWORD);
      database = await ownServerTestDatabase("inboundtrust", 10);
      deps = await engineDeps(database);
      h = await testApp(database);
      t = await createTenant(database.db, "trust");
      // the team has earned automation: a sure reading acts alone (issue 72 item 1)
      await openEveryClass(database.db, t.clientId);
      other = await createTenant(database.db, "other");
      for (const tenant of [t, other])
        await createReplyCampaigns(
          database.db,
          tenant.revops,
          { close: "trust_close", next: "trust_next" },
          T0,
        );
      for (const name of NAMES) {
        const slug = name.toLowerCase().replace(/[^a-z]+/g, ".");
        const id = await addContact(database.db, t.clientId, name, { email: `${slug}@buyer.example` });
        const r = await enrollContact(database.db, t.exec, { campaign: "trust_close", contactId: id }, T0);
        c[name] = { id, email: `${slug}@buyer.example`, enrollment: r.enrollment_id!, messageId: "" };
      }
      stranger.id = await addContact(database.db, other.clientId, "Olga Other", {
        email: "olga@else.example",
      });
      await enrollContact(database.db, other.exec, { campaign: "trust_close", contactId: stranger.id }, T0);
      await runUntil(deps, t, T0, T0);
      await runUntil(deps, other, T0, T0);
      const sent = await stepOneSends(database.db, [t.clientId, other.clientId]);
      for (const x of Object.values(c)) {
        const s = sent.find((r) => r.contact_id === x.id)!;
        expect(s.status).toBe("sent");
        x.messageId = s.message_id!;
      }
      stranger.messageId = sent.find((r) => r.contact_id === stranger.id)!.message_id!;
      stranger.email = "olga@else.example";
      await addDovecotInbox(
        database.db,
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
      worker = startTestInboxWorker(database.db, {
        workerId: "trust",
        maxMailboxes: 2,
        secret: SECRET,
        clock,
        clientIds: [t.clientId],
        dnsResolver: resolver,
      });
    }, 120_000);

    afterAll(async () => {
      await worker?.stop();
      await h?.close();
      await database?.close();
      await dovecot?.stop();
    });

    it("a forged From saying unsubscribe pauses that contact's sends at once; nothing is opted out until a person confirms through the API", async () => {
      const fred = c["Fred Forged"];
      // the receiving server says DMARC failed; below its trace line, the forger wrote a "pass" of
      // their own under the same authserv-id: only the receiver's own header (above the first
      // Received) counts, and its dmarc=fail is final
      const row = await append(
        reply({
          from: `Fred <${fred.email}>`,
          inReplyTo: fred.messageId,
          text: "Please unsubscribe me from this list.",
          seq: "forged-stop",
          headers: [
            `Authentication-Results: ${AUTHSERV}; dkim=none; spf=fail smtp.mailfrom=buyer.example; dmarc=fail header.from=buyer.example`,
            "Received: from attacker.example (attacker.example [203.0.113.66]) by mx.trust.test",
            `Authentication-Results: ${AUTHSERV}; dmarc=pass header.from=buyer.example`,
          ],
        }),
      );
      expect(row).toMatchObject({ kind: "untrusted", contact_id: fred.id });
      expect(row.outcome).toMatchObject({
        intent: "unsubscribe",
        action: "held_for_review",
        paused_enrollments: 1,
        inbound_trust: { trusted: false, matched: true, authenticated: false, check: "none" },
      });
      const e = await enrollment(fred.enrollment);
      expect(e).toMatchObject({ status: "paused", paused_until: null, hold_reason: "reply_pending_review" });
      expect(await contact(fred.id)).toEqual({ unsubscribe_flag: false, opt_out_flag: false });
      expect(await replies(fred.id)).toEqual([]);
      const [ev] = await trustEvents(fred.id);
      expect(ev!.resolution).toBe("untrusted");
      expect(ev!.details).toMatchObject({ matched: true, authenticated: false, check: "none" });
      expect((ev!.details as { why_not: string }).why_not).toContain(
        "mx.trust.test says dmarc=fail for buyer.example; nothing overrules it",
      );

      // the queue, over HTTP
      const list = await h.app.inject({ method: "GET", url: "/api/v1/inbound-reviews", headers: t.slm.auth });
      expect(list.statusCode).toBe(200);
      const review = list.json().items.find((r: { contact_id: string }) => r.contact_id === fred.id);
      expect(review).toMatchObject({
        status: "pending",
        stop_request: true,
        from: fred.email,
        classification: { kind: "reply", intent: "unsubscribe" },
        paused: [{ enrollment_id: fred.enrollment, paused_until: null }],
      });
      // agents and reps may not decide
      for (const who of [t.agt301, t.rep]) {
        const r = await h.app.inject({
          method: "POST",
          url: `/api/v1/inbound-reviews/${review.id}/apply`,
          headers: who.auth,
        });
        expect(r.statusCode).toBe(403);
      }
      expect(await contact(fred.id)).toEqual({ unsubscribe_flag: false, opt_out_flag: false });
      // RevOps confirms the opt-out
      const applied = await h.app.inject({
        method: "POST",
        url: `/api/v1/inbound-reviews/${review.id}/apply`,
        headers: t.revops.auth,
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toMatchObject({
        status: "applied",
        decided_by: t.revops.principalId,
        outcome: { intent: "unsubscribe", action: "opted_out" },
      });
      expect((await contact(fred.id)).unsubscribe_flag).toBe(true);
      expect((await enrollment(fred.enrollment)).status).toBe("opted_out");
      const again = await h.app.inject({
        method: "POST",
        url: `/api/v1/inbound-reviews/${review.id}/dismiss`,
        headers: t.revops.auth,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe("INBOUND_REVIEW_DECIDED");
      const events = await trustEvents(fred.id);
      expect(events.at(-1)).toMatchObject({
        resolution: "review_applied",
        actor_principal_id: t.revops.principalId,
      });
    });

    it("a forged stop request that a sales leader dismisses: the paused sends resume", async () => {
      const gus = c["Gus Resumed"];
      const row = await append(
        reply({
          from: gus.email,
          inReplyTo: gus.messageId,
          text: "Remove me. Stop emailing me.",
          seq: "gus",
        }),
      );
      expect(row.kind).toBe("untrusted");
      expect((row.outcome as { inbound_trust: { why_not: string } }).inbound_trust.why_not).toContain(
        "no Authentication-Results from mx.trust.test",
      );
      expect((await enrollment(gus.enrollment)).status).toBe("paused");
      const review = (
        await h.app.inject({
          method: "GET",
          url: `/api/v1/inbound-reviews?contact_id=${gus.id}`,
          headers: t.revops.auth,
        })
      ).json().items[0];
      const r = await h.app.inject({
        method: "POST",
        url: `/api/v1/inbound-reviews/${review.id}/dismiss`,
        headers: t.slm.auth,
      });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ status: "dismissed", outcome: { resumed: 1 } });
      await untouched("Gus Resumed");
    });

    it("a reply quoting a real Message-ID from another address converts nothing and routes nothing", async () => {
      const quinn = c["Quinn Quoted"];
      // authenticated, but as the forger's own domain
      const row = await append(
        reply({
          from: "mallory@evil.example",
          inReplyTo: quinn.messageId,
          text: "Yes, this sounds interesting. Happy to hear more.",
          seq: "quoted",
          headers: [`Authentication-Results: ${AUTHSERV}; dmarc=pass header.from=evil.example`],
        }),
      );
      expect(row).toMatchObject({ kind: "untrusted", matched_by: "in_reply_to", contact_id: quinn.id });
      expect(row.outcome).toMatchObject({
        intent: "interested",
        // issue 56 item 1: not a stop request, still a person's reply: Quinn's sends wait for a person
        action: "held_for_review",
        paused_enrollments: 1,
        inbound_trust: {
          trusted: false,
          matched: false,
          authenticated: true,
          check: "authentication_results",
        },
      });
      expect((row.outcome as { inbound_trust: { why_not: string } }).inbound_trust.why_not).toBe(
        `it quotes our send to ${quinn.email} but comes from mallory@evil.example`,
      );
      await untouched("Quinn Quoted", true);
      const review = (
        await h.app.inject({
          method: "GET",
          url: `/api/v1/inbound-reviews?contact_id=${quinn.id}`,
          headers: t.revops.auth,
        })
      ).json().items[0];
      expect(review).toMatchObject({
        status: "pending",
        stop_request: false,
        paused: [{ enrollment_id: quinn.enrollment, paused_until: null }],
      });
      // gate 5 says why nothing goes: the prospect's enrollments name the hold (issue 56 item 4)
      const listed = await h.app.inject({
        method: "GET",
        url: `/api/v1/contacts/${quinn.id}/enrollments`,
        headers: t.revops.auth,
      });
      expect(listed.json().items[0]).toMatchObject({ status: "paused", hold_reason: "reply_pending_review" });
      // a person dismisses it: exactly what it held resumes, and nothing else happened
      const r = await h.app.inject({
        method: "POST",
        url: `/api/v1/inbound-reviews/${review.id}/dismiss`,
        headers: t.revops.auth,
      });
      expect(r.json()).toMatchObject({ status: "dismissed", outcome: { resumed: 1 } });
      await untouched("Quinn Quoted");
    });

    it("an untrusted reply a person applies: its hold released and process_reply run as it would have, in one transaction", async () => {
      const ann = c["Ann Applied"];
      const tom = c["Tom Triage"];
      const row = await append(
        reply({
          from: ann.email,
          inReplyTo: ann.messageId,
          text: "Yes, this sounds interesting. Happy to hear more.",
          seq: "ann",
        }),
      );
      expect(row.outcome).toMatchObject({ intent: "interested", action: "held_for_review" });
      await untouched("Ann Applied", true);
      const reviewOf = async (contactId: string) =>
        (
          await h.app.inject({
            method: "GET",
            url: `/api/v1/inbound-reviews?contact_id=${contactId}`,
            headers: t.revops.auth,
          })
        ).json().items[0];
      const applied = await h.app.inject({
        method: "POST",
        url: `/api/v1/inbound-reviews/${(await reviewOf(ann.id)).id}/apply`,
        headers: t.revops.auth,
      });
      // applied as process_reply would: a sure yes on a campaign whose on_exit chains into the next
      // waits for a person's yes (issue 72 item 1); the person's exit then routes as before
      expect(applied.json()).toMatchObject({
        status: "applied",
        outcome: { resumed: 1, intent: "interested", action: "held" },
      });
      await confirmYes(applied.json().outcome.reply_id);
      expect((await enrollment(ann.enrollment)).status).toBe("converted");
      expect(await nextCampaign(ann.id)).toHaveLength(1);
      // an unsure reading applied goes to triage, which holds the enrollment it answers in turn
      await append(
        reply({ from: tom.email, inReplyTo: tom.messageId, text: "What is this about?", seq: "tom" }),
      );
      await untouched("Tom Triage", true);
      const r = await h.app.inject({
        method: "POST",
        url: `/api/v1/inbound-reviews/${(await reviewOf(tom.id)).id}/apply`,
        headers: t.slm.auth,
      });
      expect(r.json()).toMatchObject({ status: "applied", outcome: { resumed: 1, action: "held" } });
      expect(await enrollment(tom.enrollment)).toMatchObject({
        status: "paused",
        paused_until: null,
        hold_reason: "reply_pending_triage",
      });
      expect(await replies(tom.id)).toMatchObject([{ triage: "pending", action: "held" }]);
      expect(await contact(tom.id)).toEqual({ unsubscribe_flag: false, opt_out_flag: false });
    });

    it("a bounce with no matching send, and one naming another tenant's address, change nothing", async () => {
      const ben = c["Ben Bounce"];
      const before = await listMailboxStates(database.db, t.admin, clock(), MAILBOX);
      // a 5.1.1 DSN for Ben whose original Message-ID is no send of ours
      const none = await append(
        buildMail("postfix-dsn", {
          mailbox: MAILBOX,
          contact: ben.email,
          originalMessageId: "<never-sent@trust.test>",
          seq: "nomatch",
        }),
      );
      expect(none).toMatchObject({ kind: "unmatched", contact_id: null });
      expect((none.outcome as { why_not: string }).why_not).toMatch(/^it proves no send of ours/);
      // the DSN names Ben but quotes Fred's real Message-ID: a send to someone else
      const wrong = await append(
        buildMail("postfix-dsn", {
          mailbox: MAILBOX,
          contact: ben.email,
          originalMessageId: c["Quinn Quoted"].messageId,
          seq: "wrongrcpt",
        }),
      );
      expect(wrong.kind).toBe("unmatched");
      // another tenant's send: its Message-ID, then its (valid, but not ours) VERP return path
      const theirs = await append(
        buildMail("postfix-dsn", {
          mailbox: MAILBOX,
          contact: stranger.email,
          originalMessageId: stranger.messageId,
          seq: "othertenant",
        }),
      );
      expect(theirs.kind).toBe("unmatched");
      const theirVerp = verpAddress(SECRET, other.clientId, stranger.messageId)!;
      expect(verpMessageId(SECRET, other.clientId, theirVerp)).toBe(stranger.messageId);
      const theirsVerp = await append(
        buildMail("postfix-dsn", {
          mailbox: MAILBOX,
          contact: stranger.email,
          originalMessageId: "<x@y>",
          seq: "otherverp",
        }).replace(/^To: .*$/m, `To: ${theirVerp}`),
      );
      expect(theirsVerp.kind).toBe("unmatched");
      await untouched("Ben Bounce");
      await untouched("Quinn Quoted");
      expect(await suppressed(t.clientId, stranger.email)).toBeUndefined();
      expect(await suppressed(other.clientId, stranger.email)).toBeUndefined();
      const [after] = await listMailboxStates(database.db, t.admin, clock(), MAILBOX);
      expect(Number(after!.inbox!.unmatched_count) - Number(before[0]!.inbox!.unmatched_count)).toBe(4);
    });

    it("a complaint with no matching send changes nothing", async () => {
      const cara = c["Cara Complaint"];
      const row = await append(
        arf({ complainant: cara.email, originalMessageId: "<not-ours@x>", seq: "cara" }),
      );
      expect(row.kind).toBe("unmatched");
      expect(row.outcome).toMatchObject({ inbound_trust: { trusted: false } });
      await untouched("Cara Complaint");
    });

    it("authenticated by the trusted receiver's Authentication-Results, a stop request opts out at once", async () => {
      const alice = c["Alice Auth"];
      const row = await append(
        reply({
          from: `Alice <${alice.email}>`,
          inReplyTo: alice.messageId,
          text: "Please unsubscribe me.",
          seq: "alice",
          headers: [trusted],
        }),
      );
      expect(row).toMatchObject({ kind: "reply", matched_by: "in_reply_to" });
      expect(row.outcome).toMatchObject({
        intent: "unsubscribe",
        action: "opted_out",
        inbound_trust: {
          trusted: true,
          check: "authentication_results",
          authserv_id: AUTHSERV,
          method: "dmarc",
        },
      });
      expect((await contact(alice.id)).unsubscribe_flag).toBe(true);
      expect((await enrollment(alice.enrollment)).status).toBe("opted_out");
      const [ev] = await trustEvents(alice.id);
      expect(ev).toMatchObject({
        resolution: "trusted",
        details: { check: "authentication_results", why_not: null },
      });
    });

    it("a DKIM signature Baton verifies itself (injected resolver): the reply converts and on_exit routes; signed with another key, nothing changes", async () => {
      const dan = c["Dan Dkim"];
      const text = "Yes, this sounds interesting. Happy to hear more.";
      const forged = await append(
        await signed(
          reply({ from: dan.email, inReplyTo: dan.messageId, text, seq: "dan-forged" }),
          pem(forgerKey),
        ),
      );
      expect(forged.kind).toBe("untrusted");
      expect((forged.outcome as { inbound_trust: { why_not: string } }).inbound_trust.why_not).toMatch(
        /DKIM buyer\.example: (fail|neutral)/,
      );
      await untouched("Dan Dkim", true);
      const real = await append(
        await signed(
          reply({ from: dan.email, inReplyTo: dan.messageId, text, seq: "dan-real" }),
          pem(realKey),
        ),
      );
      expect(real).toMatchObject({ kind: "reply", contact_id: dan.id });
      expect(real.outcome).toMatchObject({
        intent: "interested",
        action: "held",
        inbound_trust: { trusted: true, check: "dkim_verified", domain: "buyer.example" },
      });
      await confirmYes((real.outcome as { reply_id: string }).reply_id);
      expect((await enrollment(dan.enrollment)).status).toBe("converted");
      expect(await nextCampaign(dan.id)).toHaveLength(1);
    });

    it("a bounce at its send's VERP return path (no Message-ID in the report) suppresses the address", async () => {
      const vera = c["Vera Verp"];
      const verp = verpAddress(SECRET, t.clientId, vera.messageId)!;
      expect(verp).toMatch(/^bounces\+[0-9a-f]{48}@/);
      const row = await append(
        buildMail("postfix-dsn", {
          mailbox: MAILBOX,
          contact: vera.email,
          originalMessageId: "<x@y>",
          seq: "vera",
        }).replace(/^To: .*$/m, `To: ${verp}`),
      );
      expect(row).toMatchObject({ kind: "hard_bounce", matched_by: "verp", contact_id: vera.id });
      expect(await suppressed(t.clientId, vera.email)).toMatchObject({ source: "bounce" });
      expect((await enrollment(vera.enrollment)).status).not.toBe("active");
      // one changed character in the token: nothing proven
      const tampered = verp.replace(/^bounces\+(.)/, (_, ch: string) => `bounces+${ch === "0" ? "1" : "0"}`);
      expect(verpMessageId(SECRET, t.clientId, tampered)).toBeNull();
    });

    it("an ARF complaint proving a send suppresses the complainant, ends their enrollments, and the mailbox pauses its sending past a 0.3 % complaint rate", async () => {
      const carl = c["Carl Complains"];
      const row = await append(
        arf({ complainant: carl.email, originalMessageId: carl.messageId, seq: "carl" }),
      );
      expect(row).toMatchObject({
        kind: "complaint",
        matched_by: "original_message_id",
        contact_id: carl.id,
      });
      expect(await suppressed(t.clientId, carl.email)).toMatchObject({ source: "complaint" });
      expect((await enrollment(carl.enrollment)).status).not.toBe("active");
      const sends = Number(
        (
          await database.db
            .selectFrom("channel_deliveries")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("client_id", "=", t.clientId)
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(row.outcome).toMatchObject({
        suppressed: "complaint",
        complaint_rate: { complaints: 1, sends, rate: 1 / sends },
      });
      const state = (
        await h.app.inject({ method: "GET", url: "/api/v1/mailboxes", headers: t.revops.auth })
      ).json().items;
      const sender = state.find((m: { mailbox: string }) => m.mailbox === MAILBOX);
      expect(sender.deliverability).toMatchObject({ status: "paused", complaints: 1, sends_counted: sends });
      expect(sender.deliverability.reason).toMatch(/^complaint rate .* is above 0\.3 %/);
      // a person resumes it
      const resumed = await h.app.inject({
        method: "POST",
        url: `/api/v1/mailboxes/${encodeURIComponent(sender.mailbox)}/resume`,
        headers: t.revops.auth,
      });
      expect(resumed.statusCode).toBe(200);
      const d = await database.db
        .selectFrom("mailbox_deliverability")
        .select("status")
        .where("client_id", "=", t.clientId)
        .executeTakeFirstOrThrow();
      expect(d.status).toBe("ok");
    });
  },
  180_000,
);

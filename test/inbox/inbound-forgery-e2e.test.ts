// issue 56 item 4 "Must show", end to end: mail APPENDed to a real Dovecot, read by a `baton inbox
// work` process (the CLI, its DNS pointed at a local stand-in that publishes the buyers' DKIM key),
// on PostgreSQL. Each forged case beside the genuine message that still acts:
//   - an Authentication-Results "pass" the sender wrote below the receiver's Received line, with the
//     receiver's own header above it (saying fail) and without one: a stop request is held for a
//     person, nobody is opted out; the receiver's own pass above its Received line opts out at once;
//   - a forged "dmarc=pass" beside the receiver's own dmarc=fail: the fail is final;
//   - a genuine DKIM signature with l= and a stop request appended after the signed body: held; the
//     same reply signed without l= converts;
//   - a genuine DKIM signature that does not cover In-Reply-To, the In-Reply-To of our send added
//     after signing: held; a signature covering it converts;
//   - a Gmail-shaped reply (Gmail's Authentication-Results below its Received lines) sealed by
//     google.com (a test key the stand-in publishes): opts out at once; the same with the sender's
//     forged Authentication-Results and no seal, with a seal by another domain, or with a seal
//     whose verdict was rewritten after sealing: held;
//   - the receiver's Authentication-Results under the Received line Dovecot's LMTP adds on final
//     delivery: opts out at once; a sender's pass below the receiver's own trace line, with the
//     MTA and Dovecot on the same host: held.
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { openEveryClass } from "../support/automation.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { dkimSignVerified } from "../support/dkim-test-sign.ts";
import { type DnsStandIn, startDnsStandIn } from "../support/dns-stand-in.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import {
  dovecotLmtpReceived,
  GOOGLE_ARC_SELECTOR,
  gmailArrived,
  gmailDelivered,
  sealArc,
  spfPass,
  testKey,
} from "../support/gmail-arc.ts";
import {
  addDovecotInbox,
  createReplyCampaigns,
  inboxWorkEnv,
  plainReply,
  stepOneSends,
} from "../support/inbox-e2e.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PRELOAD = path.join(ROOT, "test/support/dns-preload.mjs");
const T0 = new Date("2026-03-02T15:00:00Z");
const MAILBOX = "baton@localhost";
const PASSWORD = "forgery-pw";
const AUTHSERV = "mx.forgery.test";

const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKey = key.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const publicKey = key.publicKey.export({ type: "spki", format: "der" }).toString("base64");
const googleArc = testKey();
const otherArc = testKey();

const NAMES = [
  "Rita Receiver",
  "Nora Noreceiver",
  "Fay Fail",
  "Gina Genuine",
  "Lena Length",
  "Lou Unlimited",
  "Hal Header",
  "Cole Covered",
  "Gail Gmail",
  "Fred Forged",
  "Otto Othersealer",
  "Bea Broken",
  "Dora Dovecot",
  "Sam Samehost",
] as const;
type Name = (typeof NAMES)[number];

const reply = (o: { from: string; inReplyTo?: string; text: string; seq: string; headers?: string[] }) =>
  plainReply({ ...o, to: MAILBOX, messageIdDomain: "buyer.example" });

async function sign(raw: string, o: { headerList?: string; maxBodyLength?: number } = {}) {
  const r = await dkimSignVerified(raw, {
    canonicalization: "relaxed/relaxed",
    ...(o.headerList ? { headerList: o.headerList } : {}),
    signatureData: [
      {
        signingDomain: "buyer.example",
        selector: "sel1",
        privateKey,
        ...(o.maxBodyLength !== undefined ? { maxBodyLength: o.maxBodyLength } : {}),
      },
    ],
  });
  return r.signatures + raw;
}

/** The receiving server's trace line: what it adds when the message arrives (RFC 5321 §4.4). */
const received = (by = AUTHSERV) =>
  `Received: from mail.attacker.example (mail.attacker.example [203.0.113.66]) by ${by} with ESMTPS; Mon, 02 Mar 2026 16:00:01 +0000`;

describeNeeds(
  ["postgres", "dovecot"],
  "forged inbound authentication through `baton inbox work` (issue 56 item 4)",
  () => {
    let database: Database & { url: string };
    let t: Tenant;
    let dovecot: DovecotServer;
    let dns: DnsStandIn;
    let worker: ChildProcess | null = null;
    let stderr = "";
    const c = {} as Record<Name, { id: string; email: string; enrollment: string; messageId: string }>;

    let appended = 0;
    const append = async (raw: string) => {
      appended++;
      await dovecot.append(MAILBOX, PASSWORD, raw);
      const until = Date.now() + 60_000;
      for (;;) {
        const row = await database.db
          .selectFrom("inbox_messages")
          .selectAll()
          .where("client_id", "=", t.clientId)
          .where("uid", "=", String(appended))
          .executeTakeFirst();
        if (row) return row;
        if (Date.now() > until) throw new Error(`message ${appended} not processed; worker said:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const state = async (who: Name) => {
      const e = await database.db
        .selectFrom("campaign_contacts")
        .select(["status", "exit_reason"])
        .where("id", "=", c[who].enrollment)
        .executeTakeFirstOrThrow();
      const p = await database.db
        .selectFrom("contacts")
        .select(["unsubscribe_flag"])
        .where("contact_id", "=", c[who].id)
        .executeTakeFirstOrThrow();
      return { enrollment: e.status, exit_reason: e.exit_reason, unsubscribed: p.unsubscribe_flag };
    };
    const why = (row: { outcome: unknown }) =>
      (row.outcome as { inbound_trust: { why_not: string | null } }).inbound_trust.why_not;

    beforeAll(async () => {
      dns = await startDnsStandIn({
        "sel1._domainkey.buyer.example": [`v=DKIM1; k=rsa; p=${publicKey}`],
        [`${GOOGLE_ARC_SELECTOR}._domainkey.google.com`]: [googleArc.record],
        "s1._domainkey.sealer.example": [otherArc.record],
      });
      dovecot = await startDovecot();
      dovecot.addUser(MAILBOX, PASSWORD);
      database = await ownServerTestDatabase("inboundforgery", 10);
      const deps = await engineDeps(database);
      t = await createTenant(database.db, "forgery");
      // the team has earned automation: a sure reading acts alone (issue 72 item 1)
      await openEveryClass(database.db, t.clientId);
      await createReplyCampaigns(database.db, t.revops, { close: "forgery_close", next: "forgery_next" }, T0);
      for (const name of NAMES) {
        const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@buyer.example`;
        const id = await addContact(database.db, t.clientId, name, { email });
        const r = await enrollContact(database.db, t.exec, { campaign: "forgery_close", contactId: id }, T0);
        c[name] = { id, email, enrollment: r.enrollment_id!, messageId: "" };
      }
      await runUntil(deps, t, T0, T0);
      const sent = await stepOneSends(database.db, [t.clientId]);
      for (const x of Object.values(c)) x.messageId = sent.find((r) => r.contact_id === x.id)!.message_id!;
      await addDovecotInbox(
        database.db,
        t.admin,
        dovecot,
        {
          secret: "unused-here",
          mailbox: MAILBOX,
          auth: { kind: "password", passwordEnv: "BATON_MAILBOX_FORGERY_TEST" },
          trustedAuthservIds: [AUTHSERV, "mx.google.com"],
        },
        T0,
      );
      worker = spawn(
        process.execPath,
        [
          "bin/baton.js",
          "inbox",
          "work",
          "--worker-id",
          "forgery",
          "--client",
          t.clientId,
          "--poll-ms",
          "500",
          "--claim-ms",
          "100",
        ],
        {
          cwd: ROOT,
          env: inboxWorkEnv(database.url, {
            BATON_MAILBOX_FORGERY_TEST: PASSWORD,
            BATON_TEST_DNS: `127.0.0.1:${dns.port}`,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${PRELOAD}`.trim(),
          }),
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      worker.stderr?.on("data", (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-4000);
      });
    }, 300_000);

    afterAll(async () => {
      worker?.kill("SIGTERM");
      await database?.close();
      await dovecot?.stop();
      await dns?.close();
    });

    const stop = "Please unsubscribe me from this list.";
    const yes = "Yes, this sounds interesting. Happy to hear more.";

    it("a sender's 'pass' below the receiver's Received line: held for a person, whether or not the receiver wrote its own", async () => {
      const rita = c["Rita Receiver"];
      const withReceiver = await append(
        reply({
          from: `Rita <${rita.email}>`,
          inReplyTo: rita.messageId,
          text: stop,
          seq: "rita",
          headers: [
            `Authentication-Results: ${AUTHSERV}; spf=softfail smtp.mailfrom=buyer.example; dkim=none`,
            received(),
            `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=buyer.example; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example`,
          ],
        }),
      );
      expect(withReceiver).toMatchObject({ kind: "untrusted", contact_id: rita.id });
      expect(why(withReceiver)).toContain(`Authentication-Results from ${AUTHSERV} show no pass aligned`);
      expect(await state("Rita Receiver")).toEqual({
        enrollment: "paused",
        exit_reason: null,
        unsubscribed: false,
      });

      // the receiver wrote none: the sender's header is the only one, and it still does not count
      const nora = c["Nora Noreceiver"];
      const without = await append(
        reply({
          from: nora.email,
          inReplyTo: nora.messageId,
          text: stop,
          seq: "nora",
          headers: [
            received(),
            `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=buyer.example; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example`,
          ],
        }),
      );
      expect(without).toMatchObject({ kind: "untrusted", contact_id: nora.id });
      expect(why(without)).toContain(
        `no Authentication-Results from ${AUTHSERV}, mx.google.com above the first Received header`,
      );
      expect(await state("Nora Noreceiver")).toEqual({
        enrollment: "paused",
        exit_reason: null,
        unsubscribed: false,
      });
    });

    it("a forged dmarc=pass beside the receiver's own dmarc=fail: the fail is final", async () => {
      const fay = c["Fay Fail"];
      const row = await append(
        reply({
          from: fay.email,
          inReplyTo: fay.messageId,
          text: stop,
          seq: "fay",
          headers: [
            `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=buyer.example; dmarc=pass header.from=buyer.example`,
            `Authentication-Results: ${AUTHSERV}; spf=fail smtp.mailfrom=buyer.example; dmarc=fail header.from=buyer.example`,
            received(),
          ],
        }),
      );
      expect(row).toMatchObject({ kind: "untrusted", contact_id: fay.id });
      expect(why(row)).toContain(`${AUTHSERV} says dmarc=fail for buyer.example; nothing overrules it`);
      expect(await state("Fay Fail")).toEqual({
        enrollment: "paused",
        exit_reason: null,
        unsubscribed: false,
      });
    });

    it("the receiver's own pass, above its Received line: the stop request opts out at once", async () => {
      const gina = c["Gina Genuine"];
      const row = await append(
        reply({
          from: gina.email,
          inReplyTo: gina.messageId,
          text: stop,
          seq: "gina",
          headers: [
            `Authentication-Results: ${AUTHSERV}; dkim=none; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example`,
            received(),
          ],
        }),
      );
      expect(row).toMatchObject({ kind: "reply", contact_id: gina.id });
      expect(row.outcome).toMatchObject({
        action: "opted_out",
        inbound_trust: { trusted: true, check: "authentication_results", authserv_id: AUTHSERV },
      });
      expect(await state("Gina Genuine")).toMatchObject({ enrollment: "opted_out", unsubscribed: true });
    });

    it("a genuine DKIM signature with l= and a stop request appended: held; signed without l=, the reply acts", async () => {
      const lena = c["Lena Length"];
      const body = `${yes}\r\n`;
      const signed = await sign(
        reply({ from: lena.email, inReplyTo: lena.messageId, text: yes, seq: "lena" }),
        {
          maxBodyLength: Buffer.byteLength(body),
        },
      );
      const row = await append(`${signed}\r\nActually no. Please unsubscribe me from this list.\r\n`);
      expect(row).toMatchObject({ kind: "untrusted", contact_id: lena.id });
      expect(why(row)).toContain("with l= (a body length)");
      expect((await state("Lena Length")).exit_reason).toBeNull();
      expect((await state("Lena Length")).unsubscribed).toBe(false);

      const lou = c["Lou Unlimited"];
      const real = await append(
        await sign(reply({ from: lou.email, inReplyTo: lou.messageId, text: yes, seq: "lou" })),
      );
      expect(real).toMatchObject({ kind: "reply", contact_id: lou.id });
      expect(real.outcome).toMatchObject({
        inbound_trust: { trusted: true, check: "dkim_verified", domain: "buyer.example" },
      });
      // trusted, so it acts: a sure yes on a campaign whose on_exit chains into the next waits for a
      // person's yes (issue 72 item 1), the enrollment held for triage, not for review
      expect(real.outcome).toMatchObject({ intent: "interested", action: "held" });
      expect(await state("Lou Unlimited")).toMatchObject({ enrollment: "paused", exit_reason: null });
    });

    it("a genuine DKIM signature not covering In-Reply-To, our send's In-Reply-To added after signing: held; covered, the reply acts", async () => {
      const hal = c["Hal Header"];
      // a message Hal really sent (signed by buyer.example), with no threading headers of its own
      const original = await sign(reply({ from: hal.email, text: yes, seq: "hal" }), {
        headerList: "From:To:Subject:Date:Message-ID",
      });
      const forged = original.replace(
        "Message-ID: <hal@buyer.example>",
        `Message-ID: <hal@buyer.example>\r\nIn-Reply-To: ${hal.messageId}`,
      );
      const row = await append(forged);
      expect(row).toMatchObject({ kind: "untrusted", matched_by: "in_reply_to", contact_id: hal.id });
      expect(row.outcome).toMatchObject({
        inbound_trust: { trusted: false, matched: true, authenticated: true, check: "dkim_verified" },
      });
      expect(why(row)).toContain("does not cover the In-Reply-To or References naming our send");
      expect((await state("Hal Header")).exit_reason).toBeNull();

      const cole = c["Cole Covered"];
      const real = await append(
        await sign(reply({ from: cole.email, inReplyTo: cole.messageId, text: yes, seq: "cole" })),
      );
      expect(real).toMatchObject({ kind: "reply", contact_id: cole.id });
      // trusted, so it acts: a sure yes on a campaign whose on_exit chains into the next waits for a
      // person's yes (issue 72 item 1), the enrollment held for triage, not for review
      expect(real.outcome).toMatchObject({ intent: "interested", action: "held" });
      expect(await state("Cole Covered")).toMatchObject({ enrollment: "paused", exit_reason: null });
    });

    /** A stop request as Gmail delivers it: sealed by google.com unless told otherwise. */
    const gmailStop = async (
      who: Name,
      seq: string,
      o: { seal?: "google" | "other" | "none"; forged?: boolean; failing?: boolean } = {},
    ) => {
      const x = c[who];
      const sent = reply({
        from: x.email,
        inReplyTo: x.messageId,
        text: stop,
        seq,
        headers: o.forged ? [`Authentication-Results: mx.google.com; ${spfPass(x.email)}`] : [],
      });
      // the sender forging a pass is not the domain's server: Gmail's own verdict says so
      const failed = "spf=softfail smtp.mailfrom=attacker.example; dmarc=fail header.from=buyer.example";
      const verdict = o.forged || o.failing ? failed : spfPass(x.email);
      const arrived = gmailArrived(sent, x.email, verdict);
      const aar = `mx.google.com; ${verdict}`;
      const sealed =
        o.seal === "none"
          ? arrived
          : o.seal === "other"
            ? await sealArc(arrived, {
                aar,
                privateKey: otherArc.privateKey,
                domain: "sealer.example",
                selector: "s1",
              })
            : await sealArc(arrived, { aar, privateKey: googleArc.privateKey });
      return gmailDelivered(sealed, MAILBOX);
    };

    it("Gmail's verdict sealed by google.com: the stop request opts out at once", async () => {
      const gail = c["Gail Gmail"];
      const row = await append(await gmailStop("Gail Gmail", "gail"));
      expect(row).toMatchObject({ kind: "reply", contact_id: gail.id });
      expect(row.outcome).toMatchObject({
        action: "opted_out",
        inbound_trust: {
          trusted: true,
          check: "authentication_results",
          authserv_id: "mx.google.com",
          arc_sealer: "google.com",
        },
      });
      expect(await state("Gail Gmail")).toMatchObject({ enrollment: "opted_out", unsubscribed: true });
    });

    it("no seal, another domain's seal, or a verdict rewritten after sealing: held for a person", async () => {
      const cases: [Name, Promise<string>, string][] = [
        [
          "Fred Forged",
          gmailStop("Fred Forged", "fred", { seal: "none", forged: true }),
          "no Authentication-Results from mx.forgery.test, mx.google.com above the first Received header",
        ],
        [
          "Otto Othersealer",
          gmailStop("Otto Othersealer", "otto", { seal: "other" }),
          "its latest ARC seal (i=1) is by sealer.example, not a sealer this mailbox trusts",
        ],
        [
          "Bea Broken",
          // Gmail sealed its failing verdict; the sealed copy is rewritten to a pass afterwards
          gmailStop("Bea Broken", "bea", { failing: true }).then((raw) => {
            const rewritten = raw.replace(
              "ARC-Authentication-Results: i=1; mx.google.com; spf=softfail smtp.mailfrom=attacker.example; dmarc=fail header.from=buyer.example",
              `ARC-Authentication-Results: i=1; mx.google.com; ${spfPass(c["Bea Broken"].email)}`,
            );
            expect(rewritten).not.toBe(raw);
            return rewritten;
          }),
          "its ARC chain does not validate (arc=fail: i=1 seal signature validation failed)",
        ],
      ];
      for (const [who, raw, reason] of cases) {
        const row = await append(await raw);
        expect(row, who).toMatchObject({ kind: "untrusted", contact_id: c[who].id });
        expect(why(row), who).toContain(reason);
        expect(await state(who), who).toEqual({
          enrollment: "paused",
          exit_reason: null,
          unsubscribed: false,
        });
      }
    });

    it("the receiver's verdict under Dovecot's LMTP Received line counts; a sender's pass below the receiver's own trace line does not", async () => {
      const dora = c["Dora Dovecot"];
      const lmtp = (email: string) => dovecotLmtpReceived(AUTHSERV, email, MAILBOX);
      const row = await append(
        reply({
          from: dora.email,
          inReplyTo: dora.messageId,
          text: stop,
          seq: "dora",
          headers: [
            `Return-Path: <${dora.email}>`,
            `Delivered-To: ${MAILBOX}`,
            lmtp(dora.email),
            `Authentication-Results: ${AUTHSERV}; dkim=none; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example`,
            received(),
          ],
        }),
      );
      expect(row).toMatchObject({ kind: "reply", contact_id: dora.id });
      expect(row.outcome).toMatchObject({
        action: "opted_out",
        inbound_trust: { trusted: true, check: "authentication_results", authserv_id: AUTHSERV },
      });

      // Dovecot on the MTA's host: its line and the receiver's trace line name the same host
      const sam = c["Sam Samehost"];
      const forged = await append(
        reply({
          from: sam.email,
          inReplyTo: sam.messageId,
          text: stop,
          seq: "sam",
          headers: [
            `Delivered-To: ${MAILBOX}`,
            lmtp(sam.email),
            `Authentication-Results: ${AUTHSERV}; spf=softfail smtp.mailfrom=buyer.example; dkim=none`,
            received(),
            `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=buyer.example; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example`,
          ],
        }),
      );
      expect(forged).toMatchObject({ kind: "untrusted", contact_id: sam.id });
      expect(why(forged)).toContain(`Authentication-Results from ${AUTHSERV} show no pass aligned`);
      expect(await state("Sam Samehost")).toEqual({
        enrollment: "paused",
        exit_reason: null,
        unsubscribed: false,
      });
    });
  },
  300_000,
);

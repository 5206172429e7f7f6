// issue 12 "Must show", end to end on PostgreSQL and a real Dovecot: step 1 goes out through the
// engine (the dev channel records its Message-ID), mail arrives by IMAP APPEND from the project's
// fixtures, and an in-process inbox worker (IDLE) routes it: a Gmail reply converts the enrollment
// and on_exit enrolls the next campaign within 10 s (IDLE; polling would take 30 s); an Outlook reply is matched by In-Reply-To, by
// References when a gateway dropped In-Reply-To, and read as a meeting request (not its quoted
// original); with only Outlook's Thread-Index left it is matched by its sender alone, which is not
// trusted (issue 35): it waits for review, converts nothing and holds the contact's sends (issue 56).
// Replies carry the Authentication-Results of the receiving server the mailbox trusts
// (mx.acme.test). A Postfix DSN fails the item and suppresses the address; an out-of-office pauses
// the enrollment until its return date; an Exchange NDR and soft bounces take the bounce path; a
// newsletter is counted unmatched and left alone.
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decideReply, enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { registerAccessTokenProvider } from "../../src/inbox/access-token.ts";
import { decryptSecret } from "../../src/inbox/inbox-secret.ts";
import type { InboxWorker } from "../../src/inbox/inbox-worker.ts";
import { addInbox, setInboxPaused } from "../../src/inbox/manage-inboxes.ts";
import { listMailboxStates } from "../../src/inbox/read-mailbox-state.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { buildMail, type MailFixture } from "../fixtures/mail/fixtures.ts";
import { openEveryClass } from "../support/automation.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import {
  addDovecotInbox,
  createReplyCampaigns,
  startTestInboxWorker,
  stepOneSends,
  waitMailboxConnected,
} from "../support/inbox-e2e.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { type OAuthStandin, startOAuthStandin } from "./oauth-standin.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const SECRET = "inbox-e2e-secret";
const MAILBOX = "rep@acme.test";
const PASSWORD = "s3cret-pw";
const GOOGLE_CLIENT_SECRET = "GOCSPX-e2e-secret";
const MS_CLIENT_SECRET = "ms~e2e~secret";
/** the receiving server the test mailbox trusts (RFC 8601 authserv-id) */
const AUTHSERV = "mx.acme.test";
const REPLIES: readonly MailFixture[] = ["gmail-reply", "outlook-reply", "out-of-office"];

describeNeeds(
  ["postgres", "dovecot"],
  "inbox end to end (IMAP → process_reply / bounces)",
  () => {
    let database: Database;
    let deps: EngineDeps;
    let t: Tenant;
    let dovecot: DovecotServer;
    let worker: InboxWorker;
    const started = Date.now();
    const clock = () => new Date(T0.getTime() + 3_600_000 + (Date.now() - started));
    const contacts: Record<string, { id: string; email: string; enrollment: string; messageId: string }> = {};
    let appended = 0;

    const append = async (
      name: MailFixture,
      who: string,
      extra: { messageId?: string; edit?: (raw: string) => string } = {},
    ) => {
      const c = contacts[who]!;
      appended++;
      const raw = buildMail(name, {
        mailbox: MAILBOX,
        contact: c.email,
        contactName: who,
        originalMessageId: extra.messageId ?? c.messageId,
        seq: `${who.replace(/\W/g, "")}-${appended}`,
      });
      // as the receiving server records it: DMARC passed for the sender's domain
      const domain = c.email.split("@")[1];
      const authenticated = REPLIES.includes(name)
        ? `Authentication-Results: ${AUTHSERV}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${c.email}; dmarc=pass header.from=${domain}\r\n${raw}`
        : raw;
      await dovecot.append(MAILBOX, PASSWORD, extra.edit ? extra.edit(authenticated) : authenticated);
    };

    const processed = async (n: number, timeoutMs = 10_000) => {
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

    const enrollment = (id: string) =>
      database.db.selectFrom("campaign_contacts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    // a stand-in for the OAuth2 provider: its token endpoint (Google- and Microsoft-style refresh
    // grant) and its token introspection (RFC 7662), which Dovecot asks about each XOAUTH2 login
    let oauth: OAuthStandin;

    beforeAll(async () => {
      oauth = await startOAuthStandin();
      oauth.acceptAccessToken("ya29.good", "oauth@acme.test");
      dovecot = await startDovecot({ oauth2IntrospectionUrl: `${oauth.url}/introspect` });
      dovecot.addUser(MAILBOX, PASSWORD);
      // the XOAUTH2 mailboxes' owners have a password too, only for the test's APPENDs
      for (const u of ["oauth@acme.test", "google@acme.test", "ms@acme.test"])
        dovecot.addUser(u, "append-only-pw");
      database = await ownServerTestDatabase("inboxe2e", 10);
      deps = await engineDeps(database);
      t = await createTenant(database.db, "inbox");
      // the team has earned automation: a sure reading acts alone (issue 72 item 1)
      await openEveryClass(database.db, t.clientId);
      await createReplyCampaigns(
        database.db,
        t.revops,
        { close: "inbox_close", next: "inbox_cs", nextName: "Onboarding" },
        T0,
      );
      for (const name of [
        "Dana Reply",
        "Otto Outlook",
        "Rita References",
        "Tess ThreadIndex",
        "Bob Bounce",
        "Olive Away",
        "Eve Exchange",
        "Sam Soft",
      ]) {
        const id = await addContact(database.db, t.clientId, name);
        const r = await enrollContact(database.db, t.exec, { campaign: "inbox_close", contactId: id }, T0);
        contacts[name] = { id, email: "", enrollment: r.enrollment_id!, messageId: "" };
      }
      await runUntil(deps, t, T0, T0);
      const sent = await stepOneSends(database.db, [t.clientId]);
      for (const c of Object.values(contacts)) {
        const s = sent.find((x) => x.contact_id === c.id)!;
        expect(s.status).toBe("sent");
        expect(s.message_id).toMatch(/^<.+>$/);
        c.messageId = s.message_id!;
        c.email = s.to_address;
      }
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
      // polling would take 30 s: only IDLE can deliver within 10 s (the bound is 10 s, not the 0.2-1 s it
      // takes on a quiet machine: a 2 s bound failed at load 20 on 2 cores, and 10 s still proves IDLE)
      worker = startTestInboxWorker(database.db, {
        workerId: "e2e",
        maxMailboxes: 5,
        secret: SECRET,
        // the built-in providers' settings, pointed at the stand-in, and a refresh token by reference
        secretEnv: {
          BATON_MAILBOX_GOOGLE_CLIENT_ID: "google-client",
          BATON_MAILBOX_GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT_SECRET,
          BATON_MAILBOX_GOOGLE_TOKEN_URL: `${oauth.url}/token`,
          BATON_MAILBOX_MICROSOFT_CLIENT_ID: "ms-client",
          BATON_MAILBOX_MICROSOFT_CLIENT_SECRET: MS_CLIENT_SECRET,
          BATON_MAILBOX_MICROSOFT_TOKEN_URL: `${oauth.url}/contoso/oauth2/v2.0/token`,
          BATON_MAILBOX_GOOGLE_RT: "1//google-refresh",
        },
        clock,
        clientIds: [t.clientId],
      });
      await waitMailboxConnected(database.db, t.revops, clock, MAILBOX);
    }, 120_000);

    afterAll(async () => {
      await worker?.stop();
      await database?.close();
      await dovecot?.stop();
      await oauth?.close();
    });

    it("a Gmail reply to step 1 is picked up within 10 s (IDLE; polling takes 30 s); a person's yes converts it and on_exit enrolls the next campaign", async () => {
      const dana = contacts["Dana Reply"]!;
      const t0 = Date.now();
      await append("gmail-reply", "Dana Reply");
      await processed(1, 10_000);
      const took = Date.now() - t0;
      console.log(`inbox e2e: reply picked up and processed in ${took} ms`);
      expect(took).toBeLessThan(10_000);
      // the close campaign's on_exit chains into the next: a sure yes waits for a person's yes
      // (issue 72 item 1), whose exit then routes as before
      const held = await database.db
        .selectFrom("campaign_replies")
        .selectAll()
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", dana.id)
        .executeTakeFirstOrThrow();
      expect(held).toMatchObject({ intent: "interested", action: "held", triage: "pending" });
      await decideReply(
        database.db,
        t.revops,
        { replyId: held.id, decision: "exit", exitReason: "converted" },
        clock(),
      );
      expect((await enrollment(dana.enrollment)).status).toBe("converted");
      const next = await database.db
        .selectFrom("campaign_contacts as e")
        .innerJoin("campaigns as c", (j) =>
          j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
        )
        .select(["c.slug", "e.status"])
        .where("e.client_id", "=", t.clientId)
        .where("e.contact_id", "=", dana.id)
        .where("c.slug", "=", "inbox_cs")
        .execute();
      expect(next).toHaveLength(1);
      const reply = await database.db
        .selectFrom("campaign_replies")
        .selectAll()
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", dana.id)
        .executeTakeFirstOrThrow();
      expect(reply).toMatchObject({
        intent: "interested",
        action: "held",
        triage: "decided",
        decision: "exit",
      });
      const row = await database.db
        .selectFrom("inbox_messages")
        .selectAll()
        .where("client_id", "=", t.clientId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: "reply", matched_by: "in_reply_to", contact_id: dana.id });
    });

    it("an Outlook reply (RE:, Thread-Index, quoted-printable, quoted From:/Sent: block) is matched to its touch and read as a meeting request", async () => {
      const otto = contacts["Otto Outlook"]!;
      const rita = contacts["Rita References"]!;
      const tess = contacts["Tess ThreadIndex"]!;
      // as Outlook sends it: In-Reply-To and References (an older id first, ours last)
      await append("outlook-reply", "Otto Outlook");
      // a gateway that keeps References but drops In-Reply-To
      await append("outlook-reply", "Rita References", {
        edit: (raw) => raw.replace(/^In-Reply-To: .*\r\n/m, ""),
      });
      // only Outlook's own Thread-Index/Thread-Topic (no RFC 5322 thread headers): Thread-Index is
      // minted by Outlook's conversation, not ours, so only the sender's recent touch matches, and
      // that never makes mail trusted: it waits for a person and converts nothing
      await append("outlook-reply", "Tess ThreadIndex", {
        edit: (raw) => raw.replace(/^In-Reply-To: .*\r\n/m, "").replace(/^References: .*\r\n/m, ""),
      });
      await processed(4);
      const rows = await database.db
        .selectFrom("inbox_messages")
        .select(["contact_id", "kind", "matched_by", "delivery_message_id", "outcome"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "in", [otto.id, rita.id, tess.id])
        .execute();
      const of = (c: { id: string }) => rows.find((r) => r.contact_id === c.id);
      expect(of(otto)).toMatchObject({
        kind: "reply",
        matched_by: "in_reply_to",
        delivery_message_id: otto.messageId,
      });
      expect(of(rita)).toMatchObject({
        kind: "reply",
        matched_by: "references",
        delivery_message_id: rita.messageId,
      });
      expect(of(tess)).toMatchObject({
        kind: "untrusted",
        matched_by: "sender",
        delivery_message_id: tess.messageId,
        outcome: {
          intent: "meeting",
          // issue 56 item 1: a person's reply Baton cannot trust holds their sends for a person
          action: "held_for_review",
          paused_enrollments: 1,
          inbound_trust: { trusted: false, matched: false, authenticated: true },
        },
      });
      expect(await enrollment(tess.enrollment)).toMatchObject({
        status: "paused",
        paused_until: null,
        hold_reason: "reply_pending_review",
      });
      const review = await database.db
        .selectFrom("inbound_reviews")
        .selectAll()
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", tess.id)
        .executeTakeFirstOrThrow();
      expect(review).toMatchObject({ status: "pending", stop_request: false });
      expect(review.why_untrusted).toContain("matched by its sender's address only");
      for (const c of [otto, rita]) {
        // the quoted original ("From: … Sent: …" under Outlook's rule) is not read as the reply
        // (a sure meeting on the chaining close campaign waits for a person's yes: issue 72 item 1)
        expect(of(c)!.outcome).toMatchObject({ intent: "meeting", action: "held" });
        expect((await enrollment(c.enrollment)).status).toBe("paused");
        const reply = await database.db
          .selectFrom("campaign_replies")
          .selectAll()
          .where("client_id", "=", t.clientId)
          .where("contact_id", "=", c.id)
          .executeTakeFirstOrThrow();
        expect(reply).toMatchObject({ intent: "meeting", action: "held", triage: "pending" });
      }
    });

    it("a Postfix DSN (5.1.1) marks the item failed and suppresses the address in every campaign", async () => {
      const bob = contacts["Bob Bounce"]!;
      await append("postfix-dsn", "Bob Bounce");
      await processed(5);
      const item = await database.db
        .selectFrom("sales_send_queue")
        .select(["status", "error"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", bob.id)
        .where("step_number", "=", 1)
        .executeTakeFirstOrThrow();
      expect(item.status).toBe("failed");
      expect(item.error).toContain("5.1.1");
      const s = await database.db
        .selectFrom("suppressions")
        .select(["kind", "source", "reason"])
        .where("client_id", "=", t.clientId)
        .where("value", "=", bob.email.toLowerCase())
        .executeTakeFirstOrThrow();
      expect(s).toMatchObject({ kind: "email", source: "bounce" });
      expect(s.reason).toMatch(/^hard_bounce 5\.1\.1/);
      // the enrollment ended, and a new one is refused by gate 1
      expect((await enrollment(bob.enrollment)).status).not.toBe("active");
      const again = await enrollContact(
        database.db,
        t.exec,
        { campaign: "inbox_cs", contactId: bob.id },
        clock(),
      );
      expect(again.outcome).not.toBe("enrolled");
      const events = await database.db
        .selectFrom("cadence_event_log")
        .select(["event_type", "resolution"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", bob.id)
        .where("event_type", "in", ["bounce", "suppressed"])
        .execute();
      expect(events).toEqual(
        expect.arrayContaining([
          { event_type: "bounce", resolution: "hard_bounce" },
          { event_type: "suppressed", resolution: "suppression_list" },
        ]),
      );
    });

    it("an out-of-office auto-reply pauses the enrollment until its return date", async () => {
      const olive = contacts["Olive Away"]!;
      await append("out-of-office", "Olive Away");
      await processed(6);
      const e = await enrollment(olive.enrollment);
      expect(e.status).toBe("paused");
      expect(new Date(e.paused_until!).toISOString()).toBe("2026-03-16T00:00:00.000Z");
      const row = await database.db
        .selectFrom("inbox_messages")
        .select(["kind"])
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", olive.id)
        .executeTakeFirstOrThrow();
      expect(row.kind).toBe("auto_reply");
    });

    it("an Exchange NDR is a hard bounce; 3 soft bounces in a row suppress; a newsletter is unmatched and left in the mailbox", async () => {
      const eve = contacts["Eve Exchange"]!;
      const sam = contacts["Sam Soft"]!;
      await append("exchange-ndr", "Eve Exchange");
      await append("postfix-delayed", "Sam Soft");
      await append("postfix-delayed", "Sam Soft");
      await processed(9);
      expect(
        await database.db
          .selectFrom("suppressions")
          .select("value")
          .where("client_id", "=", t.clientId)
          .where("value", "=", sam.email.toLowerCase())
          .execute(),
      ).toHaveLength(0);
      await append("postfix-delayed", "Sam Soft");
      await append("newsletter", "Sam Soft");
      await processed(11);
      const listed = await database.db
        .selectFrom("suppressions")
        .select(["value", "reason"])
        .where("client_id", "=", t.clientId)
        .where("value", "in", [eve.email.toLowerCase(), sam.email.toLowerCase()])
        .orderBy("value")
        .execute();
      expect(listed.map((x) => x.reason.split(" ")[0])).toEqual(["hard_bounce", "soft_bounce_limit"]);
      const [state] = await listMailboxStates(database.db, t.admin, clock(), MAILBOX);
      expect(state!.inbox).toMatchObject({
        status: "connected",
        connected: true,
        idle_supported: true,
        password: "encrypted",
        processed_count: "11",
        unmatched_count: "1",
        cursor: { last_uid: "11" },
        last_error: null,
      });
      expect(JSON.stringify(state)).not.toContain(PASSWORD);
      // left alone: all 11 messages still there, none deleted or flagged by Baton
      const imap = new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth: { user: MAILBOX, pass: PASSWORD },
        logger: false,
      });
      await imap.connect();
      const box = await imap.mailboxOpen("INBOX", { readOnly: true });
      expect(box.exists).toBe(11);
      const flags = await imap.fetchAll("1:*", { flags: true });
      expect(flags.every((m) => !m.flags?.has("\\Deleted") && !m.flags?.has("\\Flagged"))).toBe(true);
      // read-only: not even \Seen
      expect(flags.filter((m) => m.flags?.has("\\Seen"))).toEqual([]);
      await imap.logout();
    });

    it("a paused mailbox is let go and not read; resumed, it continues from its cursor", async () => {
      await setInboxPaused(database.db, t.admin, MAILBOX, true, clock());
      const until = Date.now() + 25_000;
      while (worker.held() > 0) {
        if (Date.now() > until) throw new Error("the worker kept the paused mailbox");
        await new Promise((r) => setTimeout(r, 100));
      }
      await append("newsletter", "Sam Soft");
      await new Promise((r) => setTimeout(r, 500));
      const [paused] = await listMailboxStates(database.db, t.admin, clock(), MAILBOX);
      expect(paused!.inbox).toMatchObject({ status: "paused", processed_count: "11" });
      await setInboxPaused(database.db, t.admin, MAILBOX, false, clock());
      await processed(12);
      const [resumed] = await listMailboxStates(database.db, t.admin, clock(), MAILBOX);
      expect(resumed!.inbox).toMatchObject({
        processed_count: "12",
        unmatched_count: "2",
        cursor: { last_uid: "12" },
      });
    }, 60_000);

    it("XOAUTH2: the worker logs in with the registered provider's access token (Dovecot checks it with the provider)", async () => {
      const asked: string[] = [];
      let token = "ya29.expired";
      registerAccessTokenProvider({
        name: "test-oauth",
        async getAccessToken(m) {
          asked.push(`${m.clientId}/${m.mailbox}/${m.username}`);
          return token;
        },
      });
      await addInbox(
        database.db,
        t.admin,
        SECRET,
        {
          mailbox: "oauth@acme.test",
          host: dovecot.host,
          port: dovecot.port,
          tls: false,
          auth: { kind: "xoauth2", provider: "test-oauth" },
        },
        clock(),
      );
      const stateOf = async () =>
        (await listMailboxStates(database.db, t.admin, clock(), "oauth@acme.test"))[0]!;
      const waitFor = async (ok: (s: Awaited<ReturnType<typeof stateOf>>) => boolean, what: string) => {
        const until = Date.now() + 20_000;
        for (let s = await stateOf(); !ok(s); s = await stateOf()) {
          if (Date.now() > until) throw new Error(`${what}: ${JSON.stringify(s.inbox)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      // a token the provider no longer accepts: the login fails, the error is on the mailbox
      await waitFor((s) => s.inbox?.status === "error", "no failed login");
      expect(asked[0]).toBe(`${t.clientId}/oauth@acme.test/oauth@acme.test`);
      expect((await stateOf()).inbox!.last_error).toMatch(/^authentication failed \(OAuth2: invalid_token\)/);
      expect((await stateOf()).inbox!.last_error).not.toContain("ya29");
      // a fresh token: the worker reconnects (backoff) and reads the mailbox
      token = "ya29.good";
      await waitFor((s) => s.inbox?.connected === true, "no XOAUTH2 login");
      await dovecot.append(
        "oauth@acme.test",
        "append-only-pw",
        buildMail("newsletter", {
          mailbox: "oauth@acme.test",
          contact: "x@example.org",
          originalMessageId: "<none@x>",
          seq: "oauth",
        }),
      );
      await waitFor((s) => s.inbox?.processed_count === "1", "nothing read over XOAUTH2");
      await setInboxPaused(database.db, t.admin, "oauth@acme.test", true, clock());
    }, 60_000);

    it("XOAUTH2 through the built-in Google and Microsoft providers: refresh grant at the (stand-in) token endpoint, login, read; a rotated refresh token is sealed back; invalid_grant asks for consent", async () => {
      oauth.addRefreshToken("1//google-refresh", {
        username: "google@acme.test",
        clientId: "google-client",
        clientSecret: GOOGLE_CLIENT_SECRET,
      });
      oauth.addRefreshToken("M.R3-ms-first", {
        username: "ms@acme.test",
        tenant: "contoso",
        clientId: "ms-client",
        clientSecret: MS_CLIENT_SECRET,
        rotate: true,
      });
      const asked = oauth.requests.length;
      const add = (mailbox: string, auth: Parameters<typeof addInbox>[3]["auth"]) =>
        addInbox(
          database.db,
          t.admin,
          SECRET,
          { mailbox, host: dovecot.host, port: dovecot.port, tls: false, auth },
          clock(),
        );
      // Google: the refresh token by reference to a BATON_MAILBOX_* variable the worker has
      await add("google@acme.test", {
        kind: "xoauth2",
        provider: "google",
        refreshTokenEnv: "BATON_MAILBOX_GOOGLE_RT",
      });
      // Microsoft: the refresh token sealed in the database (so a rotated one can be sealed back)
      await add("ms@acme.test", { kind: "xoauth2", provider: "microsoft", refreshToken: "M.R3-ms-first" });
      // consent withdrawn: the endpoint answers invalid_grant
      await add("revoked@acme.test", { kind: "xoauth2", provider: "google", refreshToken: "1//withdrawn" });
      const stateOf = async (m: string) => (await listMailboxStates(database.db, t.admin, clock(), m))[0]!;
      const waitFor = async (
        m: string,
        ok: (s: Awaited<ReturnType<typeof stateOf>>) => boolean,
        what: string,
      ) => {
        const until = Date.now() + 20_000;
        for (let s = await stateOf(m); !ok(s); s = await stateOf(m)) {
          if (Date.now() > until) throw new Error(`${m}: ${what}: ${JSON.stringify(s.inbox)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await waitFor(
        "google@acme.test",
        (s) => s.inbox?.connected === true,
        "no login through the Google provider",
      );
      await waitFor(
        "ms@acme.test",
        (s) => s.inbox?.connected === true,
        "no login through the Microsoft provider",
      );
      await waitFor(
        "revoked@acme.test",
        (s) => s.inbox?.status === "error",
        "no error for a refused refresh token",
      );
      const forms = oauth.requests.slice(asked);
      expect(forms.find((r) => r.form.refresh_token === "1//google-refresh")).toEqual({
        path: "/token",
        // openid-client names the charset (RFC 6749 appendix B: the form is UTF-8)
        contentType: "application/x-www-form-urlencoded;charset=UTF-8",
        form: {
          grant_type: "refresh_token",
          client_id: "google-client",
          client_secret: GOOGLE_CLIENT_SECRET,
          refresh_token: "1//google-refresh",
        },
      });
      expect(forms.find((r) => r.form.refresh_token === "M.R3-ms-first")).toMatchObject({
        path: "/contoso/oauth2/v2.0/token",
        form: { scope: "https://outlook.office.com/IMAP.AccessAsUser.All offline_access" },
      });
      // Microsoft rotated the refresh token: the one sealed in the row is the new one
      const rotated = oauth.validRefreshTokens("ms@acme.test");
      expect(rotated).toHaveLength(1);
      expect(rotated[0]).not.toBe("M.R3-ms-first");
      const row = await database.db
        .selectFrom("mailbox_inboxes")
        .select(["secret_enc", "secret_env"])
        .where("client_id", "=", t.clientId)
        .where("mailbox", "=", "ms@acme.test")
        .executeTakeFirstOrThrow();
      expect(decryptSecret(SECRET, row.secret_enc!)).toBe(rotated[0]);
      const revoked = (await stateOf("revoked@acme.test")).inbox!;
      expect(revoked.last_error).toContain(
        "Google refused the stored OAuth2 refresh token (invalid_grant: expired, revoked or consent withdrawn)",
      );
      // the state shows how each refresh token is kept, never a token or a client secret
      expect((await stateOf("google@acme.test")).inbox!.password).toBe("env:BATON_MAILBOX_GOOGLE_RT");
      expect((await stateOf("ms@acme.test")).inbox!.password).toBe("encrypted");
      const shown = JSON.stringify(
        await Promise.all(["google@acme.test", "ms@acme.test", "revoked@acme.test"].map(stateOf)),
      );
      for (const secret of ["1//", "M.R3", "rt-rotated", "ya29", GOOGLE_CLIENT_SECRET, MS_CLIENT_SECRET])
        expect(shown).not.toContain(secret);
      // mail is read over the Google-provided login
      await dovecot.append(
        "google@acme.test",
        "append-only-pw",
        buildMail("newsletter", {
          mailbox: "google@acme.test",
          contact: "x@example.org",
          originalMessageId: "<none@x>",
          seq: "google",
        }),
      );
      await waitFor("google@acme.test", (s) => s.inbox?.processed_count === "1", "nothing read over XOAUTH2");
      // the worker retries the refused mailbox (backoff), but the refused token is not sent again
      const errorAt = async () =>
        (
          await database.db
            .selectFrom("mailbox_inboxes")
            .select("last_error_at")
            .where("client_id", "=", t.clientId)
            .where("mailbox", "=", "revoked@acme.test")
            .executeTakeFirstOrThrow()
        ).last_error_at?.getTime();
      const firstError = await errorAt();
      const until = Date.now() + 10_000;
      while ((await errorAt()) === firstError) {
        if (Date.now() > until) throw new Error("the refused mailbox was not retried");
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(oauth.requests.filter((r) => r.form.refresh_token === "1//withdrawn")).toHaveLength(1);
      for (const m of ["google@acme.test", "ms@acme.test", "revoked@acme.test"])
        await setInboxPaused(database.db, t.admin, m, true, clock());
    }, 60_000);
  },
  180_000,
);

// issue 12 "Must show", end to end on PostgreSQL and a real Dovecot: step 1 goes out through the
// engine (the dev channel records its Message-ID), mail arrives by IMAP APPEND from the project's
// fixtures, and an in-process inbox worker (IDLE) routes it: a Gmail reply converts the enrollment
// and on_exit enrolls the next campaign within 2 s; a Postfix DSN fails the item and suppresses
// the address; an out-of-office pauses the enrollment until its return date; an Exchange NDR and
// soft bounces take the bounce path; a newsletter is counted unmatched and left alone.
import http from "node:http";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { registerAccessTokenProvider } from "../../src/inbox/access-token.ts";
import { type InboxWorker, startInboxWorker } from "../../src/inbox/inbox-worker.ts";
import { addInbox, setInboxPaused } from "../../src/inbox/manage-inboxes.ts";
import { listMailboxStates } from "../../src/inbox/read-mailbox-state.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { buildMail, type MailFixture } from "../fixtures/mail/fixtures.ts";
import { serverDatabase } from "../support/db.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-03-02T15:00:00Z");
const SECRET = "inbox-e2e-secret";
const MAILBOX = "rep@acme.test";
const PASSWORD = "s3cret-pw";

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

    const append = async (name: MailFixture, who: string, extra: Record<string, string> = {}) => {
      const c = contacts[who]!;
      appended++;
      await dovecot.append(
        MAILBOX,
        PASSWORD,
        buildMail(name, {
          mailbox: MAILBOX,
          contact: c.email,
          contactName: who,
          originalMessageId: extra.messageId ?? c.messageId,
          seq: `${who.replace(/\W/g, "")}-${appended}`,
        }),
      );
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

    // a stand-in for the OAuth2 provider's token introspection (RFC 7662), which Dovecot asks
    const introspection = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const token = new URLSearchParams(body).get("token");
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify(
            token === "ya29.good" ? { active: true, username: "oauth@acme.test" } : { active: false },
          ),
        );
      });
    });

    beforeAll(async () => {
      await new Promise<void>((r) => introspection.listen(0, "127.0.0.1", () => r()));
      const { port } = introspection.address() as { port: number };
      dovecot = await startDovecot({ oauth2IntrospectionUrl: `http://127.0.0.1:${port}/introspect` });
      dovecot.addUser(MAILBOX, PASSWORD);
      // the XOAUTH2 mailbox's owner has a password too, only for the test's APPENDs
      dovecot.addUser("oauth@acme.test", "append-only-pw");
      database = await serverDatabase(10);
      deps = await engineDeps(database);
      t = await createTenant(database.db, "inbox");
      const step = (n: number, d: number) => ({
        step_number: n,
        delay_days: d,
        channel: "email" as const,
        content_type: "follow_up",
        template_instructions: `step ${n}`,
      });
      await createCampaign(
        database.db,
        t.revops,
        {
          slug: "inbox_cs",
          name: "Onboarding",
          type: "onboarding",
          owner_role: "roles.cs",
          kind: "nurture",
          steps: [step(1, 0)],
        },
        T0,
      );
      await createCampaign(
        database.db,
        t.revops,
        {
          slug: "inbox_close",
          name: "Close",
          type: "membership",
          owner_role: "roles.sales",
          kind: "sales",
          on_exit: { converted: "inbox_cs", no_engagement: null, rejected: null },
          steps: [step(1, 0), step(2, 3), step(3, 7)],
        },
        T0,
      );
      for (const name of ["Dana Reply", "Bob Bounce", "Olive Away", "Eve Exchange", "Sam Soft"]) {
        const id = await addContact(database.db, t.clientId, name);
        const r = await enrollContact(database.db, t.exec, { campaign: "inbox_close", contactId: id }, T0);
        contacts[name] = { id, email: "", enrollment: r.enrollment_id!, messageId: "" };
      }
      await runUntil(deps, t, T0, T0);
      const sent = await database.db
        .selectFrom("sales_send_queue as q")
        .innerJoin("channel_deliveries as d", "d.idempotency_key", "q.idempotency_key")
        .select(["q.contact_id", "q.status", "d.message_id", "d.to_address"])
        .where("q.client_id", "=", t.clientId)
        .where("q.step_number", "=", 1)
        .execute();
      for (const c of Object.values(contacts)) {
        const s = sent.find((x) => x.contact_id === c.id)!;
        expect(s.status).toBe("sent");
        expect(s.message_id).toMatch(/^<.+>$/);
        c.messageId = s.message_id!;
        c.email = s.to_address;
      }
      await addInbox(
        database.db,
        t.admin,
        SECRET,
        {
          mailbox: MAILBOX,
          host: dovecot.host,
          port: dovecot.port,
          tls: false,
          auth: { kind: "password", password: PASSWORD },
        },
        T0,
      );
      worker = startInboxWorker(database.db, {
        workerId: "e2e",
        leaseMs: 60_000,
        // polling would take 30 s: only IDLE can deliver within 2 s
        pollMs: 30_000,
        maxMailboxes: 5,
        softBounceLimit: 3,
        secret: SECRET,
        secretEnv: {},
        clock,
        claimEveryMs: 100,
        clientIds: [t.clientId],
        onError: (e, where) => console.error(`inbox worker: ${where}`, e),
      });
      const until = Date.now() + 10_000;
      for (;;) {
        const [s] = await listMailboxStates(database.db, t.revops, clock(), MAILBOX);
        if (s?.inbox?.connected) break;
        if (Date.now() > until) throw new Error(`mailbox did not connect: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }, 120_000);

    afterAll(async () => {
      await worker?.stop();
      await database?.close();
      await dovecot?.stop();
      introspection.close();
    });

    it("a Gmail reply to step 1 is picked up within 2 s (IDLE); the enrollment converts and on_exit enrolls the next campaign", async () => {
      const dana = contacts["Dana Reply"]!;
      const t0 = Date.now();
      await append("gmail-reply", "Dana Reply");
      await processed(1, 2_000);
      const took = Date.now() - t0;
      console.log(`inbox e2e: reply picked up and processed in ${took} ms`);
      expect(took).toBeLessThan(2_000);
      expect((await enrollment(dana.enrollment)).status).toBe("converted");
      const next = await database.db
        .selectFrom("campaign_contacts as e")
        .innerJoin("campaigns as c", "c.id", "e.campaign_id")
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
      expect(reply).toMatchObject({ intent: "interested", action: "exited", exit_reason: "converted" });
      const row = await database.db
        .selectFrom("inbox_messages")
        .selectAll()
        .where("client_id", "=", t.clientId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: "reply", matched_by: "in_reply_to", contact_id: dana.id });
    });

    it("a Postfix DSN (5.1.1) marks the item failed and suppresses the address in every campaign", async () => {
      const bob = contacts["Bob Bounce"]!;
      await append("postfix-dsn", "Bob Bounce");
      await processed(2);
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
      await processed(3);
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
      await processed(6);
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
      await processed(8);
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
        processed_count: "8",
        unmatched_count: "1",
        cursor: { last_uid: "8" },
        last_error: null,
      });
      expect(JSON.stringify(state)).not.toContain(PASSWORD);
      // left alone: all 8 messages still there, none deleted or flagged by Baton
      const imap = new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth: { user: MAILBOX, pass: PASSWORD },
        logger: false,
      });
      await imap.connect();
      const box = await imap.mailboxOpen("INBOX", { readOnly: true });
      expect(box.exists).toBe(8);
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
      expect(paused!.inbox).toMatchObject({ status: "paused", processed_count: "8" });
      await setInboxPaused(database.db, t.admin, MAILBOX, false, clock());
      await processed(9);
      const [resumed] = await listMailboxStates(database.db, t.admin, clock(), MAILBOX);
      expect(resumed!.inbox).toMatchObject({
        processed_count: "9",
        unmatched_count: "2",
        cursor: { last_uid: "9" },
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
  },
  180_000,
);

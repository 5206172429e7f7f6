// issue 12 "Must show": 1,000 messages through `baton inbox work` processes, the one holding the
// mailbox killed with SIGKILL 10 times while it reads: 0 processed twice, 0 missed. The mailbox is
// read by exactly one worker at a time (a lease); a killed worker's lease runs out and the other
// worker resumes from the stored cursor; a message fetched again finds its inbox_messages row, or
// re-runs process_reply, which is idempotent per Message-ID.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enrollContact } from "../../src/campaigns/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { addContact, engineDeps, oneStepNurture, runUntil } from "../engine/engine-harness.ts";
import { buildMail } from "../fixtures/mail/fixtures.ts";
import { ownServerTestDatabase } from "../support/db.ts";
import { type DovecotServer, startDovecot } from "../support/dovecot.ts";
import { addDovecotInbox, inboxWorkEnv } from "../support/inbox-e2e.ts";
import { describeNeeds } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const T0 = new Date("2026-05-04T09:00:00Z");
const MAILBOX = "kill@acme.test";
const PASSWORD = "kill-pw";
const CONTACTS = 100;
const MESSAGES = 1000;
const KILLS = 10;

describeNeeds(
  ["postgres", "dovecot"],
  "inbox kill test (1,000 messages, SIGKILLed baton inbox work processes)",
  () => {
    let database: Database & { url: string };
    let t: Tenant;
    let dovecot: DovecotServer;
    const workers: (ChildProcess | null)[] = [null, null];
    const sent: { email: string; messageId: string }[] = [];

    beforeAll(async () => {
      dovecot = await startDovecot();
      dovecot.addUser(MAILBOX, PASSWORD);
      database = await ownServerTestDatabase("inboxkill", 10);
      const deps = await engineDeps(database);
      t = await createTenant(database.db, "ikill");
      await oneStepNurture(database.db, t.revops, "ikill_nurture", T0);
      for (let i = 0; i < CONTACTS; i++) {
        const id = await addContact(
          database.db,
          t.clientId,
          `Kill Contact ${String.fromCharCode(97 + (i % 26))}${i}`,
        );
        await enrollContact(database.db, t.exec, { campaign: "ikill_nurture", contactId: id }, T0);
      }
      await runUntil(deps, t, T0, T0, { people: false });
      const rows = await database.db
        .selectFrom("channel_deliveries")
        .select(["to_address", "message_id"])
        .where("client_id", "=", t.clientId)
        .where("status", "=", "sending") // a delivered key is written once (issue 39 item 2)
        .execute();
      expect(rows).toHaveLength(CONTACTS);
      for (const r of rows) sent.push({ email: r.to_address, messageId: r.message_id! });
      await addDovecotInbox(
        database.db,
        t.admin,
        dovecot,
        {
          secret: "unused-here",
          mailbox: MAILBOX,
          // the workers read the password from their environment (a reference, not a stored secret)
          auth: { kind: "password", passwordEnv: "BATON_MAILBOX_KILL_TEST" },
          // replies act only when authenticated (issue 35): the receiving server's results count
          trustedAuthservIds: ["mx.acme.test"],
        },
        T0,
      );
    }, 300_000);

    afterAll(async () => {
      for (const w of workers) w?.kill("SIGKILL");
      await database?.close();
      await dovecot?.stop();
    });

    function start(i: number) {
      const env = inboxWorkEnv(database.url, { BATON_MAILBOX_KILL_TEST: PASSWORD });
      const args = ["bin/baton.js", "inbox", "work", "--worker-id", `iw${i}`, "--client", t.clientId];
      args.push("--lease-ms", "2000", "--poll-ms", "1000", "--claim-ms", "100");
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      child.stderr?.on("data", (b: Buffer) => {
        if (process.env.BATON_KILL_VERBOSE) process.stderr.write(b);
      });
      workers[i] = child;
    }

    const count = async () => {
      const r = await sql<{ n: number; holder: string | null }>`
        select (select count(*)::int from inbox_messages where client_id = ${t.clientId}) as n,
               (select claimed_by from mailbox_inboxes where client_id = ${t.clientId}
                  and claimed_until > now()) as holder`.execute(database.db);
      return r.rows[0]!;
    };

    it("0 processed twice, 0 missed", async () => {
      // half the mail is waiting before any worker starts, the rest arrives while they are killed
      const raw = (k: number) => {
        const s = sent[k % CONTACTS]!;
        return k % 10 === 9
          ? buildMail("newsletter", {
              mailbox: MAILBOX,
              contact: s.email,
              originalMessageId: s.messageId,
              seq: k,
            })
          : `Authentication-Results: mx.acme.test; dmarc=pass header.from=${s.email.split("@")[1]}\r\n${buildMail(
              "gmail-reply",
              {
                mailbox: MAILBOX,
                contact: s.email,
                originalMessageId: s.messageId,
                seq: k,
              },
            )}`;
      };
      const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => raw(from + i));
      await dovecot.appendMany(MAILBOX, PASSWORD, range(0, MESSAGES / 2));
      const started = Date.now();
      start(0);
      start(1);
      // the rest arrives while they are killed: ten at a time, twice a second
      const late = (async () => {
        for (let k = MESSAGES / 2; k < MESSAGES; k += 10) {
          await dovecot.appendMany(MAILBOX, PASSWORD, range(k, k + 10));
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      let kills = 0;
      let lastKillAt = 0;
      const deadline = Date.now() + 400_000;
      for (;;) {
        const { n, holder } = await count();
        if (n >= MESSAGES) break;
        if (Date.now() > deadline) throw new Error(`stuck at ${n} of ${MESSAGES} after ${kills} kills`);
        // a kill per ~1/12 of the messages, on the worker that holds the mailbox while it reads
        if (kills < KILLS && holder && n >= lastKillAt + MESSAGES / 12) {
          const i = holder === "iw0" ? 0 : 1;
          workers[i]?.kill("SIGKILL");
          kills++;
          lastKillAt = n;
          await new Promise((r) => setTimeout(r, 50));
          start(i);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      await late;
      // let a last pass run: anything processed twice would show up now
      await new Promise((r) => setTimeout(r, 1500));
      const seconds = (Date.now() - started) / 1000;

      const r = await sql<{
        rows: number;
        uids: number;
        min_uid: number;
        max_uid: number;
        replies: number;
        reply_events: number;
        reply_messages: number;
        processed: number;
        unmatched: number;
        last_uid: number;
      }>`
          select (select count(*)::int from inbox_messages where client_id = ${t.clientId}) as rows,
                 (select count(distinct uid)::int from inbox_messages where client_id = ${t.clientId}) as uids,
                 (select min(uid)::int from inbox_messages where client_id = ${t.clientId}) as min_uid,
                 (select max(uid)::int from inbox_messages where client_id = ${t.clientId}) as max_uid,
                 (select count(*)::int from campaign_replies where client_id = ${t.clientId}) as replies,
                 (select count(distinct message_id)::int from campaign_replies where client_id = ${t.clientId}) as reply_messages,
                 (select count(*)::int from cadence_event_log where client_id = ${t.clientId} and event_type = 'reply') as reply_events,
                 (select processed_count::int from mailbox_inboxes where client_id = ${t.clientId}) as processed,
                 (select unmatched_count::int from mailbox_inboxes where client_id = ${t.clientId}) as unmatched,
                 (select last_uid::int from mailbox_inboxes where client_id = ${t.clientId}) as last_uid`.execute(
        database.db,
      );
      const f = r.rows[0]!;
      console.log(
        `inbox kill test: ${MESSAGES} messages, ${kills} SIGKILLs, ${seconds.toFixed(1)} s; ` +
          `rows ${f.rows}, replies ${f.replies} (events ${f.reply_events}), unmatched ${f.unmatched}`,
      );
      expect(kills).toBe(KILLS);
      // 0 missed: every UID 1..1000 has its row, the cursor is at the end
      expect({ rows: f.rows, uids: f.uids, min: f.min_uid, max: f.max_uid, last: f.last_uid }).toEqual({
        rows: MESSAGES,
        uids: MESSAGES,
        min: 1,
        max: MESSAGES,
        last: MESSAGES,
      });
      // 0 processed twice: each reply once in campaign_replies and once in the event log, each
      // message counted once on the mailbox
      expect(f.replies).toBe(900);
      expect(f.reply_messages).toBe(900);
      expect(f.reply_events).toBe(900);
      expect(f.processed).toBe(MESSAGES);
      expect(f.unmatched).toBe(100);
    }, 600_000);
  },
  600_000,
);

// issue 12 "Steps marked as follow-ups are sent in the first email's thread: In-Reply-To,
// References and a 'Re:' subject" — end to end through the engine and a real SMTP conversation:
// a three-email sequence whose steps 2 and 3 follow up, sent over a pool of two mailboxes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, enrollContact } from "../../src/campaigns/index.ts";
import { SmtpEmailChannel } from "../../src/channels/smtp-email-channel.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { setPoolMailbox } from "../../src/mailboxes/mailbox-pools.ts";
import { addContact, engineDeps, runUntil } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const T0 = new Date("2026-05-04T09:00:00Z");
const DAY = 86_400_000;
const POOL = ["jane@acme.example", "jane@getacme.example"];

describe("follow-ups in the first email's thread", () => {
  let database: Database;
  let smtp: TestSmtp;
  let channel: SmtpEmailChannel;
  let deps: EngineDeps;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    smtp = await startTestSmtp();
    const config = { ...loadConfig({}), publicUrl: "https://baton.example" };
    channel = new SmtpEmailChannel(database.db, { ...config, smtp: smtp.config("default@acme.example") });
    deps = await engineDeps(database, { email: channel });
    t = await createTenant(database.db, "thr");
    const c = await createCampaign(
      database.db,
      t.revops,
      {
        slug: "thread_nurture",
        name: "Thread",
        type: "nurture",
        owner_role: "roles.marketing",
        kind: "nurture",
        approval_policy: "auto_send",
        steps: [
          {
            step_number: 1,
            delay_days: 0,
            channel: "email",
            content_type: "follow_up",
            template_instructions: "Open.",
          },
          {
            step_number: 2,
            delay_days: 2,
            channel: "email",
            content_type: "proof",
            template_instructions: "Bump.",
            thread: "follow_up",
          },
          {
            step_number: 3,
            delay_days: 5,
            channel: "email",
            content_type: "exit",
            template_instructions: "Last.",
            thread: "follow_up",
          },
        ],
      },
      T0,
    );
    expect(c.steps.map((s) => s.thread)).toEqual(["new", "follow_up", "follow_up"]);
    for (const m of POOL) await setPoolMailbox(database.db, t.clientId, c.id, m, "add", T0);
  });
  afterAll(async () => {
    channel.close();
    await smtp.close();
    await database.close();
  });

  it("step 2 and 3 answer the thread from the first email's mailbox with In-Reply-To, References and Re:", async () => {
    const contacts = [];
    for (const name of ["Dana Thread", "Eli Thread"]) {
      const contactId = await addContact(database.db, t.clientId, name);
      await enrollContact(database.db, t.exec, { campaign: "thread_nurture", contactId }, T0);
      contacts.push(name.toLowerCase().replace(/[^a-z]+/g, "."));
    }
    await runUntil(deps, t, T0, new Date(T0.getTime() + 10 * DAY));
    const froms = new Set<string>();
    for (const slug of contacts) {
      const got = smtp.messages.filter((m) => m.to.includes(`${slug}@example.test`));
      expect(got).toHaveLength(3);
      const [m1, m2, m3] = got;
      const id1 = m1.headers["message-id"];
      const id2 = m2.headers["message-id"];
      expect(id1).toMatch(/^<[0-9a-f-]{36}@(acme|getacme)\.example>$/);
      expect(m1.headers["in-reply-to"]).toBeUndefined();
      expect(m1.headers.subject).not.toMatch(/^Re:/);
      // step 2 answers step 1
      expect(m2.headers["in-reply-to"]).toBe(id1);
      expect(m2.headers.references).toBe(id1);
      expect(m2.headers.subject).toBe(`Re: ${m1.headers.subject}`);
      // step 3 answers step 2, referencing the whole thread, still "Re: <first subject>"
      expect(m3.headers["in-reply-to"]).toBe(id2);
      expect(m3.headers.references?.split(/\s+/)).toEqual([id1, id2]);
      expect(m3.headers.subject).toBe(`Re: ${m1.headers.subject}`);
      // the same sender throughout the thread (the From header; the envelope sender is each
      // send's own VERP return path, bounces+<token>@ the sending domain: issue 35)
      const sender = (m: typeof m1) => /[^<\s]+@[^>\s]+/.exec(m.headers.from ?? "")?.[0] ?? "";
      expect(sender(m2)).toBe(sender(m1));
      expect(sender(m3)).toBe(sender(m1));
      expect(POOL).toContain(sender(m1));
      for (const m of got) expect(m.from).toMatch(/^bounces\+[0-9a-f]+@/);
      expect(new Set(got.map((m) => m.from)).size).toBe(3);
      froms.add(sender(m1));
      // each message has both alternatives
      expect(m2.headers["content-type"]).toMatch(/multipart\/alternative/);
    }
    // the two first emails were rotated over the pool
    expect(froms.size).toBe(2);
    // every ledger row has its Message-ID, as the inbound matcher needs
    const rows = await database.db
      .selectFrom("channel_deliveries")
      .select(["message_id", "status"])
      .where("client_id", "=", t.clientId)
      .execute();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === "sending" && r.message_id)).toBe(true);
  });
});

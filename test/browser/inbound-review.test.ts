// issue 35 in Chromium: mail Baton cannot trust waits on the Inbound review page. A forged "please
// unsubscribe me" (From: a prospect, no authentication) paused the prospect's sequence when it
// arrived and opted no one out; RevOps sees why it was not trusted and resumes the sends, or
// confirms the opt-out. A rep has no such page. Screenshots in test-artifacts/screenshots/.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { noInboxMetrics } from "../../src/inbox/inbox-metrics.ts";
import { ensureInboxPrincipal } from "../../src/inbox/inbox-principal.ts";
import { processInboundMessage } from "../../src/inbox/process-inbound.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const MAILBOX = "rep.inbox@baton.demo";

describeBrowser("browser: inbound review (forged stop requests wait for a person)", () => {
  let h: BrowserHarness;
  let uid = 0;
  let inboxId = "";
  const people: { contact_id: string; email: string; enrollment_id: string }[] = [];

  /** Appends a forged message to the demo inbox, as the ingester reads it. */
  async function forged(from: string, subject: string, text: string) {
    uid += 1;
    const raw = [
      `From: <${from}>`,
      `To: <${MAILBOX}>`,
      `Subject: ${subject}`,
      `Message-ID: <forged-${uid}@attacker.example>`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      text,
      "",
    ].join("\r\n");
    const db = h.database.db;
    await processInboundMessage(
      {
        db,
        actor: await ensureInboxPrincipal(db, h.clientId),
        softBounceLimit: 3,
        metrics: noInboxMetrics,
        secret: h.deps.config.secret,
      },
      { clientId: h.clientId, id: inboxId, mailbox: MAILBOX },
      "1",
      uid,
      Buffer.from(raw),
      new Date(),
    );
  }

  async function enrollmentStatus(id: string): Promise<string> {
    const r = await sql<{ status: string }>`select status from campaign_contacts
      where client_id = ${h.clientId} and id = ${id}`.execute(h.database.db);
    return r.rows[0]!.status;
  }

  beforeAll(async () => {
    // the living history mails prospects: a stop request comes from someone Baton wrote to lately
    h = await startBrowserHarness({ livingHistory: true });
    await callApi(h, "bt_demo_revops", "PUT", `/api/v1/mailboxes/${MAILBOX}/inbox`, {
      host: "imap.baton.demo",
      port: 993,
      auth: { kind: "password", password: "never-shown" },
    });
    const inbox = await sql<{ id: string }>`select id from mailbox_inboxes
      where client_id = ${h.clientId} and mailbox = ${MAILBOX}`.execute(h.database.db);
    inboxId = inbox.rows[0]!.id;
    // two prospects with one running sequence and no other, Baton's latest mail to them in the last
    // 30 days (a stop request comes from someone Baton wrote to lately). The history is drawn anew
    // on each build (random ids order the engine's ties) and had as few as one such prospect: one
    // it did not mail lately gets the send ledger's row of a mail sent yesterday, as the channel
    // writes it (send-with-ledger.ts)
    const rows = await sql<{ contact_id: string; email: string; enrollment_id: string; mailed: boolean }>`
      select e.contact_id, c.email, e.id as enrollment_id,
        exists (select 1 from channel_deliveries d where d.client_id = e.client_id
             and lower(d.to_address) = lower(c.email) and d.status in ('sending', 'sent')
             and d.created_at >= now() - interval '30 days') as mailed
      from campaign_contacts e join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
      where e.client_id = ${h.clientId} and e.status = 'active' and c.email is not null
        and (select count(*) from campaign_contacts x
             where x.client_id = e.client_id and x.contact_id = e.contact_id and x.status = 'active') = 1
      order by 4 desc, c.email limit 2`.execute(h.database.db);
    for (const { mailed, ...p } of rows.rows) {
      people.push(p);
      if (mailed) continue;
      await h.database.db
        .insertInto("channel_deliveries")
        .values({
          idempotency_key: `inbound-review-test:${p.enrollment_id}`,
          client_id: h.clientId,
          transport: "dev",
          mailbox: MAILBOX,
          to_address: p.email,
          subject: "quick question",
          status: "sent",
          message_id: `<inbound-review-${p.enrollment_id}@baton.demo>`,
          contact_id: p.contact_id,
          created_at: new Date(Date.now() - 86_400_000),
        })
        .execute();
    }
    expect(people).toHaveLength(2);
    await forged(people[0]!.email, "Re: quick question", "Please unsubscribe me from this list.");
    await forged(people[1]!.email, "stop", "Remove me. Do not contact me again.");
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("shows why forged stop requests were not trusted; the sequences wait paused", async () => {
    for (const p of people) expect(await enrollmentStatus(p.enrollment_id)).toBe("paused");
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Inbound review" }).click();
    const rows = page.getByTestId("inbound-review");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const first = rows.filter({ hasText: people[0]!.email });
    expect(await first.getByTestId("stop-request").textContent()).toContain("1 sequence(s) paused");
    expect((await first.getByTestId("why-untrusted").textContent())?.length).toBeGreaterThan(5);
    await h.screenshot("inbound-review");

    // nothing opted anyone out: no suppression, no opt-out
    const opted = await sql<{ n: number }>`select count(*)::int as n from contacts
      where client_id = ${h.clientId} and contact_id = any(${people.map((p) => p.contact_id)}::uuid[])
        and opted_out_at is not null`.execute(h.database.db);
    expect(opted.rows[0]!.n).toBe(0);

    // RevOps resumes the first (forged) and confirms the second (the person wrote again, say)
    await first.getByRole("button", { name: "Resume sends" }).click();
    await page
      .getByTestId("inbound-review")
      .filter({ hasText: people[0]!.email })
      .waitFor({ state: "detached" });
    expect(await enrollmentStatus(people[0]!.enrollment_id)).toBe("active");
    const second = page.getByTestId("inbound-review").filter({ hasText: people[1]!.email });
    await second.getByRole("button", { name: "Confirm opt-out" }).click();
    await page.getByTestId("reviews-empty").waitFor();
    expect(await enrollmentStatus(people[1]!.enrollment_id)).not.toBe("active");
    expect(await enrollmentStatus(people[1]!.enrollment_id)).not.toBe("paused");

    await page.getByLabel("Status").selectOption("applied");
    await page.getByTestId("review-decision").first().waitFor();
    expect(await page.getByTestId("review-decision").first().textContent()).toContain("opted out");
    await h.screenshot("inbound-review-applied");
  });

  it("the exec reads the queue but cannot decide; a rep has no such page", async () => {
    await h.signInAs("exec");
    await h.page.getByRole("link", { name: "Inbound review" }).click();
    await h.page.getByRole("heading", { name: "Inbound review" }).waitFor();
    expect(await h.page.getByRole("button", { name: "Confirm opt-out" }).count()).toBe(0);
    await h.signInAs("rep");
    await h.page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await h.page.getByRole("link", { name: "Inbound review" }).count()).toBe(0);
  });
});

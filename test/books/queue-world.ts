// The books' queue tests (issue 61 item 2): createBookWorld's two teams, and in each queue an item
// about a prospect of team A's rep (A), of team B's rep (B) and, for the rep's tasks, of no one (N):
// LinkedIn tasks, staged drafts, agent drafting tasks, replies waiting in triage, bookings and
// untrusted inbound mail waiting for review. The HTTP app listens, for the MCP calls.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { sql } from "kysely";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { enrollContact, setCampaignPorts } from "../../src/campaigns/index.ts";
import { processReply } from "../../src/campaigns/process-reply.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import type { Classification, ReplyIntent } from "../../src/replies/classifier.ts";
import { approvePending } from "../../src/simulation/simulate-days.ts";
import { newContact } from "../campaigns/helpers.ts";
import { engineDeps, oneStepSales } from "../engine/engine-harness.ts";
import { structured } from "../mcp/mcp-fixtures.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { type BookWorld, createBookWorld } from "../support/books.ts";

export const T0 = new Date("2026-04-06T10:00:00Z");

/** "intent~confidence text": the reading the test wants (below the threshold it waits in triage). */
export const fixedClassifier = {
  name: "fixed",
  async classify(text: string): Promise<Classification> {
    const [intent, conf] = text.split(" ")[0].split("~");
    return {
      intent: intent as ReplyIntent,
      returnDate: null,
      confidence: conf ? Number(conf) : 1,
      by: "fixed",
    };
  },
};

export interface Side<T = string> {
  A: T;
  B: T;
}

export interface QueueWorld {
  h: TestApp;
  url: string;
  w: BookWorld;
  /** a token of an agent bound to team B's book */
  boundB: { auth: { authorization: string }; token: string };
  contacts: { li: Side & { N: string }; mail: Side; agent: Side; reply: Side; meet: Side; mail_in: Side };
  tasks: Side & { N: string };
  drafts: Side;
  draftingTasks: Side;
  replies: Side;
  meetings: Side;
  reviews: Side;
  close(): Promise<void>;
}

export async function createQueueWorld(): Promise<QueueWorld> {
  setCampaignPorts({ classifier: fixedClassifier });
  const h = await testApp();
  h.clock.now = T0;
  const url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  const db = h.database.db;
  const w = await createBookWorld(db, "bq");
  const { t } = w;
  const deps = await engineDeps(h.database);
  const owned = async (name: string, owner: string | null) => {
    const c = await newContact(db, t.clientId, name);
    const slug = name.toLowerCase().replace(/[^a-z]+/g, ".");
    await sql`update contacts set owner_principal_id = ${owner}::uuid,
                 linkedin_url = ${`https://www.linkedin.com/in/${slug}`}
               where client_id = ${t.clientId} and contact_id = ${c.contactId}::uuid`.execute(db);
    return c.contactId;
  };
  const pair = async (what: string): Promise<Side> => ({
    A: await owned(`${what} Ay`, t.rep.principalId),
    B: await owned(`${what} Bee`, w.repB.principalId),
  });
  const contacts = {
    li: { ...(await pair("Linked")), N: await owned("Linked Noone", null) },
    mail: await pair("Mailed"),
    agent: await pair("Drafted"),
    reply: await pair("Replied"),
    meet: await pair("Booked"),
    mail_in: await pair("Untrusted"),
  };
  const run = () =>
    runEngineOnce(deps, T0, {
      workerId: "t",
      batch: 50,
      onError: (e) => {
        throw e;
      },
    });
  const enroll = async (campaign: string, ids: string[]) => {
    for (const contactId of ids) await enrollContact(db, t.exec, { campaign, contactId }, T0);
  };

  // LinkedIn tasks: approved drafts become the rep's tasks
  await oneStepSales(db, t.revops, "bq_li", T0, { channel: "linkedin" });
  await enroll("bq_li", [contacts.li.A, contacts.li.B, contacts.li.N]);
  await run();
  await approvePending(db, t.exec, T0);
  const taskOf = async (contactId: string) =>
    (
      await db
        .selectFrom("engine_rep_tasks")
        .select("id")
        .where("client_id", "=", t.clientId)
        .where("contact_id", "=", contactId)
        .executeTakeFirstOrThrow()
    ).id;
  const tasks = {
    A: await taskOf(contacts.li.A),
    B: await taskOf(contacts.li.B),
    N: await taskOf(contacts.li.N),
  };
  // B's task given to team A's rep by name: before books the rep saw and did it
  await db
    .updateTable("engine_rep_tasks")
    .set({ assignee_principal_id: t.rep.principalId })
    .where("client_id", "=", t.clientId)
    .where("id", "=", tasks.B)
    .execute();

  // staged drafts waiting for approval, and drafting tasks waiting for an agent
  await oneStepSales(db, t.revops, "bq_mail", T0);
  const agentCampaign = await oneStepSales(db, t.revops, "bq_agent", T0);
  await db
    .insertInto("engine_campaign_drafters")
    .values({ client_id: t.clientId, campaign_id: agentCampaign.id, drafter: "agent" })
    .execute();
  await enroll("bq_mail", [contacts.mail.A, contacts.mail.B]);
  await enroll("bq_agent", [contacts.agent.A, contacts.agent.B]);
  await run();
  const draftOf = async (contactId: string) =>
    (
      await db
        .selectFrom("staged_drafts as d")
        .innerJoin("sales_send_queue as q", (j) =>
          j.onRef("q.client_id", "=", "d.client_id").onRef("q.id", "=", "d.send_item_id"),
        )
        .select("d.id")
        .where("d.client_id", "=", t.clientId)
        .where("q.contact_id", "=", contactId)
        .executeTakeFirstOrThrow()
    ).id;
  const drafts = { A: await draftOf(contacts.mail.A), B: await draftOf(contacts.mail.B) };
  const draftingTaskOf = async (contactId: string) =>
    (
      await db
        .selectFrom("engine_drafting_tasks as dt")
        .innerJoin("sales_send_queue as q", (j) =>
          j.onRef("q.client_id", "=", "dt.client_id").onRef("q.id", "=", "dt.send_item_id"),
        )
        .select("dt.id")
        .where("dt.client_id", "=", t.clientId)
        .where("q.contact_id", "=", contactId)
        .executeTakeFirstOrThrow()
    ).id;
  const draftingTasks = {
    A: await draftingTaskOf(contacts.agent.A),
    B: await draftingTaskOf(contacts.agent.B),
  };

  // replies Baton was not sure of, waiting in triage (an unbound agent submits them)
  await enroll("bq_mail", [contacts.reply.A, contacts.reply.B]);
  const reply = async (contactId: string) =>
    (await processReply(db, t.agt301, { contactId, text: "other~0.4 who is this?", receivedAt: T0 }, T0))
      .reply_id;
  const replies = { A: await reply(contacts.reply.A), B: await reply(contacts.reply.B) };

  // bookings matched by address alone, waiting for a person
  const meeting = async (contactId: string, n: number) =>
    (
      await db
        .insertInto("meetings")
        .values({
          client_id: t.clientId,
          provider: "calendly",
          provider_event_id: `bq-${n}`,
          contact_id: contactId,
          status: "booked",
          matched_by: "email",
          invitee_email: `booked${n}@example.test`,
          booked_at: new Date(T0.getTime() + n * 1000),
          review_status: "pending",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const meetings = { A: await meeting(contacts.meet.A, 1), B: await meeting(contacts.meet.B, 2) };

  // untrusted inbound mail waiting for review
  const mailbox = await db
    .insertInto("mailbox_inboxes")
    .values({
      client_id: t.clientId,
      mailbox: "sales@bq.test",
      host: "imap.bq.test",
      port: 993,
      username: "sales",
      auth_kind: "password",
      secret_env: "BQ_SECRET",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const review = async (contactId: string, uid: number) =>
    (
      await db
        .insertInto("inbound_reviews")
        .values({
          client_id: t.clientId,
          mailbox_id: mailbox.id,
          uidvalidity: "1",
          uid: String(uid),
          message_id: `<bq-${uid}@example.test>`,
          contact_id: contactId,
          subject: "Re: hello",
          received_at: T0,
          classification: JSON.stringify({
            kind: "reply",
            intent: "other",
            confidence: 0.5,
            by: "fixed",
            return_date: null,
          }),
          why_untrusted: "no DKIM pass",
          trust: JSON.stringify({
            trusted: false,
            matched: true,
            matched_by: "message_id",
            authenticated: false,
            check: "none",
            why_not: "no DKIM pass",
          }),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const reviews = { A: await review(contacts.mail_in.A, 1), B: await review(contacts.mail_in.B, 2) };

  // an agent whose token is bound to team B's book (0460 api_tokens.book_team_id)
  const agent = await createPrincipal(db, {
    clientId: t.clientId,
    displayName: "Team B agent",
    agentId: "AGT-620",
  });
  const token = await issueToken(db, t.clientId, agent.principalId, "bound-b");
  await sql`update api_tokens set book_team_id = ${w.teamB}::uuid
             where client_id = ${t.clientId} and label = 'bound-b'`.execute(db);

  return {
    h,
    url,
    w,
    boundB: { token, auth: { authorization: `Bearer ${token}` } },
    contacts,
    tasks,
    drafts,
    draftingTasks,
    replies,
    meetings,
    reviews,
    async close() {
      setCampaignPorts({});
      await h.close();
    },
  };
}

/** An MCP client over Streamable HTTP with a bearer token; call(name, args) → {ok, body}. */
export async function mcpAs(url: string, token: string) {
  const client = new Client({ name: "baton-books-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return {
    call: async (name: string, args: Record<string, unknown> = {}) => {
      const r = await client.callTool({ name, arguments: args });
      return { ok: !r.isError, body: structured(r) };
    },
    close: () => client.close(),
  };
}

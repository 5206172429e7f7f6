// The walk's fixtures (walk-books.test.ts): over the demo's data, the objects that hang off Tara's
// prospects and that the demo's seed does not make (a reply waiting in triage, a staged draft, a
// booking waiting for review), the ids the walk fills in, and a digest of every row of Tara's book.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { expect } from "vitest";
import type { DB } from "../../src/db/database.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { notify, type Recipient } from "../../src/notifications/notify.ts";
import type { TestApp } from "../support/app.ts";

export interface BookIds {
  /** one of Tara's prospects, with an enrollment, a task and a send item */
  contact: string;
  email: string;
  enrollment: string;
  slug: string;
  task: string;
  sendItem: string;
  draft: string;
  reply: string;
  handoff: string | null;
  meeting: string;
  /** the prospect's account */
  account: string;
  /** a flag about the prospect's enrollment (stall), open */
  flag: string;
  /** a campaign given to the walkers' team: its managers edit it, so its editor's preview and
   * test-send are theirs to call (with another book's prospect: refused) */
  teamSlug: string;
  /** the first word of the prospect's name, to search with (the search matches from the start) */
  searchTerm: string;
  /** the prospects' owner (Tara) */
  owner: string;
  /** the walker's own prospect (never named as a leak) */
  own: string;
  /** Tara's prospects, all of them */
  contacts: string[];
  /** what must never appear in the walker's answers: ids, emails and names of Tara's book */
  secrets: string[];
}

export async function bookFixtures(
  h: TestApp,
  rep: { authorization: string },
  own: string,
  teamSlug: string,
): Promise<BookIds> {
  const db = h.database.db;
  const task = await db
    .selectFrom("engine_rep_tasks as t")
    .innerJoin("campaign_contacts as e", (j) =>
      j.onRef("e.client_id", "=", "t.client_id").onRef("e.id", "=", "t.enrollment_id"),
    )
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .innerJoin("contacts as ct", (j) =>
      j.onRef("ct.client_id", "=", "t.client_id").onRef("ct.contact_id", "=", "t.contact_id"),
    )
    .select([
      "t.id",
      "t.contact_id",
      "t.enrollment_id",
      "t.send_item_id",
      "c.slug",
      "ct.email",
      "ct.full_name",
      "ct.account_id",
    ])
    .where("t.client_id", "=", DEMO_CLIENT)
    .where("t.status", "=", "open")
    .orderBy("t.created_at")
    .executeTakeFirstOrThrow();

  // a reply that waits in triage: a person logs it, the classifier is not sure
  const reply = await h.app.inject({
    method: "POST",
    url: "/api/v1/replies",
    headers: rep,
    payload: {
      contact_id: task.contact_id,
      text: "Hmm. Maybe, maybe not. Who else did you write to here?",
      received_at: new Date().toISOString(),
      channel: "email",
    },
  });
  expect(reply.statusCode, reply.body).toBeLessThan(300);
  const replyRow = await db
    .selectFrom("campaign_replies")
    .select("id")
    .where("client_id", "=", DEMO_CLIENT)
    .where("contact_id", "=", task.contact_id)
    .executeTakeFirstOrThrow();
  await sql`update campaign_replies set triage = 'pending' where client_id = ${DEMO_CLIENT} and id = ${replyRow.id}::uuid`.execute(
    db,
  );

  // a staged draft of the task's send item, waiting for approval
  const draft = await sql<{ id: string }>`
    insert into staged_drafts (client_id, send_item_id, channel, to_id, subject, body, context, drafted_by)
    values (${DEMO_CLIENT}, ${task.send_item_id}::uuid, 'email', ${task.email}, 'A note', 'Hello there',
            ${JSON.stringify({ contact_id: task.contact_id })}::jsonb, 'AGT-301')
    returning id`.execute(db);

  // a booking waiting for a person's review
  const meeting = await sql<{ id: string }>`
    insert into meetings (client_id, provider, provider_event_id, contact_id, enrollment_id, status, matched_by,
                          invitee_email, invitee_name, booked_at, review_status, start_at)
    values (${DEMO_CLIENT}, 'calendly', 'walk-1', ${task.contact_id}::uuid, ${task.enrollment_id}::uuid, 'booked',
            'email', ${task.email}, 'Walk Invitee', now(), 'pending', now() + interval '2 days')
    returning id`.execute(db);

  // the coordinator's flags: one about the prospect's enrollment (its rep's and the managers'), one
  // about the rep's own backlog (no prospect: it names the rep's work)
  const owner = await db
    .selectFrom("contacts")
    .select("owner_principal_id")
    .where("client_id", "=", DEMO_CLIENT)
    .where("contact_id", "=", task.contact_id)
    .executeTakeFirstOrThrow();
  const flag = await sql<{ flag_id: string }>`
    insert into coordinator_flags (client_id, flag_type, dedup_key, contact_id, enrollment_id, principal_id, details, raised_at)
    values (${DEMO_CLIENT}, 'stall', ${`walk:${task.enrollment_id}`}, ${task.contact_id}::uuid, ${task.enrollment_id}::uuid,
            ${owner.owner_principal_id}::uuid, ${JSON.stringify({ stalled_days: 9, contact_name: task.full_name })}::jsonb, now()),
           (${DEMO_CLIENT}, 'backlog_risk', 'walk:backlog', null, null,
            ${owner.owner_principal_id}::uuid, ${JSON.stringify({ paused_prospects: 12, threshold: 10 })}::jsonb, now())
    returning flag_id`.execute(db);

  // notifications about the prospect and Tara's backlog, addressed as the flags' scan and the
  // coordinator address them when no one person is named: to every rep, to every sales leader, and
  // to an agent's id (the walkers' agent, AGT-301)
  const notices = [
    { kind: "flag.stall", recipient: { role: "rep" }, payload: { contact_id: task.contact_id } },
    {
      kind: "flag.backlog_risk",
      recipient: { role: "slm" },
      payload: { contact_id: null, principal_id: owner.owner_principal_id, owner_name: "Tara" },
    },
    {
      kind: "coordinator.abm_active_suppression",
      recipient: { agentId: "AGT-301" },
      payload: { contact_id: task.contact_id, enrollment_id: task.enrollment_id },
    },
  ] as const;
  for (const n of notices)
    await notify(db, {
      clientId: DEMO_CLIENT,
      kind: n.kind,
      recipient: n.recipient as Recipient,
      payload: { ...n.payload, contact_name: task.full_name },
    });

  const handoff = await db
    .selectFrom("campaign_handoffs")
    .select("id")
    .where("client_id", "=", DEMO_CLIENT)
    .executeTakeFirst();
  const contacts = await db
    .selectFrom("contacts")
    .select(["contact_id", "email", "full_name"])
    .where("client_id", "=", DEMO_CLIENT)
    .where("contact_id", "!=", own)
    .execute();
  const objects = await sql<{ id: string }>`
    select id::text from campaign_contacts where client_id = ${DEMO_CLIENT}
    union all select id::text from engine_rep_tasks where client_id = ${DEMO_CLIENT}
    union all select id::text from sales_send_queue where client_id = ${DEMO_CLIENT}
    union all select id::text from campaign_replies where client_id = ${DEMO_CLIENT}
    union all select id::text from staged_drafts where client_id = ${DEMO_CLIENT}
    union all select id::text from meetings where client_id = ${DEMO_CLIENT}
    union all select id::text from campaign_handoffs where client_id = ${DEMO_CLIENT}
    union all select flag_id::text from coordinator_flags where client_id = ${DEMO_CLIENT}`.execute(db);
  return {
    contact: task.contact_id,
    email: task.email!,
    enrollment: task.enrollment_id!,
    account: task.account_id ?? randomUUID(),
    slug: task.slug,
    task: task.id,
    sendItem: task.send_item_id!,
    draft: draft.rows[0]!.id,
    reply: replyRow.id,
    handoff: handoff?.id ?? null,
    meeting: meeting.rows[0]!.id,
    flag: flag.rows[0]!.flag_id,
    owner: owner.owner_principal_id!,
    teamSlug,
    searchTerm: task.full_name.split(" ")[0]!,
    own,
    contacts: contacts.map((c) => c.contact_id),
    secrets: [
      ...contacts.flatMap((c) => [c.contact_id, c.email, c.full_name].filter((s): s is string => !!s)),
      ...objects.rows.map((r) => r.id),
    ],
  };
}

/** A digest of every row that belongs to Tara's prospects, in every table that holds them. */
export async function digestOf(db: Kysely<DB>, ids: BookIds): Promise<string> {
  const c = ids.contacts;
  const { rows } = await sql<{ d: string }>`
    select md5(coalesce(string_agg(x, '|' order by x), '')) as d from (
      select t::text as x from contacts t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from campaign_contacts t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from engine_rep_tasks t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from sales_send_queue t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from campaign_replies t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from campaign_handoffs t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from meetings t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select t::text from inbound_reviews t where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
      union all select d::text from staged_drafts d join sales_send_queue q on q.client_id = d.client_id and q.id = d.send_item_id
                 where d.client_id = ${DEMO_CLIENT} and q.contact_id = any(${c}::uuid[])
      union all select t::text from coordinator_flags t where client_id = ${DEMO_CLIENT}
                 and (contact_id = any(${c}::uuid[]) or principal_id = ${ids.owner}::uuid)
      union all select 'events ' || count(*) from cadence_event_log t
                 where client_id = ${DEMO_CLIENT} and contact_id = any(${c}::uuid[])
    ) rows`.execute(db);
  return rows[0]!.d;
}

// The rep's task queue (issue 60 item 4): a person's manual touches by due time, each with what the
// person needs to do it without looking anything up (prospect, company, step, campaign, the drafted
// words and where to go), and the two ways a task leaves the queue without a touch: skipped with a
// reason (the send item is cancelled and the event log says why) or snoozed to a time (it comes back
// then). Completing a task stays rep-tasks.ts's completeRepTasks: the coordinator judges it as a send.
//
// The shape is channel-neutral (kind, channel, due_at, prospect, company, step, campaign, body, link)
// so a new kind of task (a phone call) adds a link and fields, not a second queue.
// Books (issue 61 item 2): on top of whom a task is given to, a person lists and acts on the tasks
// of their book's prospects only; another book's task is not found (docs/books.md "Queues").
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { type Book, bookOf, contactRowInBook } from "../books/index.ts";
import { normalizeLinkedinUrl } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import { keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents } from "../event-log/index.ts";
import type { RepTaskSkipReason } from "./rep-task-skip.ts";
import type { RepTaskStatus } from "./tables.ts";

/** The furthest a task may be snoozed: a task put off longer is one to skip. */
export const MAX_SNOOZE_DAYS = 30;

/** Which tasks of the list: due now (the queue), later (snoozed or held), or both. */
export type DueScope = "now" | "later" | "any";

export interface RepTaskItem {
  id: string;
  kind: string;
  channel: string | null;
  assignee_role: string;
  status: RepTaskStatus;
  /** a follow-up of the Signals view (0640) has no channel, address, enrollment, send item, step or campaign */
  to_id: string | null;
  subject: string | null;
  body: string;
  contact_id: string;
  enrollment_id: string | null;
  send_item_id: string | null;
  signal_action_id: string | null;
  created_at: Date;
  due_at: Date;
  done_at: Date | null;
  skip_reason: RepTaskSkipReason | null;
  skip_note: string | null;
  /** how a call went, once it is done (CHANNEL_KINDS outcomes) */
  outcome: string | null;
  /** a personal send the at-once pass did not send, and why (0620; personal-send-at-once.ts) */
  at_once_held: string | null;
  prospect_name: string;
  prospect_title: string | null;
  linkedin_url: string | null;
  company_id: string | null;
  company_name: string | null;
  step_number: number | null;
  content_type: string | null;
  campaign_id: string | null;
  campaign_slug: string | null;
  campaign_name: string | null;
}

/** Where a person goes to do the task: the prospect's LinkedIn profile for a LinkedIn touch, the number for a call. */
export function taskLink(t: Pick<RepTaskItem, "channel" | "linkedin_url" | "to_id">): {
  url: string;
  label: string;
} | null {
  if (t.channel === "linkedin") {
    const url = normalizeLinkedinUrl(t.linkedin_url);
    return url?.startsWith("https://") ? { url, label: "LinkedIn profile" } : null;
  }
  if (t.channel === "phone") {
    const number = (t.to_id ?? "").replace(/[^0-9+]/g, "");
    return number.length >= 3 ? { url: `tel:${number}`, label: `Call ${t.to_id}` } : null;
  }
  return null;
}

type QueueDB = DB & {
  t: DB["engine_rep_tasks"];
  c: DB["contacts"];
};

/**
 * The tasks a person may act on: a rep's are the rep tasks given to them, or to no one about a
 * contact they own (or no one owns); the exec's are the personal sends given to them or to no one.
 */
function actsOn(p: Principal) {
  return (eb: ExpressionBuilder<QueueDB, "t" | "c">) => {
    const mine = eb.or([
      eb("t.assignee_principal_id", "=", p.principalId),
      eb("t.assignee_principal_id", "is", null),
    ]);
    const branches = [];
    if (hasRole(p, "rep")) {
      branches.push(
        eb.and([
          eb("t.assignee_role", "=", "rep"),
          mine,
          eb.or([
            eb("t.assignee_principal_id", "=", p.principalId),
            eb("c.owner_principal_id", "=", p.principalId),
            eb("c.owner_principal_id", "is", null),
          ]),
        ]),
      );
    }
    if (hasRole(p, "exec")) branches.push(eb.and([eb("t.assignee_role", "=", "exec"), mine]));
    return branches.length ? eb.or(branches) : sql<boolean>`false`;
  };
}

/** Whether `p` may act on a task (actsOn, for a row already read). */
export function mayActOn(
  p: Principal,
  t: { assignee_role: string; assignee_principal_id: string | null },
  contactOwner: string | null,
): boolean {
  if (t.assignee_principal_id !== null && t.assignee_principal_id !== p.principalId) return false;
  if (t.assignee_role === "exec") return hasRole(p, "exec");
  return (
    hasRole(p, "rep") &&
    (t.assignee_principal_id === p.principalId || contactOwner === null || contactOwner === p.principalId)
  );
}

/** A task's prospect as the paths that close tasks lock it. */
export interface TaskContact {
  contact_id: string;
  opted_out: boolean;
  owner_principal_id: string | null;
  in_book: boolean;
}

/**
 * Locks the prospects of the tasks `ids`, in contact id order, as every path that closes a task does
 * first (the lock order everywhere: contacts, then the tasks and their send items), so an opt-out that
 * commits first is seen; with whether each is in the caller's book.
 */
export async function lockTaskContacts(
  tx: Kysely<DB>,
  p: Principal,
  book: Book,
  ids: readonly string[],
): Promise<TaskContact[]> {
  const r = await sql<TaskContact>`
      select c.contact_id, (c.opt_out_flag or c.unsubscribe_flag) as opted_out, c.owner_principal_id,
             ${contactRowInBook(book, p.clientId, "c")} as in_book
        from contacts c
       where c.client_id = ${p.clientId}
         and c.contact_id in (select contact_id from engine_rep_tasks
                               where client_id = ${p.clientId} and id = any(${ids}::uuid[]))
       order by c.contact_id
         for update of c`.execute(tx);
  return r.rows;
}

function queueQuery(db: Kysely<DB>, clientId: string) {
  return (
    (db as unknown as Kysely<QueueDB>)
      .selectFrom("engine_rep_tasks as t")
      .innerJoin("contacts as c", (j) =>
        j.onRef("c.client_id", "=", "t.client_id").onRef("c.contact_id", "=", "t.contact_id"),
      )
      .leftJoin("accounts as a", (j) =>
        j.onRef("a.client_id", "=", "c.client_id").onRef("a.account_id", "=", "c.account_id"),
      )
      // a follow-up (0640) has no send item, so neither step nor campaign
      .leftJoin("sales_send_queue as q", (j) =>
        j.onRef("q.client_id", "=", "t.client_id").onRef("q.id", "=", "t.send_item_id"),
      )
      .leftJoin("campaigns as cp", (j) =>
        j.onRef("cp.client_id", "=", "q.client_id").onRef("cp.id", "=", "q.campaign_id"),
      )
      .leftJoin("campaign_sequences as s", (j) =>
        j
          .onRef("s.client_id", "=", "q.client_id")
          .onRef("s.campaign_id", "=", "q.campaign_id")
          .onRef("s.step_number", "=", "q.step_number"),
      )
      .select([
        "t.id",
        "t.kind",
        "t.channel",
        "t.assignee_role",
        "t.status",
        "t.to_id",
        "t.subject",
        "t.body",
        "t.contact_id",
        "t.enrollment_id",
        "t.send_item_id",
        "t.signal_action_id",
        "t.created_at",
        "t.due_at",
        "t.done_at",
        "t.skip_reason",
        "t.skip_note",
        "t.outcome",
        "t.at_once_held",
        "c.full_name as prospect_name",
        "c.title as prospect_title",
        "c.linkedin_url",
        "a.account_id as company_id",
        "a.name as company_name",
        "q.step_number",
        "s.content_type",
        "cp.id as campaign_id",
        "cp.slug as campaign_slug",
        "cp.name as campaign_name",
      ])
      .where("t.client_id", "=", clientId)
  );
}

/**
 * A page of the caller's tasks by due time (earliest first): a rep's and the exec's own (actsOn);
 * RevOps and admins see every person's. `due`: "now" (the default for open tasks) leaves out the
 * snoozed and held ones until their time.
 */
export async function listRepTaskQueue(
  db: Kysely<DB>,
  p: Principal,
  opts: { status?: RepTaskStatus; due?: DueScope } & PageArgs,
  now: Date,
): Promise<Page<RepTaskItem>> {
  requireRole(p, "list tasks", "rep", "exec", "revops", "admin");
  const status = opts.status ?? "open";
  const due = opts.due ?? (status === "open" ? "now" : "any");
  const book = await bookOf(db, p);
  let q = queueQuery(db, p.clientId)
    .where("t.status", "=", status)
    .where(contactRowInBook(book, p.clientId, "c"));
  if (!hasRole(p, "revops", "admin")) q = q.where(actsOn(p));
  if (due === "now") q = q.where("t.due_at", "<=", now);
  else if (due === "later") q = q.where("t.due_at", ">", now);
  const key = [
    { column: "t.due_at", kind: "time" },
    { column: "t.id", kind: "uuid" },
  ] as const;
  const page = await keysetPage(
    q,
    { list: "rep-task-queue", tenant: p.clientId, key, direction: "asc" },
    opts,
    100,
  );
  return page as Page<RepTaskItem>;
}

/** Tasks by id as the queue shows them (after an action), in the order asked. */
export async function readRepTaskItems(
  db: Kysely<DB>,
  clientId: string,
  ids: string[],
): Promise<RepTaskItem[]> {
  if (!ids.length) return [];
  const rows = (await queueQuery(db, clientId).where("t.id", "in", ids).execute()) as RepTaskItem[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The open task `id` the caller may act on, locked: NOT_FOUND when it is not theirs (or its prospect
 * is outside their book), REP_TASK_CLOSED when closed.
 */
async function lockOwnOpenTask(tx: Kysely<DB>, p: Principal, id: string) {
  const book = await bookOf(tx, p);
  const t = await tx
    .selectFrom("engine_rep_tasks as t")
    .innerJoin("contacts as c", (j) =>
      j.onRef("c.client_id", "=", "t.client_id").onRef("c.contact_id", "=", "t.contact_id"),
    )
    .select([
      "t.id",
      "t.status",
      "t.assignee_role",
      "t.assignee_principal_id",
      "t.send_item_id",
      "t.enrollment_id",
      "t.contact_id",
      "t.channel",
      "t.kind",
      "c.owner_principal_id",
    ])
    .where("t.client_id", "=", p.clientId)
    .where("t.id", "=", id)
    .where(contactRowInBook(book, p.clientId, "c"))
    .forUpdate("t")
    .executeTakeFirst();
  if (!t || !mayActOn(p, t, t.owner_principal_id)) throw new BatonError("NOT_FOUND", { entity: "task", id });
  if (t.status !== "open") throw new BatonError("REP_TASK_CLOSED", { taskId: id, status: t.status });
  return t;
}

/**
 * Skips a task: it leaves the queue as skipped with the reason, its send item is cancelled (the touch
 * is not made; the sequence goes on to its next step as after any cancelled touch) and the event log
 * records who skipped it and why (event_type task_skipped). A follow-up (0640) has no touch to cancel.
 */
export async function skipRepTask(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  skip: { reason: RepTaskSkipReason; note?: string | null },
  now: Date,
): Promise<RepTaskItem> {
  requireRole(p, "skip tasks", "rep", "exec");
  const note = skip.note?.trim() || null;
  await db.transaction().execute(async (tx) => {
    const t = await lockOwnOpenTask(tx, p, id);
    await tx
      .updateTable("engine_rep_tasks")
      .set({
        status: "skipped",
        skip_reason: skip.reason,
        skip_note: note,
        done_at: now,
        done_by_principal_id: p.principalId,
      })
      .where("client_id", "=", p.clientId)
      .where("id", "=", id)
      .execute();
    // a follow-up (0640) has no touch to cancel
    const step = t.send_item_id ? await cancelItem(tx, p.clientId, t.send_item_id, now) : null;
    await appendEvents(tx, [
      {
        client_id: p.clientId,
        occurred_at: now,
        contact_id: t.contact_id,
        enrollment_id: t.enrollment_id,
        campaign_id: step?.campaign_id ?? null,
        send_item_id: t.send_item_id,
        step_number: step?.step_number ?? null,
        channel: t.channel,
        event_type: "task_skipped",
        actor_principal_id: p.principalId,
        details: { task_id: id, kind: t.kind, reason: skip.reason, note },
      },
    ]);
  });
  const [item] = await readRepTaskItems(db, p.clientId, [id]);
  return item;
}

/** Cancels a skipped task's touch (unless it is already over); its campaign and step. */
async function cancelItem(tx: Kysely<DB>, clientId: string, sendItemId: string, now: Date) {
  const item = await tx
    .updateTable("sales_send_queue")
    .set({ status: "cancelled", updated_at: now })
    .where("client_id", "=", clientId)
    .where("id", "=", sendItemId)
    .where("status", "not in", ["sent", "failed", "cancelled"])
    .returning(["campaign_id", "step_number"])
    .executeTakeFirst();
  return item ?? (await stepOf(tx, clientId, sendItemId));
}

function stepOf(tx: Kysely<DB>, clientId: string, sendItemId: string) {
  return tx
    .selectFrom("sales_send_queue")
    .select(["campaign_id", "step_number"])
    .where("client_id", "=", clientId)
    .where("id", "=", sendItemId)
    .executeTakeFirstOrThrow();
}

/** Puts a task off until `until` (after now, within MAX_SNOOZE_DAYS): it leaves the queue until then. */
export async function snoozeRepTask(
  db: Kysely<DB>,
  p: Principal,
  id: string,
  until: Date,
  now: Date,
): Promise<RepTaskItem> {
  requireRole(p, "snooze tasks", "rep", "exec");
  const latest = now.getTime() + MAX_SNOOZE_DAYS * 86_400_000;
  if (!(until.getTime() > now.getTime()) || until.getTime() > latest) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [
        {
          path: "until",
          message: `must be after now and at most ${MAX_SNOOZE_DAYS} days ahead (skip a task put off longer)`,
        },
      ],
    });
  }
  await db.transaction().execute(async (tx) => {
    await lockOwnOpenTask(tx, p, id);
    await tx
      .updateTable("engine_rep_tasks")
      .set({ due_at: until })
      .where("client_id", "=", p.clientId)
      .where("id", "=", id)
      .execute();
  });
  const [item] = await readRepTaskItems(db, p.clientId, [id]);
  return item;
}

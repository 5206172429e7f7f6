// Manual touches (spec 002): LinkedIn has no sending API, so an approved LinkedIn step becomes a
// task for the rep; a close step becomes a task for the exec to send personally
// (requires_justin_send). Marking a task done records the touch.
// Completing a task is the manual channel's send, so the coordinator decides it as it decides an
// email's send (spec 001 "gates 1 and 3 again at send time"; spec 002 "max 1 touch per day across
// all active campaigns"): a task whose contact already had today's touch stays open, answered
// REP_TASK_HELD with the instant it may be done (issue 36 item 4: an email step and a LinkedIn
// step due together were both let through at the step gate, before either was a touch, and the
// task's completion was counted by nothing).
// Books (issue 61 item 2): a person lists and completes only the tasks of their book's prospects;
// another book's task is not found, one by one in a list (docs/books.md "Queues").
import { type Kysely, type Selectable, sql } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactIdInBook, contactRowInBook } from "../books/index.ts";
import type { ChannelName } from "../channels/contract.ts";
import { gateSendsBatch } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { completeFollowUps, followUpIdsOf } from "./follow-up-tasks.ts";
import { recordTouches } from "./record-touch.ts";
import { mayActOn } from "./rep-task-queue.ts";
import { REP_TASK_COLUMNS } from "./staged-rows.ts";
import { type EngineRepTasksTable, SIGNAL_FOLLOW_UP } from "./tables.ts";
import { applyOutcomes, type CheckedOutcome, checkOutcome, type TaskDone } from "./task-outcomes.ts";

export type RepTask = Selectable<EngineRepTasksTable>;

/** The caller's tasks: reps see LinkedIn touches, the exec sees personal sends. */
export async function listMyTasks(
  db: Kysely<DB>,
  p: Principal,
  opts: { status?: "open" | "done" | "cancelled" } & PageArgs,
): Promise<Page<RepTask>> {
  requireRole(p, "list rep tasks", "rep", "exec");
  const roles = (["rep", "exec"] as const).filter((r) => hasRole(p, r));
  const book = await bookOf(db, p);
  const q = db
    .selectFrom("engine_rep_tasks")
    .select(REP_TASK_COLUMNS)
    .where("client_id", "=", p.clientId)
    .where("assignee_role", "in", roles)
    .where((w) =>
      w.or([w("assignee_principal_id", "is", null), w("assignee_principal_id", "=", p.principalId)]),
    )
    .where("status", "=", opts.status ?? "open")
    .where(contactIdInBook(book, p.clientId, "contact_id"));
  const key = byTimeAndId("created_at", "id");
  const page = await keysetPage(
    q,
    { list: "rep-tasks", tenant: p.clientId, key, direction: "asc" },
    opts,
    100,
  );
  return page as Page<RepTask>;
}

/** Marks a task done: the touch is recorded (coordinator + CRM) in the same transaction. */
export async function completeRepTask(
  deps: Pick<EngineDeps, "db" | "enqueueCrmWrites">,
  p: Principal,
  taskId: string,
  now: Date,
  said?: TaskDone,
): Promise<RepTask> {
  const [r] = await completeRepTasks(deps, p, [taskId], now, said && new Map([[taskId, said]]));
  if (r instanceof BatonError) throw r;
  return r;
}

/**
 * Marks a list of tasks done in one transaction, in order: the same checks, rows, touches and CRM
 * writes as completeRepTask per task, in a fixed number of statements (issue 14). A task that may
 * not be completed gets its error in its slot; one whose contact opted out (or whose touch was
 * cancelled) is closed as cancelled and answered REP_TASK_CANCELLED_CONTACT, as one at a time does.
 * The rest are gated as sends, in order (a contact's second task of the list meets the first's
 * touch): held → left open, REP_TASK_HELD with `until`; blocked → closed as cancelled.
 * A task of a channel with outcomes (a call) needs its outcome in `said`: one that is no touch
 * (task-outcomes.ts) closes it unjudged, its item failed with the outcome; then each outcome's effect.
 */
export async function completeRepTasks(
  deps: Pick<EngineDeps, "db" | "enqueueCrmWrites">,
  p: Principal,
  taskIds: string[],
  now: Date,
  said?: ReadonlyMap<string, TaskDone>,
): Promise<(RepTask | BatonError)[]> {
  requireRole(p, "complete rep tasks", "rep", "exec");
  if (taskIds.length === 0) return [];
  // a Signals view follow-up is no touch (follow-up-tasks.ts): closed apart, answered in its slot
  const followUps = await followUpIdsOf(deps.db, p.clientId, taskIds);
  if (!followUps.size) return completeTouchTasks(deps, p, taskIds, now, said);
  const touched = await completeTouchTasks(
    deps,
    p,
    taskIds.filter((id) => !followUps.has(id)),
    now,
    said,
  );
  const closed = await completeFollowUps(
    deps.db,
    p,
    taskIds.filter((id) => followUps.has(id)),
    now,
  );
  return taskIds.map((id) => (followUps.has(id) ? closed.shift()! : touched.shift()!));
}

/** completeRepTasks for the tasks that are touches (a LinkedIn touch, a call, a personal send). */
async function completeTouchTasks(
  deps: Pick<EngineDeps, "db" | "enqueueCrmWrites">,
  p: Principal,
  taskIds: string[],
  now: Date,
  said?: ReadonlyMap<string, TaskDone>,
): Promise<(RepTask | BatonError)[]> {
  if (taskIds.length === 0) return [];
  const book = await bookOf(deps.db, p);
  return deps.db.transaction().execute(async (tx) => {
    const ids = [...new Set(taskIds)];
    // lock order (as everywhere): the contacts first, so an opt-out that commits first is seen
    const contacts = await sql<{
      contact_id: string;
      opted_out: boolean;
      owner_principal_id: string | null;
      in_book: boolean;
    }>`
      select c.contact_id, (c.opt_out_flag or c.unsubscribe_flag) as opted_out, c.owner_principal_id,
             ${contactRowInBook(book, p.clientId, "c")} as in_book
        from contacts c
       where c.client_id = ${p.clientId}
         and c.contact_id in (select contact_id from engine_rep_tasks
                               where client_id = ${p.clientId} and id = any(${ids}::uuid[]))
       order by c.contact_id
         for update of c`.execute(tx);
    const optedOut = new Map(contacts.rows.map((c) => [c.contact_id, c.opted_out]));
    const ownerOf = new Map(contacts.rows.map((c) => [c.contact_id, c.owner_principal_id]));
    const inBook = new Set(contacts.rows.filter((c) => c.in_book).map((c) => c.contact_id));
    const tasks = await tx
      .selectFrom("engine_rep_tasks")
      .select(REP_TASK_COLUMNS)
      .where("client_id", "=", p.clientId)
      .where("id", "in", ids)
      .where("kind", "<>", SIGNAL_FOLLOW_UP)
      .orderBy("id")
      .forUpdate()
      // 0640: every task but a follow-up has its send item, enrollment, channel and address
      .$narrowType<{ send_item_id: string; enrollment_id: string; channel: ChannelName; to_id: string }>()
      .execute();
    const taskOf = new Map(tasks.map((t) => [t.id, t]));
    const items = !tasks.length
      ? []
      : await tx
          .selectFrom("sales_send_queue")
          .select(["id", "status"])
          .where("client_id", "=", p.clientId)
          .where(
            "id",
            "in",
            tasks.map((t) => t.send_item_id),
          )
          .orderBy("id")
          .forUpdate()
          .execute();
    const itemStatus = new Map(items.map((i) => [i.id, i.status]));
    const out: (RepTask | BatonError | null)[] = [];
    let done: typeof tasks = [];
    const cancelled: string[] = [];
    const outcomeOf = new Map<string, CheckedOutcome>();
    for (const id of taskIds) {
      const checked = taskOf.has(id) ? checkOutcome(taskOf.get(id)!.channel, said?.get(id)) : null;
      const t = taskOf.get(id);
      // a task the caller may not act on is not theirs to see (a rep's, of a contact another owns,
      // of a prospect outside their book)
      if (!t || !inBook.has(t.contact_id) || !mayActOn(p, t, ownerOf.get(t.contact_id) ?? null)) {
        out.push(new BatonError("NOT_FOUND", { entity: "task", id }));
      } else if (t.status !== "open") {
        out.push(new BatonError("REP_TASK_CLOSED", { taskId: id, status: t.status }));
      } else if (optedOut.get(t.contact_id) || itemStatus.get(t.send_item_id) === "cancelled") {
        // spec 001 gate 1: an opt-out (or a cancelled item) closes the task instead of a touch
        const why = itemStatus.get(t.send_item_id) === "cancelled" ? "the touch was cancelled" : "opted out";
        out.push(
          new BatonError("REP_TASK_CANCELLED_CONTACT", { taskId: id, contactId: t.contact_id, reason: why }),
        );
        t.status = "cancelled";
        cancelled.push(id);
      } else if (checked instanceof BatonError) {
        out.push(checked);
      } else {
        out.push(null);
        t.status = "done";
        done.push(t);
        if (checked) outcomeOf.set(t.id, checked);
      }
    }
    // a call that reached no one is no touch (docs/campaigns.md "Phone calls"): not gated, not counted
    const touches = (t: RepTask) => outcomeOf.get(t.id)?.rule.counts !== false;
    // the send-time gates on the locked contacts, in the list's order
    const decisions = await gateSendsBatch(
      tx,
      {
        clientId: p.clientId,
        sendItemIds: done.filter(touches).map((t) => t.send_item_id),
        lockedContactIds: contacts.rows.map((c) => c.contact_id),
      },
      now,
    );
    const held: { id: string; until: Date | null }[] = [];
    const blockedItems: string[] = [];
    for (let i = 0, k = 0; i < taskIds.length; i++) {
      if (out[i] !== null) continue;
      const t = done[k++];
      const d = decisions.get(t.send_item_id);
      if (!d || d.action === "allow") continue;
      if (d.action === "block") {
        out[i] = new BatonError("REP_TASK_CANCELLED_CONTACT", {
          taskId: t.id,
          contactId: t.contact_id,
          reason: d.reason ?? "blocked",
        });
        t.status = "cancelled";
        cancelled.push(t.id);
        blockedItems.push(t.send_item_id);
      } else {
        out[i] = new BatonError("REP_TASK_HELD", {
          taskId: t.id,
          contactId: t.contact_id,
          reason: d.reason,
          until: d.until?.toISOString() ?? null,
        });
        t.status = "open";
        held.push({ id: t.send_item_id, until: d.until });
      }
    }
    done = done.filter((t) => t.status === "done");
    if (blockedItems.length) {
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "cancelled", updated_at: now })
        .where("client_id", "=", p.clientId)
        .where("id", "in", blockedItems)
        .execute();
    }
    // a held task's item says when it may go, as a held email's does, and the task is due then
    // (it leaves the rep's queue until that time)
    for (const h of held) {
      if (!h.until) continue;
      await tx
        .updateTable("sales_send_queue")
        .set({ scheduled_at: h.until, updated_at: now })
        .where("client_id", "=", p.clientId)
        .where("id", "=", h.id)
        .execute();
      await tx
        .updateTable("engine_rep_tasks")
        .set({ due_at: h.until })
        .where("client_id", "=", p.clientId)
        .where("send_item_id", "=", h.id)
        .execute();
    }
    if (cancelled.length) {
      await tx
        .updateTable("engine_rep_tasks")
        .set({ status: "cancelled" })
        .where("client_id", "=", p.clientId)
        .where("id", "in", cancelled)
        .execute();
    }
    if (done.length === 0) return out as (RepTask | BatonError)[];
    const itemIds = done.filter(touches).map((t) => t.send_item_id);
    for (const t of done.filter((x) => !touches(x)))
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "failed", error: `call: ${outcomeOf.get(t.id)?.outcome}`, updated_at: now })
        .where("client_id", "=", p.clientId)
        .where("id", "=", t.send_item_id)
        .execute();
    if (itemIds.length)
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "sent", sent_at: now, updated_at: now })
        .where("client_id", "=", p.clientId)
        .where("id", "in", itemIds)
        .execute();
    if (itemIds.length)
      await recordTouches(
        deps,
        tx,
        p.clientId,
        itemIds,
        now,
        contacts.rows.map((c) => c.contact_id),
      );
    const rows = await tx
      .updateTable("engine_rep_tasks")
      .set({
        status: "done",
        done_at: now,
        done_by_principal_id: p.principalId,
        outcome: sql`${JSON.stringify(Object.fromEntries([...outcomeOf].map(([id, o]) => [id, o.outcome])))}::jsonb ->> id::text`,
      })
      .where("client_id", "=", p.clientId)
      .where(
        "id",
        "in",
        done.map((t) => t.id),
      )
      .returningAll()
      .execute();
    await applyOutcomes(
      tx,
      p,
      done.flatMap((t) => (outcomeOf.has(t.id) ? [{ ...t, checked: outcomeOf.get(t.id)! }] : [])),
      now,
    );
    const rowOf = new Map(rows.map((r) => [r.id, r]));
    let k = 0;
    return out.map((r) => r ?? rowOf.get(done[k++].id)!);
  });
}

// completeRepTasks (rep-tasks.ts) for the tasks that are touches (a LinkedIn touch, a call, a
// personal send), in one transaction and four stages: lock (the contacts first, then the tasks and
// their send items), check each task in the list's order, gate the touches as sends, then write
// what was decided. Stages so each reads as one step of the send it stands for; the statements
// run in the order they always did.
import { type Kysely, type Selectable, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { type Book, bookOf } from "../books/index.ts";
import type { ChannelName } from "../channels/contract.ts";
import { gateSendsBatch } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { recordTouches } from "./record-touch.ts";
import { lockTaskContacts, mayActOn } from "./rep-task-queue.ts";
import { REP_TASK_COLUMNS } from "./staged-rows.ts";
import { type EngineRepTasksTable, SIGNAL_FOLLOW_UP } from "./tables.ts";
import { applyOutcomes, type CheckedOutcome, checkOutcome, type TaskDone } from "./task-outcomes.ts";

type RepTask = Selectable<EngineRepTasksTable>;
type Deps = Pick<EngineDeps, "db" | "enqueueCrmWrites">;

/** The locked rows: the tasks' contacts (what the checks read of them) and the tasks and items. */
interface Locked {
  contactIds: string[];
  optedOut: Map<string, boolean>;
  ownerOf: Map<string, string | null>;
  inBook: Set<string>;
  // 0640: every task but a follow-up has its send item, enrollment, channel and address
  taskOf: Map<string, TouchTask>;
  itemStatus: Map<string, string>;
}
type TouchTask = RepTask & {
  send_item_id: string;
  enrollment_id: string;
  channel: ChannelName;
  to_id: string;
};

/** The list's answers so far (null: to complete), and the tasks done, cancelled and with outcomes. */
interface Sorted {
  out: (RepTask | BatonError | null)[];
  done: TouchTask[];
  cancelled: string[];
  outcomeOf: Map<string, CheckedOutcome>;
}

export async function completeTouchTasks(
  deps: Deps,
  p: Principal,
  taskIds: string[],
  now: Date,
  said?: ReadonlyMap<string, TaskDone>,
): Promise<(RepTask | BatonError)[]> {
  if (taskIds.length === 0) return [];
  const book = await bookOf(deps.db, p);
  return deps.db.transaction().execute(async (tx) => {
    const locked = await lockTouchTasks(tx, p, book, [...new Set(taskIds)]);
    const sorted = checkTouchTasks(p, taskIds, locked, said);
    // a call that reached no one is no touch (docs/campaigns.md "Phone calls"): not gated, not counted
    const touches = (t: RepTask) => sorted.outcomeOf.get(t.id)?.rule.counts !== false;
    await gateTouchTasks(tx, p, taskIds, locked, sorted, touches, now);
    const { out, cancelled, outcomeOf } = sorted;
    const done = sorted.done.filter((t) => t.status === "done");
    if (cancelled.length) {
      await tx
        .updateTable("engine_rep_tasks")
        .set({ status: "cancelled" })
        .where("client_id", "=", p.clientId)
        .where("id", "in", cancelled)
        .execute();
    }
    if (done.length === 0) return out as (RepTask | BatonError)[];
    const rows = await recordDoneTasks(deps, tx, p, done, outcomeOf, touches, locked.contactIds, now);
    const rowOf = new Map(rows.map((r) => [r.id, r]));
    let k = 0;
    return out.map((r) => r ?? rowOf.get(done[k++].id)!);
  });
}

/**
 * Lock stage. Lock order (as everywhere): the contacts first, so an opt-out that commits first is
 * seen; then the tasks and their send items, in id order.
 */
async function lockTouchTasks(tx: Kysely<DB>, p: Principal, book: Book, ids: string[]): Promise<Locked> {
  const contacts = await lockTaskContacts(tx, p, book, ids);
  const optedOut = new Map(contacts.map((c) => [c.contact_id, c.opted_out]));
  const ownerOf = new Map(contacts.map((c) => [c.contact_id, c.owner_principal_id]));
  const inBook = new Set(contacts.filter((c) => c.in_book).map((c) => c.contact_id));
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
  const itemStatus = new Map<string, string>(items.map((i) => [i.id, i.status]));
  return {
    contactIds: contacts.map((c) => c.contact_id),
    optedOut,
    ownerOf,
    inBook,
    taskOf,
    itemStatus,
  };
}

/**
 * Check stage, in the list's order: a task the caller may not act on is not found, a closed one
 * is refused, an opted-out contact's (or a cancelled touch's) is cancelled, a call without a valid
 * outcome is refused; the rest are done, pending the gates. No statements.
 */
function checkTouchTasks(
  p: Principal,
  taskIds: string[],
  locked: Locked,
  said: ReadonlyMap<string, TaskDone> | undefined,
): Sorted {
  const { taskOf, inBook, ownerOf, optedOut, itemStatus } = locked;
  const out: (RepTask | BatonError | null)[] = [];
  const done: TouchTask[] = [];
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
  return { out, done, cancelled, outcomeOf };
}

/**
 * Gate stage: the send-time gates on the locked contacts, in the list's order (a contact's second
 * task of the list meets the first's touch). Blocked: the task is cancelled and its item too;
 * held: the task stays open, due (and its item scheduled) when the gate says it may go.
 */
async function gateTouchTasks(
  tx: Kysely<DB>,
  p: Principal,
  taskIds: string[],
  locked: Locked,
  sorted: Sorted,
  touches: (t: RepTask) => boolean,
  now: Date,
): Promise<void> {
  const { out, done, cancelled } = sorted;
  const decisions = await gateSendsBatch(
    tx,
    {
      clientId: p.clientId,
      sendItemIds: done.filter(touches).map((t) => t.send_item_id),
      lockedContactIds: locked.contactIds,
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
}

/**
 * Record stage for the tasks done: a call that was no touch fails its item with the outcome; the
 * touches' items are sent and recorded as touches (coordinator + CRM); the tasks close with their
 * outcomes, and each outcome's effect follows. The closed task rows.
 */
async function recordDoneTasks(
  deps: Deps,
  tx: Kysely<DB>,
  p: Principal,
  done: TouchTask[],
  outcomeOf: Map<string, CheckedOutcome>,
  touches: (t: RepTask) => boolean,
  lockedContactIds: string[],
  now: Date,
): Promise<RepTask[]> {
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
  if (itemIds.length) await recordTouches(deps, tx, p.clientId, itemIds, now, lockedContactIds);
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
  return rows;
}

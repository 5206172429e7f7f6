// A follow-up made from the Signals view (issue 69 item 4; migration 0640) is a task of the rep's
// queue like a LinkedIn touch, with no send item, enrollment, channel or address: it asks a person to
// follow up on a prospect whose signals say they may be ready. It is listed, snoozed and skipped as
// any task (rep-task-queue.ts); marking it done records no touch (there was none to gate: whatever
// the person then sends goes through the coordinator as usual), so it is closed here, apart from
// completeRepTasks' touches. A prospect who opted out meanwhile closes it as cancelled, as a touch's
// task is. Books: a person acts only on the tasks of their book's prospects (docs/books.md "Queues").
import type { Kysely, Selectable } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import { lockTaskContacts, mayActOn } from "./rep-task-queue.ts";
import { REP_TASK_COLUMNS } from "./staged-rows.ts";
import { type EngineRepTasksTable, SIGNAL_FOLLOW_UP } from "./tables.ts";

type RepTask = Selectable<EngineRepTasksTable>;

export interface NewFollowUp {
  clientId: string;
  contactId: string;
  /** who does it: a rep (one, or any rep whose book holds the prospect: null) or the exec */
  assigneeRole: "rep" | "exec";
  assigneePrincipalId: string | null;
  body: string;
  dueAt: Date;
  /** the Signals view's row (signal_actions) the task is */
  signalActionId: string;
  now: Date;
}

/** Adds a follow-up task to the queue, in the caller's transaction; its id. */
export async function addFollowUpTask(tx: Kysely<DB>, f: NewFollowUp): Promise<string> {
  const row = await tx
    .insertInto("engine_rep_tasks")
    .values({
      client_id: f.clientId,
      kind: SIGNAL_FOLLOW_UP,
      assignee_role: f.assigneeRole,
      assignee_principal_id: f.assigneePrincipalId,
      send_item_id: null,
      enrollment_id: null,
      contact_id: f.contactId,
      channel: null,
      to_id: null,
      subject: null,
      body: f.body,
      created_at: f.now,
      due_at: f.dueAt,
      signal_action_id: f.signalActionId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Which of `ids` are follow-ups (the tenant's; an unknown id is none). */
export async function followUpIdsOf(db: Kysely<DB>, clientId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom("engine_rep_tasks")
    .select("id")
    .where("client_id", "=", clientId)
    .where("id", "in", [...new Set(ids)])
    .where("kind", "=", SIGNAL_FOLLOW_UP)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Marks follow-ups done, in order, one transaction: each is the caller's to act on (else NOT_FOUND),
 * open (else REP_TASK_CLOSED), and of a prospect who has not opted out (else closed as cancelled,
 * REP_TASK_CANCELLED_CONTACT). No touch is recorded; the event log says who followed up (follow_up_done).
 */
export async function completeFollowUps(
  db: Kysely<DB>,
  p: Principal,
  ids: string[],
  now: Date,
): Promise<(RepTask | BatonError)[]> {
  if (!ids.length) return [];
  const book = await bookOf(db, p);
  return db.transaction().execute(async (tx) => {
    // the contacts first, as every path that closes a task locks them (an opt-out that commits first wins)
    const contacts = await lockTaskContacts(tx, p, book, ids);
    const contactOf = new Map(contacts.map((c) => [c.contact_id, c]));
    const tasks = await tx
      .selectFrom("engine_rep_tasks")
      .select(REP_TASK_COLUMNS)
      .where("client_id", "=", p.clientId)
      .where("id", "in", [...new Set(ids)])
      .where("kind", "=", SIGNAL_FOLLOW_UP)
      .orderBy("id")
      .forUpdate()
      .execute();
    const taskOf = new Map(tasks.map((t) => [t.id, t]));
    const out: (RepTask | BatonError)[] = [];
    const closing = new Map<string, "done" | "cancelled">();
    for (const id of ids) {
      const t = taskOf.get(id);
      const c = t && contactOf.get(t.contact_id);
      if (!t || !c?.in_book || !mayActOn(p, t, c.owner_principal_id)) {
        out.push(new BatonError("NOT_FOUND", { entity: "task", id }));
      } else if (t.status !== "open" || closing.has(id)) {
        out.push(new BatonError("REP_TASK_CLOSED", { taskId: id, status: closing.get(id) ?? t.status }));
      } else if (c.opted_out) {
        closing.set(id, "cancelled");
        out.push(
          new BatonError("REP_TASK_CANCELLED_CONTACT", {
            taskId: id,
            contactId: t.contact_id,
            reason: "opted out",
          }),
        );
      } else {
        closing.set(id, "done");
        out.push({ ...t, status: "done", done_at: now, done_by_principal_id: p.principalId });
      }
    }
    for (const status of ["done", "cancelled"] as const) {
      const these = [...closing].filter(([, s]) => s === status).map(([id]) => id);
      if (!these.length) continue;
      await tx
        .updateTable("engine_rep_tasks")
        .set({ status, done_at: now, done_by_principal_id: p.principalId })
        .where("client_id", "=", p.clientId)
        .where("id", "in", these)
        .execute();
    }
    const done = [...closing].filter(([, s]) => s === "done").map(([id]) => taskOf.get(id)!);
    if (done.length)
      await appendEvents(
        tx,
        done.map((t) => ({
          client_id: p.clientId,
          occurred_at: now,
          contact_id: t.contact_id,
          event_type: "follow_up_done",
          actor_principal_id: p.principalId,
          lineage: NO_LINEAGE,
          details: { task_id: t.id, kind: t.kind, signal_action_id: t.signal_action_id },
        })),
      );
    return out;
  });
}

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
import type { Kysely, Selectable } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactIdInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { completeTouchTasks } from "./complete-touch-tasks.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { completeFollowUps, followUpIdsOf } from "./follow-up-tasks.ts";
import { REP_TASK_COLUMNS } from "./staged-rows.ts";
import type { EngineRepTasksTable } from "./tables.ts";
import type { TaskDone } from "./task-outcomes.ts";

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

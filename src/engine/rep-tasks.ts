// Manual touches (spec 002): LinkedIn has no sending API, so an approved LinkedIn step becomes a
// task for the rep; a close step becomes a task for the exec to send personally
// (requires_justin_send). Marking a task done records the touch.
import type { Kysely, Selectable } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { recordManualOrSentTouch } from "./record-touch.ts";
import type { EngineRepTasksTable } from "./tables.ts";

export type RepTask = Selectable<EngineRepTasksTable>;

/** The caller's tasks: reps see LinkedIn touches, the exec sees personal sends. */
export async function listMyTasks(
  db: Kysely<DB>,
  p: Principal,
  opts: { status?: "open" | "done" | "cancelled"; limit?: number },
): Promise<RepTask[]> {
  requireRole(p, "list rep tasks", "rep", "exec");
  const roles = (["rep", "exec"] as const).filter((r) => hasRole(p, r));
  return db
    .selectFrom("engine_rep_tasks")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("assignee_role", "in", roles)
    .where((w) =>
      w.or([w("assignee_principal_id", "is", null), w("assignee_principal_id", "=", p.principalId)]),
    )
    .where("status", "=", opts.status ?? "open")
    .orderBy("created_at")
    .limit(opts.limit ?? 100)
    .execute();
}

/** Marks a task done: the touch is recorded (coordinator + CRM) in the same transaction. */
export async function completeRepTask(
  deps: Pick<EngineDeps, "db" | "enqueueCrmWrites">,
  p: Principal,
  taskId: string,
  now: Date,
): Promise<RepTask> {
  requireRole(p, "complete rep tasks", "rep", "exec");
  const r = await deps.db.transaction().execute(async (tx) => {
    // lock order (as everywhere): the contact first, so an opt-out that commits first is seen
    const owner = await tx
      .selectFrom("engine_rep_tasks")
      .select("contact_id")
      .where("client_id", "=", p.clientId)
      .where("id", "=", taskId)
      .executeTakeFirst();
    if (!owner) throw new BatonError("NOT_FOUND", { entity: "task", id: taskId });
    const c = await tx
      .selectFrom("contacts")
      .select(["opt_out_flag", "unsubscribe_flag"])
      .where("client_id", "=", p.clientId)
      .where("contact_id", "=", owner.contact_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const t = await tx
      .selectFrom("engine_rep_tasks")
      .selectAll()
      .where("client_id", "=", p.clientId)
      .where("id", "=", taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!t || !hasRole(p, t.assignee_role)) throw new BatonError("NOT_FOUND", { entity: "task", id: taskId });
    if (t.status !== "open") throw new BatonError("REP_TASK_CLOSED", { taskId, status: t.status });
    const item = await tx
      .selectFrom("sales_send_queue")
      .select(["id", "status"])
      .where("id", "=", t.send_item_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // spec 001 gate 1: an opt-out (or a cancelled item) closes the task instead of a touch
    if (c.opt_out_flag || c.unsubscribe_flag || item.status === "cancelled") {
      await tx.updateTable("engine_rep_tasks").set({ status: "cancelled" }).where("id", "=", t.id).execute();
      return {
        refused: {
          taskId,
          contactId: t.contact_id,
          reason: item.status === "cancelled" ? "the touch was cancelled" : "opted out",
        },
      };
    }
    await tx
      .updateTable("sales_send_queue")
      .set({ status: "sent", sent_at: now, updated_at: now })
      .where("id", "=", item.id)
      .execute();
    await recordManualOrSentTouch(deps, tx, p.clientId, item.id, now);
    const done = await tx
      .updateTable("engine_rep_tasks")
      .set({ status: "done", done_at: now, done_by_principal_id: p.principalId })
      .where("id", "=", t.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { done };
  });
  if ("refused" in r && r.refused) throw new BatonError("REP_TASK_CANCELLED_CONTACT", r.refused);
  return (r as { done: RepTask }).done;
}

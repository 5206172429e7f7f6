// The exec's personal send in one click (issue 67 item 5; spec 002: the close step is "flagged for
// Justin to send personally"): the close step he approved goes out from his own connected mailbox
// when he clicks Send, through the same ledger as every email (at most once, its key the send
// item's), recorded as his touch with the sender rule's 'exec_personal', then the task is done as
// a marked-done task is (the touch, the event log, the CRM activity). The send-time gates run
// first, as for any send: an opt-out, a hold or a block answers as marking the task done would,
// and nothing is sent.
import { sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactIdInBook } from "../books/index.ts";
import { unsubscribeHeaders } from "../channels/index.ts";
import type { Config } from "../config/config.ts";
import { gateSendsBatch, lockContactsOf } from "../coordinator/index.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { mayActOn } from "./rep-task-queue.ts";
import { completeRepTask, type RepTask } from "./rep-tasks.ts";

export async function sendPersonally(
  deps: Pick<EngineDeps, "db" | "email" | "enqueueCrmWrites">,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  p: Principal,
  taskId: string,
  now: Date,
): Promise<RepTask> {
  requireRole(p, "send a close step from your mailbox", "exec");
  const book = await bookOf(deps.db, p);
  const t = await deps.db
    .selectFrom("engine_rep_tasks as t")
    .innerJoin("sales_send_queue as q", (j) =>
      j.onRef("q.client_id", "=", "t.client_id").onRef("q.id", "=", "t.send_item_id"),
    )
    .select([
      "t.id",
      "t.kind",
      "t.status",
      "t.assignee_role",
      "t.assignee_principal_id",
      "t.contact_id",
      "t.to_id",
      "t.subject",
      "t.body",
      "t.send_item_id",
      "q.idempotency_key",
    ])
    // joined to its send item: a touch's task, with its address (0640)
    .$narrowType<{ send_item_id: string; to_id: string }>()
    .where("t.client_id", "=", p.clientId)
    .where("t.id", "=", taskId)
    .where(contactIdInBook(book, p.clientId, "t.contact_id"))
    .executeTakeFirst();
  if (t?.kind !== "personal_send" || !mayActOn(p, t, null))
    throw new BatonError("NOT_FOUND", { entity: "task", id: taskId });
  if (t.status !== "open") throw new BatonError("REP_TASK_CLOSED", { taskId, status: t.status });
  const own = await deps.db
    .selectFrom("mailbox_connections")
    .select(["mailbox", "status"])
    .where("client_id", "=", p.clientId)
    .where("owner_id", "=", p.principalId)
    .where("can_send", "=", true)
    .where("status", "<>", "disconnected")
    .orderBy(sql`status = 'connected'`, "desc")
    .orderBy("connected_at")
    .executeTakeFirst();
  if (!own) throw new BatonError("MAILBOX_NOT_CONNECTED", {});
  if (!deps.email) throw new BatonError("MAILBOX_NOT_CONNECTED", { why: "this Baton sends no email" });

  // the send-time gates (spec 001 gates 1 and 3), as marking the task done runs them: anything but
  // allow is answered by that path itself (the task held, or closed for an opt-out), nothing sent
  const allowed = await deps.db.transaction().execute(async (tx) => {
    const locked = await lockContactsOf(tx, p.clientId, { sendItemIds: [t.send_item_id] });
    const d = await gateSendsBatch(
      tx,
      { clientId: p.clientId, sendItemIds: [t.send_item_id], lockedContactIds: locked },
      now,
    );
    return d.get(t.send_item_id)?.action === "allow";
  });
  if (!allowed) return completeRepTask(deps, p, taskId, now);

  // a close step is commercial mail: it carries the one-click unsubscribe headers
  const transactional = false;
  const email = deps.email;
  const send: typeof email.send = (m, n) =>
    email.sendMany ? email.sendMany([m], n, { exclusive: true }).then((x) => x[0]) : email.send(m, n);
  const r = await send(
    {
      clientId: p.clientId,
      to: t.to_id,
      subject: t.subject ?? "",
      text: t.body,
      headers: {
        "X-Baton-Send-Item": t.send_item_id,
        ...(transactional ? {} : unsubscribeHeaders(config, p.clientId, t.contact_id)),
      },
      idempotencyKey: t.idempotency_key,
      contactId: t.contact_id,
      transactional,
      mailbox: own.mailbox,
      sentAs: "exec_personal",
    },
    now,
  );
  if (r.status === "deferred" || r.status === "failed")
    throw new BatonError("PERSONAL_SEND_FAILED", { mailbox: own.mailbox, why: r.error });
  if (r.status === "duplicate" && !r.previous.startsWith("sent") && !r.previous.startsWith("sending"))
    throw new BatonError("PERSONAL_SEND_FAILED", {
      mailbox: own.mailbox,
      why: `an earlier attempt's outcome is ${r.previous}`,
    });
  return completeRepTask(deps, p, taskId, now);
}

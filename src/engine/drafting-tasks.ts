// Agents draft touches through the API (spec 002 "roles.sales drafts each touch"): list open
// drafting tasks, lease one (the lease expires, so a crashed agent never strands a step), submit
// the draft under the lease. The draft then lands in staged_drafts like any other. An agent token
// bound to a team or a territory (issue 61 item 2) lists, leases and submits only the tasks of its
// binding's prospects (another's is not found); Baton's own drafter (llm-drafting.ts) names no
// principal and drafts every task.
import type { Kysely, Selectable } from "kysely";
import { type Principal, requireAgent } from "../auth/principal.ts";
import { bookOf } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import type { DraftOutput } from "../drafting/index.ts";
import { BatonError } from "../errors/baton-error.ts";
import { loadDraftInput } from "./draft-inputs.ts";
import { sendItemInBook } from "./send-item-book.ts";
import { type StagedDraft, stageDraft } from "./stage-draft.ts";
import type { EngineDraftingTasksTable } from "./tables.ts";

export type DraftingTask = Selectable<EngineDraftingTasksTable>;

/** Open tasks whose lease is free or ended, oldest first, a page at a time (keyset on created_at, id). */
export async function listDraftingTasks(
  db: Kysely<DB>,
  p: Principal,
  now: Date,
  args: PageArgs = {},
): Promise<Page<DraftingTask>> {
  requireAgent(p, "list drafting tasks");
  const book = await bookOf(db, p);
  const q = db
    .selectFrom("engine_drafting_tasks")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("status", "=", "open")
    .where(sendItemInBook(book, p.clientId, "send_item_id"))
    .where((w) => w.or([w("lease_expires_at", "is", null), w("lease_expires_at", "<=", now)]));
  const key = byTimeAndId("created_at", "id");
  return keysetPage(q, { list: "drafting-tasks", tenant: p.clientId, key, direction: "asc" }, args, 50);
}

/**
 * Leases a task to an agent (or the built-in LLM drafter) until now + leaseMs. `asked`: the agent
 * principal whose request it is (the API and MCP), whose book must hold the task's prospect.
 */
export async function leaseDraftingTask(
  db: Kysely<DB>,
  clientId: string,
  agentId: string,
  taskId: string,
  now: Date,
  leaseMs: number,
  asked?: Principal,
): Promise<DraftingTask> {
  const inBook = await bookCheck(db, asked);
  return db.transaction().execute(async (tx) => {
    const t = await lockTask(tx, clientId, taskId, inBook);
    if (t.status !== "open") throw new BatonError("DRAFTING_TASK_CLOSED", { taskId, status: t.status });
    if (
      t.leased_by_agent_id &&
      t.leased_by_agent_id !== agentId &&
      t.lease_expires_at &&
      t.lease_expires_at > now
    )
      throw new BatonError("DRAFTING_TASK_LEASED", {
        taskId,
        agentId: t.leased_by_agent_id,
        leaseExpiresAt: t.lease_expires_at.toISOString(),
      });
    return tx
      .updateTable("engine_drafting_tasks")
      .set({ leased_by_agent_id: agentId, lease_expires_at: new Date(now.getTime() + leaseMs) })
      .where("client_id", "=", clientId)
      .where("id", "=", t.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Submits the draft under a live lease; the item becomes drafted (or approved for auto-send). */
export async function submitDraft(
  db: Kysely<DB>,
  clientId: string,
  agentId: string,
  taskId: string,
  draft: { subject: string | null; body: string; draftedBy?: string },
  now: Date,
  senderName: string,
  asked?: Principal,
): Promise<StagedDraft> {
  const inBook = await bookCheck(db, asked);
  return db.transaction().execute(async (tx) => {
    const t = await lockTask(tx, clientId, taskId, inBook);
    if (t.status !== "open") throw new BatonError("DRAFTING_TASK_CLOSED", { taskId, status: t.status });
    if (t.leased_by_agent_id !== agentId || !t.lease_expires_at || t.lease_expires_at <= now)
      throw new BatonError("DRAFTING_LEASE_NOT_HELD", {
        taskId,
        leaseExpiresAt: t.leased_by_agent_id === agentId ? (t.lease_expires_at?.toISOString() ?? null) : null,
      });
    const item = await tx
      .selectFrom("sales_send_queue")
      .selectAll()
      .where("client_id", "=", clientId)
      .where("id", "=", t.send_item_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (item.status !== "pending") {
      await tx
        .updateTable("engine_drafting_tasks")
        .set({ status: "cancelled" })
        .where("client_id", "=", clientId)
        .where("id", "=", t.id)
        .execute();
      throw new BatonError("DRAFTING_TASK_CLOSED", {
        taskId,
        status: `cancelled (send item ${item.status})`,
      });
    }
    const { toId, campaignPolicy, ...input } = await loadDraftInput(tx, item, senderName);
    const out: DraftOutput = {
      subject: draft.subject,
      body: draft.body,
      draftedBy: draft.draftedBy ?? agentId,
    };
    const staged = await stageDraft(tx, item, input, toId ?? "", out, campaignPolicy, now);
    await tx
      .updateTable("engine_drafting_tasks")
      .set({ status: "submitted", submitted_at: now, staged_draft_id: staged.id })
      .where("client_id", "=", clientId)
      .where("id", "=", t.id)
      .execute();
    return staged;
  });
}

/** The book condition of the asking principal's request (none asked: Baton's own drafter). */
async function bookCheck(db: Kysely<DB>, asked: Principal | undefined) {
  return asked ? sendItemInBook(await bookOf(db, asked), asked.clientId, "send_item_id") : null;
}

async function lockTask(
  tx: Kysely<DB>,
  clientId: string,
  taskId: string,
  inBook: ReturnType<typeof sendItemInBook> | null,
): Promise<DraftingTask> {
  const t = await tx
    .selectFrom("engine_drafting_tasks")
    .selectAll()
    .where("client_id", "=", clientId)
    .where("id", "=", taskId)
    .$if(inBook !== null, (q) => q.where(inBook!))
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw new BatonError("NOT_FOUND", { entity: "drafting task", id: taskId });
  return t;
}

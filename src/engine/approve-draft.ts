// spec 002 "staged_drafts (all outbound, pending Justin's approval)": the exec approves, edits
// then approves (original_body kept), or rejects each draft, one or in bulk. Only approved drafts
// are sent; approving twice or after an opt-out is refused with a clear error.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { routeApproved, type StagedDraft } from "./stage-draft.ts";

export type DraftDecision =
  | { action: "approve"; body?: string; subject?: string | null }
  | { action: "reject"; reason?: string | null };

export async function decideDraft(
  db: Kysely<DB>,
  p: Principal,
  draftId: string,
  decision: DraftDecision,
  now: Date,
): Promise<StagedDraft> {
  requireRole(p, decision.action === "approve" ? "approve drafts" : "reject drafts", "exec");
  return db.transaction().execute(async (tx) => {
    const draft = await tx
      .selectFrom("staged_drafts")
      .selectAll()
      .where("client_id", "=", p.clientId)
      .where("id", "=", draftId)
      .forUpdate()
      .executeTakeFirst();
    if (!draft) throw new BatonError("NOT_FOUND", { entity: "draft", id: draftId });
    const item = draft.send_item_id
      ? await tx
          .selectFrom("sales_send_queue")
          .selectAll()
          .where("id", "=", draft.send_item_id)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (decision.action === "approve" && item) {
      const c = await tx
        .selectFrom("contacts")
        .select(["opt_out_flag", "unsubscribe_flag"])
        .where("client_id", "=", p.clientId)
        .where("contact_id", "=", item.contact_id)
        .executeTakeFirstOrThrow();
      // spec 001 gate 1: an opt-out wins over a pending approval
      if (c.opt_out_flag || c.unsubscribe_flag)
        throw new BatonError("DRAFT_CONTACT_OPTED_OUT", { draftId, contactId: item.contact_id });
    }
    if (draft.status !== "pending")
      throw new BatonError("DRAFT_ALREADY_DECIDED", {
        draftId,
        status: draft.status,
        decidedAt: draft.decided_at?.toISOString() ?? null,
      });
    if (item && item.status !== "drafted")
      throw new BatonError("DRAFT_NOT_SENDABLE", { draftId, itemStatus: item.status });

    if (decision.action === "reject") {
      const rejected = await tx
        .updateTable("staged_drafts")
        .set({
          status: "rejected",
          reject_reason: decision.reason ?? null,
          decided_by_user_id: p.principalId,
          decided_at: now,
        })
        .where("id", "=", draft.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (item)
        await tx
          .updateTable("sales_send_queue")
          .set({
            status: "cancelled",
            error: `draft rejected${decision.reason ? `: ${decision.reason}` : ""}`,
            updated_at: now,
          })
          .where("id", "=", item.id)
          .execute();
      await logDecision(tx, p, draft, item, "draft_rejected", now, { reason: decision.reason ?? null });
      return rejected;
    }

    const edited = decision.body !== undefined && decision.body !== draft.body;
    const approved = await tx
      .updateTable("staged_drafts")
      .set({
        status: "approved",
        body: decision.body ?? draft.body,
        subject: decision.subject !== undefined ? decision.subject : draft.subject,
        // edit-then-approve keeps what the drafter wrote
        original_body: edited ? draft.body : draft.original_body,
        decided_by_user_id: p.principalId,
        decided_at: now,
      })
      .where("id", "=", draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (item) {
      const updated = await tx
        .updateTable("sales_send_queue")
        .set({ status: "approved", updated_at: now })
        .where("id", "=", item.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await routeApproved(tx, updated, approved);
    }
    await logDecision(tx, p, draft, item, "draft_approved", now, { edited });
    return approved;
  });
}

async function logDecision(
  tx: Kysely<DB>,
  p: Principal,
  draft: StagedDraft,
  item:
    | { id: string; contact_id: string; enrollment_id: string; campaign_id: string; step_number: number }
    | undefined,
  eventType: string,
  now: Date,
  details: Record<string, unknown>,
) {
  await tx
    .insertInto("cadence_event_log")
    .values({
      client_id: p.clientId,
      occurred_at: now,
      contact_id: item?.contact_id ?? null,
      enrollment_id: item?.enrollment_id ?? null,
      campaign_id: item?.campaign_id ?? null,
      send_item_id: item?.id ?? null,
      step_number: item?.step_number ?? null,
      channel: draft.channel,
      event_type: eventType,
      actor_principal_id: p.principalId,
      details: JSON.stringify({ draft_id: draft.id, ...details }),
    })
    .execute();
}

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string; next_action: string };
}

/** Bulk approve or reject: each draft in its own transaction, each with its own result. */
export async function decideDrafts(
  db: Kysely<DB>,
  p: Principal,
  ids: string[],
  decision: DraftDecision,
  now: Date,
): Promise<BulkResult[]> {
  requireRole(p, decision.action === "approve" ? "approve drafts" : "reject drafts", "exec");
  const out: BulkResult[] = [];
  for (const id of ids) {
    try {
      const d = await decideDraft(
        db,
        p,
        id,
        decision.action === "approve" ? { action: "approve" } : decision,
        now,
      );
      out.push({ id, ok: true, status: d.status });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out.push({ id, ok: false, error: { code: e.code, message: e.message, next_action: e.nextAction } });
    }
  }
  return out;
}

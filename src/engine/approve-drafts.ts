// Deciding drafts in bulk (the exec's bulk approve and reject, the simulator's approvals): one
// transaction of a fixed number of statements for an approval, each draft its own result.
// decideDraft (approve-draft.ts) is the one-draft decision; this file gives many drafts the same
// locks, checks, errors, rows and events.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { isDatabaseError } from "../errors/map-db-error.ts";
import { appendEvents, LINEAGE_PROPOSAL, type Lineage, lineageJoins } from "../event-log/index.ts";
import {
  approvedText,
  type DecidedItem,
  type DraftDecision,
  type DraftEdit,
  decideDraft,
  decisionEventValues,
  draftColumns,
  unfinishedError,
} from "./approve-draft.ts";
import { routeApprovedMany, type StagedDraft } from "./stage-draft.ts";

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string; next_action: string };
}

/**
 * Bulk approve or reject, each draft with its own result. A bulk approval runs as one transaction of
 * a fixed number of statements (approveDrafts); a rejection, and an approval the database refuses
 * as a whole (a deadlock with an exit cancelling the same items, say), run each draft in its own
 * transaction. `edits`: an approval's finished text by draft id (edit-then-approve, in bulk).
 */
export async function decideDrafts(
  db: Kysely<DB>,
  p: Principal,
  ids: string[],
  decision: DraftDecision,
  now: Date,
  edits?: ReadonlyMap<string, DraftEdit>,
): Promise<BulkResult[]> {
  requireRole(p, decision.action === "approve" ? "approve drafts" : "reject drafts", "exec");
  if (decision.action === "approve" && ids.length > 1) {
    try {
      return await db.transaction().execute((tx) => approveDrafts(tx, p, ids, now, edits));
    } catch (e) {
      if (isBatonError(e)) throw e;
      // the database refused the batch (a deadlock, a constraint): one by one below, each draft
      // with the answer decideDraft gives it; anything else is a fault, thrown, not hidden
      if (!isDatabaseError(e)) throw e;
    }
  }
  const out: BulkResult[] = [];
  for (const id of ids) {
    try {
      const d = await decideDraft(
        db,
        p,
        id,
        decision.action === "approve" ? { action: "approve", ...edits?.get(id) } : decision,
        now,
      );
      out.push({ id, ok: true, status: d.status });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out.push(failure(id, e));
    }
  }
  return out;
}

function failure(id: string, e: BatonError): BulkResult {
  return { id, ok: false, error: e.itemError() };
}

/**
 * decideDraft's approval for many drafts in one transaction: the same locks in the same order
 * (the drafts, then their send items, each by id), the same checks in the same order with the same
 * errors, the same rows and events; six statements for the batch instead of six per draft
 * (issue 14: approving was a fifth of the simulator's statements), edited drafts included.
 */
export async function approveDrafts(
  tx: Kysely<DB>,
  p: Principal,
  ids: string[],
  now: Date,
  edits?: ReadonlyMap<string, DraftEdit>,
): Promise<BulkResult[]> {
  const drafts = await tx
    .selectFrom("staged_drafts")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("id", "in", [...new Set(ids)])
    .orderBy("id")
    .forUpdate()
    .execute();
  const draftOf = new Map(drafts.map((d) => [d.id, d]));
  const itemIds = [...new Set(drafts.flatMap((d) => (d.send_item_id ? [d.send_item_id] : [])))];
  // with their contact's opt-out (read, not locked: spec 001 gate 1, an opt-out wins over a pending
  // approval), and the lineage appendEvents would read for their events (their enrollment's, else their
  // campaign's play and its proposal), so the draft_approved rows go by its plain insert
  const items = itemIds.length
    ? (
        await sql<NonNullable<DecidedItem> & { status: string; opted_out: boolean; lineage: Lineage }>`
          select q.id, q.contact_id, q.enrollment_id, q.campaign_id, q.step_number, q.status,
                 (ct.opt_out_flag or ct.unsubscribe_flag) as opted_out,
                 json_build_object('play_id', l.play_id, 'originating_agent_id', e.originating_agent_id,
                                   'originating_proposal_id', ${LINEAGE_PROPOSAL}) as lineage
            from sales_send_queue q
            join contacts ct on ct.client_id = q.client_id and ct.contact_id = q.contact_id
            ${lineageJoins({ clientId: sql`q.client_id`, enrollmentId: sql`q.enrollment_id`, campaignId: sql`q.campaign_id` })}
           where q.client_id = ${p.clientId} and q.id = any(${itemIds}::uuid[])
           order by q.id
             for update of q`.execute(tx)
      ).rows
    : [];
  const itemOf = new Map(items.map((i) => [i.id, i]));

  const out: BulkResult[] = [];
  const approve: {
    id: string;
    draft: StagedDraft;
    item: (typeof items)[number] | undefined;
    text: ReturnType<typeof approvedText>;
  }[] = [];
  const decided = new Set<string>();
  // decideDraft's checks, in its order; a draft listed twice is already decided the second time
  const refusalOf = (
    id: string,
    draft: StagedDraft,
    item: (typeof items)[number] | undefined,
    text: ReturnType<typeof approvedText>,
  ) => {
    // spec 001 gate 1: an opt-out wins over a pending approval
    if (item?.opted_out)
      return new BatonError("DRAFT_CONTACT_OPTED_OUT", { draftId: id, contactId: item.contact_id });
    if (decided.has(id))
      return new BatonError("DRAFT_ALREADY_DECIDED", {
        draftId: id,
        status: "approved",
        decidedAt: now.toISOString(),
      });
    if (draft.status !== "pending")
      return new BatonError("DRAFT_ALREADY_DECIDED", {
        draftId: id,
        status: draft.status,
        decidedAt: draft.decided_at?.toISOString() ?? null,
      });
    if (item && item.status !== "drafted")
      return new BatonError("DRAFT_NOT_SENDABLE", { draftId: id, itemStatus: item.status });
    return unfinishedError(draft, text.subject, text.body);
  };
  for (const id of ids) {
    const draft = draftOf.get(id);
    if (!draft) {
      out.push(failure(id, new BatonError("NOT_FOUND", { entity: "draft", id })));
      continue;
    }
    const item = draft.send_item_id ? itemOf.get(draft.send_item_id) : undefined;
    const text = approvedText(draft, edits?.get(id));
    const refusal = refusalOf(id, draft, item, text);
    if (refusal) {
      out.push(failure(id, refusal));
      continue;
    }
    decided.add(id);
    approve.push({ id, draft, item, text });
    out.push({ id, ok: true, status: "approved" });
  }
  if (approve.length === 0) return out;

  const approved = approve.some((a) => edits?.has(a.id))
    ? await approveEdited(tx, p, approve, now)
    : await tx
        .updateTable("staged_drafts")
        .set({ status: "approved", decided_by_user_id: p.principalId, decided_at: now })
        .where("client_id", "=", p.clientId)
        .where(
          "id",
          "in",
          approve.map((a) => a.id),
        )
        .returningAll()
        .execute();
  const approvedOf = new Map(approved.map((d) => [d.id, d]));
  const sendable = approve.flatMap((a) => (a.item ? [a.item.id] : []));
  const updated = sendable.length
    ? await tx
        .updateTable("sales_send_queue")
        .set({ status: "approved", updated_at: now })
        .where("client_id", "=", p.clientId)
        .where("id", "in", sendable)
        .returningAll()
        .execute()
    : [];
  const updatedOf = new Map(updated.map((i) => [i.id, i]));
  await routeApprovedMany(
    tx,
    approve.flatMap((a) =>
      a.item ? [{ item: updatedOf.get(a.item.id)!, draft: approvedOf.get(a.id)! }] : [],
    ),
    now,
  );
  await appendEvents(
    tx,
    approve.map((a) => ({
      ...decisionEventValues(p, a.draft, a.item, "draft_approved", now, { edited: a.text.edited }),
      lineage: a.item?.lineage,
    })),
  );
  return out;
}

/**
 * The drafts of a bulk approval with their texts, in one statement: decideDraft's update for each
 * (the edit's subject and body; what the drafter wrote kept in original_body when the body changed).
 */
async function approveEdited(
  tx: Kysely<DB>,
  p: Principal,
  approve: { id: string; text: ReturnType<typeof approvedText> }[],
  now: Date,
): Promise<StagedDraft[]> {
  const r = await sql<StagedDraft>`
    update staged_drafts d
       set status = 'approved', decided_by_user_id = ${p.principalId}, decided_at = ${now},
           body = v.body, subject = v.subject,
           original_body = case when v.edited then d.body else d.original_body end
      from unnest(${approve.map((a) => a.id)}::uuid[], ${approve.map((a) => a.text.body)}::text[],
                  ${approve.map((a) => a.text.subject)}::text[], ${approve.map((a) => a.text.edited)}::bool[])
           as v(id, body, subject, edited)
     where d.client_id = ${p.clientId} and d.id = v.id
     returning ${draftColumns}`.execute(tx);
  return r.rows;
}

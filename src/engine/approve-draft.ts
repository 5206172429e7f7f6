// spec 002 "staged_drafts (all outbound, pending Justin's approval)": the exec approves, edits
// then approves (original_body kept), or rejects each draft, one or in bulk. Only approved drafts
// are sent; approving twice, after an opt-out, or while a template note or a [placeholder] is left
// in the text that would go out is refused with a clear error.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { appendEvents, type NewEvent } from "../coordinator/event-log/append-events.ts";
import type { DB } from "../db/database.ts";
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../drafting/unfinished.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { isDatabaseError } from "../errors/map-db-error.ts";
import { routeApproved, routeApprovedMany, type StagedDraft } from "./stage-draft.ts";
import { DRAFT_COLUMNS } from "./staged-rows.ts";

export type DraftEdit = { body?: string; subject?: string | null };

// every column of a draft, by name (a named statement's result type is fixed; staged-rows.ts)
const draftColumns = sql.join(DRAFT_COLUMNS.map((c) => sql.ref(`d.${c}`)));

export type DraftDecision =
  | ({ action: "approve" } & DraftEdit)
  | { action: "reject"; reason?: string | null };

/** The text an approval sends: the edit where one is given, else what was drafted. */
function approvedText(draft: StagedDraft, edit: DraftEdit | undefined) {
  const body = edit?.body ?? draft.body;
  const subject = edit?.subject !== undefined ? edit.subject : draft.subject;
  return { body, subject, edited: edit?.body !== undefined && edit.body !== draft.body };
}

/**
 * Refused while the text that would go out still holds the template's note or a [placeholder] (a
 * bracket in the contact's, the company's or the campaign's own words is none: unfinished.ts).
 */
function unfinishedError(draft: StagedDraft, subject: string | null, body: string): BatonError | null {
  const draftId = draft.id;
  const u = unfinishedParts(subject, body, ownWordsOf(draft.context));
  if (!isUnfinished(u)) return null;
  return new BatonError("DRAFT_UNFINISHED", {
    draftId,
    templateNote: u.templateNote,
    parts: u.parts,
    left: describeUnfinished(u),
  });
}

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
          .where("client_id", "=", p.clientId)
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
        .where("client_id", "=", p.clientId)
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
          .where("client_id", "=", p.clientId)
          .where("id", "=", item.id)
          .execute();
      await logDecision(tx, p, draft, item, "draft_rejected", now, { reason: decision.reason ?? null });
      return rejected;
    }

    const text = approvedText(draft, decision);
    const unfinished = unfinishedError(draft, text.subject, text.body);
    if (unfinished) throw unfinished;
    const { edited } = text;
    const approved = await tx
      .updateTable("staged_drafts")
      .set({
        status: "approved",
        body: text.body,
        subject: text.subject,
        // edit-then-approve keeps what the drafter wrote
        original_body: edited ? draft.body : draft.original_body,
        decided_by_user_id: p.principalId,
        decided_at: now,
      })
      .where("client_id", "=", p.clientId)
      .where("id", "=", draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (item) {
      const updated = await tx
        .updateTable("sales_send_queue")
        .set({ status: "approved", updated_at: now })
        .where("client_id", "=", p.clientId)
        .where("id", "=", item.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await routeApproved(tx, updated, approved);
    }
    await logDecision(tx, p, draft, item, "draft_approved", now, { edited });
    return approved;
  });
}

type DecidedItem =
  | { id: string; contact_id: string; enrollment_id: string; campaign_id: string; step_number: number }
  | undefined;

function decisionEventValues(
  p: Principal,
  draft: StagedDraft,
  item: DecidedItem,
  eventType: string,
  now: Date,
  details: Record<string, unknown>,
): NewEvent {
  // no lineage given: appendEvents reads the enrollment's (spec 001 wire 4)
  return {
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
    details: { draft_id: draft.id, ...details },
  };
}

async function logDecision(
  tx: Kysely<DB>,
  p: Principal,
  draft: StagedDraft,
  item: DecidedItem,
  eventType: string,
  now: Date,
  details: Record<string, unknown>,
) {
  await appendEvents(tx, [decisionEventValues(p, draft, item, eventType, now, details)]);
}

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
  const items = itemIds.length
    ? await tx
        .selectFrom("sales_send_queue")
        .selectAll()
        .where("client_id", "=", p.clientId)
        .where("id", "in", itemIds)
        .orderBy("id")
        .forUpdate()
        .execute()
    : [];
  const itemOf = new Map(items.map((i) => [i.id, i]));
  const contactIds = [...new Set(items.map((i) => i.contact_id))];
  const flags = contactIds.length
    ? await tx
        .selectFrom("contacts")
        .select(["contact_id", "opt_out_flag", "unsubscribe_flag"])
        .where("client_id", "=", p.clientId)
        .where("contact_id", "in", contactIds)
        .execute()
    : [];
  const optedOut = new Set(
    flags.filter((c) => c.opt_out_flag || c.unsubscribe_flag).map((c) => c.contact_id),
  );

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
    if (item && optedOut.has(item.contact_id))
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
  );
  await appendEvents(
    tx,
    approve.map((a) =>
      decisionEventValues(p, a.draft, a.item, "draft_approved", now, { edited: a.text.edited }),
    ),
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

// spec 002 "staged_drafts (all outbound, pending Justin's approval)": the exec approves, edits
// then approves (original_body kept), or rejects a draft (in bulk: approve-drafts.ts). Only approved drafts
// are sent; approving twice, after an opt-out, or while a template note or a [placeholder] is left
// in the text that would go out is refused with a clear error.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../drafting/contract.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, type NewEvent } from "../event-log/index.ts";
import { routeApproved, type StagedDraft } from "./stage-draft.ts";
import { DRAFT_COLUMNS } from "./staged-rows.ts";

export type DraftEdit = { body?: string; subject?: string | null };

// every column of a draft, by name (a named statement's result type is fixed; staged-rows.ts)
export const draftColumns = sql.join(DRAFT_COLUMNS.map((c) => sql.ref(`d.${c}`)));

export type DraftDecision =
  | ({ action: "approve" } & DraftEdit)
  | { action: "reject"; reason?: string | null };

/** The text an approval sends: the edit where one is given, else what was drafted. */
export function approvedText(draft: StagedDraft, edit: DraftEdit | undefined) {
  const body = edit?.body ?? draft.body;
  const subject = edit?.subject !== undefined ? edit.subject : draft.subject;
  return { body, subject, edited: edit?.body !== undefined && edit.body !== draft.body };
}

/**
 * Refused while the text that would go out still holds the template's note or a [placeholder] (a
 * bracket in the contact's, the company's or the campaign's own words is none: unfinished.ts).
 */
export function unfinishedError(draft: StagedDraft, subject: string | null, body: string): BatonError | null {
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
      await routeApproved(tx, updated, approved, now);
    }
    await logDecision(tx, p, draft, item, "draft_approved", now, { edited });
    return approved;
  });
}

export type DecidedItem =
  | { id: string; contact_id: string; enrollment_id: string; campaign_id: string; step_number: number }
  | undefined;

export function decisionEventValues(
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

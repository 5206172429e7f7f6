// An agent revises the touch it drafted while the draft waits for approval (issue 58: "revise a
// staged draft before approval"). spec 002: every outbound touch is staged and a person approves
// it; until then the text is the drafter's, so the agent that wrote it may correct it (a name, a
// [placeholder] it left, a better line). Once decided (approved, rejected, cancelled) it is
// history: the exec's edit on approval keeps the agent's text in original_body. An agent token bound
// to a team or a territory (issue 61 item 2) revises only drafts of its binding's prospects.
import type { Kysely } from "kysely";
import { type Principal, requireAgent } from "../auth/principal.ts";
import { bookOf } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { sendItemInBook } from "./send-item-book.ts";
import type { StagedDraft } from "./stage-draft.ts";

export interface DraftRevision {
  /** null clears it (LinkedIn); absent keeps it */
  subject?: string | null;
  body?: string;
}

export async function reviseStagedDraft(
  db: Kysely<DB>,
  p: Principal,
  draftId: string,
  revision: DraftRevision,
): Promise<StagedDraft> {
  requireAgent(p, "revise its staged drafts");
  if (revision.subject === undefined && revision.body === undefined)
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "body", message: "give the new body, subject or both" }],
    });
  const book = await bookOf(db, p);
  return db.transaction().execute(async (tx) => {
    // check twice: the row is locked, so an approval running now waits for the revision or wins
    const draft = await tx
      .selectFrom("staged_drafts")
      .selectAll()
      .where("client_id", "=", p.clientId)
      .where("id", "=", draftId)
      .where("drafted_by", "=", p.agentId!)
      .where(sendItemInBook(book, p.clientId, "send_item_id"))
      .forUpdate()
      .executeTakeFirst();
    // another agent's draft is not found, as in get_staged_draft
    if (!draft) throw new BatonError("NOT_FOUND", { entity: "draft", id: draftId });
    if (draft.status !== "pending")
      throw new BatonError("DRAFT_ALREADY_DECIDED", {
        draftId,
        status: draft.status,
        decidedAt: draft.decided_at?.toISOString() ?? null,
      });
    return tx
      .updateTable("staged_drafts")
      .set({
        ...(revision.body !== undefined ? { body: revision.body } : {}),
        ...(revision.subject !== undefined ? { subject: revision.subject } : {}),
      })
      .where("client_id", "=", p.clientId)
      .where("id", "=", draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

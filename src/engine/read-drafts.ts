// Reading staged drafts for the approval queue (spec 002: "staged_drafts (all outbound, pending
// Justin's approval)"), tenant-scoped, and within the reader's book (issue 61 item 2: a rep and a
// sales leader see the drafts of their book's prospects; an agent token bound to a team or a
// territory, its binding's).
import type { Kysely } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { bookOf } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { byTimeAndId, keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { sendItemInBook } from "./send-item-book.ts";
import type { StagedDraft } from "./stage-draft.ts";

export const DRAFT_READER_ROLES = ["exec", "revops", "rep", "admin", "slm"] as const;

/** People with a reader role see every draft; an agent sees the drafts it wrote (issue 38). */
function ownDraftsOnly(p: Principal): string | null {
  if (p.kind === "agent" && p.agentId && !hasRole(p, ...DRAFT_READER_ROLES)) return p.agentId;
  requireRole(p, "read drafts", ...DRAFT_READER_ROLES);
  return null;
}

export async function listDrafts(
  db: Kysely<DB>,
  p: Principal,
  opts: { status?: StagedDraft["status"] } & PageArgs,
): Promise<Page<StagedDraft>> {
  const agent = ownDraftsOnly(p);
  const book = await bookOf(db, p);
  const q = db
    .selectFrom("staged_drafts")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .$if(agent !== null, (q) => q.where("drafted_by", "=", agent!))
    .where("status", "=", opts.status ?? "pending")
    .where(sendItemInBook(book, p.clientId, "send_item_id"));
  const key = byTimeAndId("created_at", "id");
  return keysetPage(q, { list: "drafts", tenant: p.clientId, key, direction: "asc" }, opts, 100);
}

export async function getDraft(db: Kysely<DB>, p: Principal, id: string): Promise<StagedDraft> {
  const agent = ownDraftsOnly(p);
  const book = await bookOf(db, p);
  const d = await db
    .selectFrom("staged_drafts")
    .selectAll()
    .where("client_id", "=", p.clientId)
    .where("id", "=", id)
    .$if(agent !== null, (q) => q.where("drafted_by", "=", agent!))
    .where(sendItemInBook(book, p.clientId, "send_item_id"))
    .executeTakeFirst();
  if (!d) throw new BatonError("NOT_FOUND", { entity: "draft", id });
  return d;
}

/** The spec's JSON shape plus the approval fields. */
export function draftView(d: StagedDraft) {
  const context = (typeof d.context === "string" ? JSON.parse(d.context) : d.context) as Record<
    string,
    unknown
  >;
  return {
    id: d.id,
    status: d.status,
    channel: d.channel,
    to_id: d.to_id,
    subject: d.subject,
    body: d.body,
    original_body: d.original_body,
    context: { ...context, requires_justin_send: d.requires_personal_send },
    requires_personal_send: d.requires_personal_send,
    drafted_by: d.drafted_by,
    send_item_id: d.send_item_id,
    decided_by_user_id: d.decided_by_user_id,
    decided_at: d.decided_at ? d.decided_at.toISOString() : null,
    reject_reason: d.reject_reason,
    created_at: d.created_at.toISOString(),
  };
}

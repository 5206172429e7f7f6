// Staged drafts over MCP: an agent revises a touch it drafted before a person approves it (issue
// 58); the exec approves, edits then approves, or rejects them (issue 71), through the domain
// functions the workspace's routes call (engine-draft-routes.ts), so the rules are the page's:
// the exec's role, a finished text, an opt-out wins, a decided draft stays decided. submit_draft,
// list_staged_drafts and get_staged_draft are in tools-outreach.ts.
import { Type } from "typebox";
import { DraftView } from "../../api/schemas/engine.ts";
import { ItemError, Nullable, Uuid } from "../../api/schemas.ts";
import {
  type DraftEdit,
  decideDraft,
  decideDrafts,
  draftView,
  reviseStagedDraft,
} from "../../engine/index.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { mcpNextAction } from "./hints.ts";
import { defineTool } from "./tool.ts";

const Body = Type.String({ minLength: 1, maxLength: 20000 });
const Subject = Nullable(Type.String({ maxLength: 500 }));
const DRAFT_ID = "The staged draft's id (from list_staged_drafts)";

/** A bulk approval's edits by draft id: each for a draft among the ids, one per draft. */
function bulkEdits(ids: string[], edits: ({ draft_id: string } & DraftEdit)[]): Map<string, DraftEdit> {
  const listed = new Set(ids);
  const out = new Map<string, DraftEdit>();
  for (const [i, { draft_id, ...edit }] of edits.entries()) {
    const problem = !listed.has(draft_id)
      ? "an edit for a draft that is not among draft_ids"
      : out.has(draft_id)
        ? "a second edit for the same draft"
        : null;
    if (problem)
      throw new BatonError("VALIDATION_FAILED", {
        errors: [{ path: `/edits/${i}/draft_id`, message: problem }],
      });
    out.set(draft_id, edit);
  }
  return out;
}

export const draftTools = [
  defineTool({
    name: "revise_staged_draft",
    title: "Revise a staged draft",
    description:
      "Change the subject or body of a touch you drafted while it waits for approval (status pending): fix a " +
      "[placeholder] you left, a name, a line. Fields given replace the stored ones. A decided draft is history " +
      "(DRAFT_ALREADY_DECIDED); another agent's draft is not found.",
    input: Type.Object(
      {
        draft_id: Uuid,
        subject: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
        body: Type.Optional(Body),
      },
      { additionalProperties: false },
    ),
    params: {
      draft_id: "The staged draft's id (from submit_draft or list_staged_drafts)",
      subject: "The new subject line (null for LinkedIn); omitted keeps it",
      body: "The new text of the touch; omitted keeps it",
    },
    output: DraftView,
    write: true,
    run: async (ctx, { draft_id, subject, body }) =>
      draftView(await reviseStagedDraft(ctx.db, ctx.principal, draft_id, { subject, body })),
  }),
  defineTool({
    name: "approve_staged_draft",
    title: "Approve a staged draft",
    description:
      "The exec: approve a pending touch (spec 002), as drafted or with your edit (body, subject: the drafter's " +
      "text is kept as original_body). A text that still holds the template's note or a [placeholder] is " +
      "refused (DRAFT_UNFINISHED) unless your edit finishes it; an opted-out contact's draft is cancelled.",
    input: Type.Object(
      { draft_id: Uuid, body: Type.Optional(Body), subject: Type.Optional(Subject) },
      { additionalProperties: false },
    ),
    params: {
      draft_id: DRAFT_ID,
      body: "Edit then approve: the finished text of the touch; omitted approves it as drafted",
      subject: "Edit then approve: the finished subject (null for LinkedIn); omitted keeps it",
    },
    output: DraftView,
    write: true,
    run: async (ctx, { draft_id, ...edit }) =>
      draftView(
        await decideDraft(ctx.db, ctx.principal, draft_id, { action: "approve", ...edit }, ctx.now()),
      ),
  }),
  defineTool({
    name: "reject_staged_draft",
    title: "Reject a staged draft",
    description: "The exec: reject a pending touch, with a reason its drafter reads; the touch is cancelled.",
    input: Type.Object(
      { draft_id: Uuid, reason: Type.Optional(Type.String({ maxLength: 2000 })) },
      { additionalProperties: false },
    ),
    params: { draft_id: DRAFT_ID, reason: "Why, for the drafter (reject_reason)" },
    output: DraftView,
    write: true,
    run: async (ctx, { draft_id, reason }) =>
      draftView(
        await decideDraft(
          ctx.db,
          ctx.principal,
          draft_id,
          { action: "reject", reason: reason ?? null },
          ctx.now(),
        ),
      ),
  }),
  defineTool({
    name: "decide_staged_drafts",
    title: "Approve or reject many staged drafts",
    description:
      "The exec: approve (with edits for some) or reject up to 500 pending touches at once, as the workspace's " +
      "bulk approval does. Each draft gets its own result: ok, or the refusal it met (DRAFT_UNFINISHED, " +
      "DRAFT_ALREADY_DECIDED, ...), the others are decided anyway.",
    input: Type.Object(
      {
        draft_ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
        decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]),
        reason: Type.Optional(Type.String({ maxLength: 2000 })),
        edits: Type.Optional(
          Type.Array(
            Type.Object(
              { draft_id: Uuid, body: Type.Optional(Body), subject: Type.Optional(Subject) },
              { additionalProperties: false },
            ),
            { maxItems: 500 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    params: {
      draft_ids: "The staged drafts' ids (from list_staged_drafts)",
      decision: "approve | reject",
      reason: "For reject: why, for the drafters",
      edits:
        "For approve: the finished body and subject of some drafts among draft_ids ({draft_id, body, subject})",
    },
    output: Type.Object({
      results: Type.Array(
        Type.Object({
          id: Type.String(),
          ok: Type.Boolean(),
          status: Type.Optional(Type.String()),
          error: Type.Optional(ItemError),
        }),
      ),
    }),
    write: true,
    run: async (ctx, { draft_ids, decision, reason, edits }) => {
      if (decision === "reject" && edits?.length)
        throw new BatonError("VALIDATION_FAILED", {
          errors: [{ path: "/edits", message: "edits go with decision approve" }],
        });
      const results = await decideDrafts(
        ctx.db,
        ctx.principal,
        draft_ids,
        decision === "approve" ? { action: "approve" } : { action: "reject", reason: reason ?? null },
        ctx.now(),
        bulkEdits(draft_ids, edits ?? []),
      );
      // each refusal's next_action names the MCP tool to call, as a whole refusal's does
      return {
        results: results.map((r) =>
          r.error
            ? {
                ...r,
                error: {
                  ...r.error,
                  next_action: mcpNextAction(r.error, { draftId: r.id }, "decide_staged_drafts"),
                },
              }
            : r,
        ),
      };
    },
  }),
];

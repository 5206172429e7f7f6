// An agent revises a touch it drafted before a person approves it (issue 58); submit_draft,
// list_staged_drafts and get_staged_draft are in tools-outreach.ts.
import { Type } from "typebox";
import { DraftView } from "../../api/schemas/engine.ts";
import { Uuid } from "../../api/schemas.ts";
import { draftView } from "../../engine/read-drafts.ts";
import { reviseStagedDraft } from "../../engine/revise-staged-draft.ts";
import { defineTool } from "./tool.ts";

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
        body: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
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
];

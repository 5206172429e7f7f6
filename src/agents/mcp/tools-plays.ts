// Play tools (spec 000): brain agents draft plays and follow their fate; anyone reads a segment's
// caps and active plays. Approval is listed too: the domain refuses agents with FORBIDDEN_ROLE and
// says who may approve, which is what an agent should learn.
import { Type } from "typebox";
import { SegmentParams } from "../../api/routes/plays-read-routes.ts";
import { ApproveBody, CreateDraftBody, PageOnly, PlayIdParams } from "../../api/routes/plays-schemas.ts";
import { requireAgent } from "../../auth/principal.ts";
import { loadCapConfig } from "../../coordinator/coordinator-config.ts";
import { approvePlay } from "../../plays/approve-play.ts";
import { createDraft, type DraftInput } from "../../plays/create-draft.ts";
import { getPlayConfig } from "../../plays/play-config.ts";
import { playDocumentSchemas } from "../../plays/play-documents.ts";
import { activePlaysForSegment, getPlay, listAgentDrafts } from "../../plays/play-queries.ts";
import { playHistory } from "../../plays/play-view.ts";
import { defineTool } from "./tool.ts";

// the route's own parts: path params + body of POST /api/v1/plays/:playId/approve
const ApprovePlayInput = Type.Object(
  { ...PlayIdParams.properties, ...ApproveBody.properties },
  { additionalProperties: false },
);

export const playTools = [
  defineTool({
    name: "draft_play",
    title: "Draft a play",
    description:
      "Brain agents (AGT-901/902): draft a sales play with its proposal (spec 000). Send the proposal as " +
      "proposal.payload (logged with the draft) or cite originating_proposal_id. The draft waits for RevOps/SLM review.",
    input: CreateDraftBody,
    refs: playDocumentSchemas,
    write: true,
    run: (ctx, args) => createDraft(ctx.db, ctx.principal, args as unknown as DraftInput, ctx.now()),
  }),
  defineTool({
    name: "list_my_drafts",
    title: "My drafts and their fate",
    description:
      "The plays this agent drafted, newest first, in every state (draft, under_review, active, retired with " +
      "retire_reason), with review edits and approvals: what became of each proposal.",
    input: PageOnly,
    write: false,
    run: (ctx, args) => {
      requireAgent(ctx.principal, "list its own drafts");
      return listAgentDrafts(ctx.db, ctx.principal, ctx.principal.agentId!, args, ctx.now());
    },
  }),
  defineTool({
    name: "get_play",
    title: "Read a play",
    description: "One play (live or archived) with its history.",
    input: PlayIdParams,
    write: false,
    run: async (ctx, args) => {
      const play = await getPlay(ctx.db, ctx.principal, args.playId, ctx.now());
      return { play, history: playHistory(play) };
    },
  }),
  defineTool({
    name: "approve_play",
    title: "Approve a play",
    description:
      "Approve a play under review as SLM or RevOps (people only; two different people activate a play).",
    input: ApprovePlayInput,
    write: true,
    run: (ctx, { playId, ...body }) => approvePlay(ctx.db, ctx.principal, playId, body as any, ctx.now()),
  }),
  defineTool({
    name: "segment_caps_and_active_plays",
    title: "Caps and active plays of a segment",
    description:
      "A segment's hard cap on active plays (spec 000) and how many are active, its active unexpired plays, " +
      "and the per-prospect touch caps the coordinator applies (spec 001 gate 3, spec 002).",
    input: SegmentParams,
    write: false,
    run: async (ctx, { segment }) => {
      const now = ctx.now();
      const active = await activePlaysForSegment(ctx.db, ctx.principal, segment, now);
      const config = await getPlayConfig(ctx.db, ctx.principal, now);
      return {
        segment,
        play_cap: config.segments.find((s) => s.segment === segment) ?? null,
        active_plays: active,
        touch_caps: await loadCapConfig(ctx.db, ctx.principal.clientId),
      };
    },
  }),
];

// Play tools (spec 000): brain agents draft plays, revise their own drafts and follow each one's
// fate; anyone reads a segment's caps and active plays. Approval is listed too: the domain refuses
// agents with FORBIDDEN_ROLE and says who may approve, which is what an agent should learn.
import { Type } from "typebox";
import {
  ApproveBody,
  CreateDraftBody,
  EditBody,
  HistoryEvent,
  PageOnly,
  Play,
  PlayPage,
  QueueQuery,
  SegmentParams,
} from "../../api/schemas/plays.ts";
import { PAGE_FIELDS, Uuid } from "../../api/schemas.ts";
import { requireAgent } from "../../auth/principal.ts";
import {
  activePlaysForSegment,
  approvePlay,
  createDraft,
  type DraftInput,
  editPlay,
  getPlay,
  getPlayConfig,
  listAgentDrafts,
  listByProposal,
  listQueue,
  type PlayEdit,
  pickUpPlay,
  playDocumentSchemas,
  playHistory,
  type QueueFilter,
} from "../../plays/index.ts";
import { touchCaps } from "./resources.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";

const PlayId = Type.Object({ play_id: Uuid }, { additionalProperties: false });
const PLAY_ID = "The play's id (play_id, a uuid)";
const playRefs = [Play, ...playDocumentSchemas];
const PlayRef = Type.Ref("Play");

export const playTools = [
  defineTool({
    name: "draft_play",
    title: "Draft a play",
    description:
      "Brain agents (AGT-901/902): draft a sales play with its proposal (spec 000). Send the proposal as " +
      "proposal.payload (logged with the draft) or cite originating_proposal_id. The draft waits for RevOps/SLM review.",
    input: CreateDraftBody,
    refs: playRefs,
    params: {
      scope: "segment (names segment) or account_specific (names account_id)",
      segment: "The segment's key (see baton://segments); for scope segment",
      account_id: "The account (uuid); for scope account_specific",
      name: "Short name of the play",
      hypothesis: "Why this play should work, grounded in the figures you read",
      target_definition: "Who the play targets: ICP tiers, intent signals, filters",
      suggested_cadence:
        "The sequence to run: cadence type and 1..20 steps (day, channel, content_type, instructions)",
      success_criteria:
        "Measurable targets the retrospective judges the play on (meeting_rate, opp_create_rate, ...)",
      active_period_end: "Optional sunset date, YYYY-MM-DD",
      originating_proposal_id: "The logged proposal this play comes from (uuid); or send proposal instead",
      proposal: "The brain output to log with the draft: {payload: {...}}",
    },
    output: PlayRef,
    write: true,
    run: (ctx, args) => createDraft(ctx.db, ctx.principal, args as unknown as DraftInput, ctx.now()),
  }),
  defineTool({
    name: "revise_draft",
    title: "Revise my draft",
    description:
      "Brain agents: change your own play while it is still a draft (before a person picks it up for review). " +
      "Fields given replace the stored ones. Once under review, only the reviewers edit it (PLAY_WRITE_FORBIDDEN).",
    input: Type.Object({ ...PlayId.properties, ...EditBody.properties }, { additionalProperties: false }),
    refs: playRefs,
    params: {
      play_id: PLAY_ID,
      name: "New name",
      hypothesis: "New hypothesis",
      target_definition: "New target definition (replaces the stored one)",
      suggested_cadence: "New cadence (replaces the stored one)",
      active_period_end: "New sunset date YYYY-MM-DD, or null for none",
    },
    output: PlayRef,
    write: true,
    run: (ctx, { play_id, ...edit }) => editPlay(ctx.db, ctx.principal, play_id, edit as PlayEdit, ctx.now()),
  }),
  defineTool({
    name: "list_my_drafts",
    title: "My drafts and their fate",
    description:
      "The plays this agent drafted, newest first, in every state (draft, under_review, active, retired with " +
      "retire_reason), with review edits and approvals: what became of each proposal.",
    input: PageOnly,
    refs: playRefs,
    params: PAGE_PARAMS,
    output: PlayPage,
    write: false,
    run: (ctx, args) => {
      requireAgent(ctx.principal, "list its own drafts");
      return listAgentDrafts(ctx.db, ctx.principal, ctx.principal.agentId!, args, ctx.now());
    },
  }),
  defineTool({
    name: "get_play",
    title: "Read a play",
    description:
      "One play (live or archived) with its history: drafted, picked up, each review edit, approvals, " +
      "activation, retirement and retrospective.",
    input: PlayId,
    refs: playRefs,
    params: { play_id: PLAY_ID },
    output: Type.Object({ play: PlayRef, history: Type.Array(HistoryEvent) }),
    write: false,
    run: async (ctx, { play_id }) => {
      const play = await getPlay(ctx.db, ctx.principal, play_id, ctx.now());
      return { play, history: playHistory(play) };
    },
  }),
  defineTool({
    name: "plays_by_proposal",
    title: "Plays from a proposal",
    description: "Every play (any state) that came from one brain proposal: the lineage of a proposal.",
    input: Type.Object({ proposal_id: Uuid, ...PAGE_FIELDS }, { additionalProperties: false }),
    refs: playRefs,
    params: { proposal_id: "The originating proposal's id (uuid)", ...PAGE_PARAMS },
    output: PlayPage,
    write: false,
    run: (ctx, { proposal_id, ...page }) =>
      listByProposal(ctx.db, ctx.principal, proposal_id, ctx.now(), page),
  }),
  defineTool({
    name: "approve_play",
    title: "Approve a play",
    description:
      "Approve a play under review as SLM or RevOps (people only; two different people activate a play).",
    input: Type.Object({ ...PlayId.properties, ...ApproveBody.properties }, { additionalProperties: false }),
    refs: playRefs,
    params: {
      play_id: PLAY_ID,
      active_period_start: "When the play starts, YYYY-MM-DD (default today)",
      active_period_end: "Sunset date YYYY-MM-DD, or null",
    },
    output: PlayRef,
    write: true,
    run: (ctx, { play_id, ...body }) => approvePlay(ctx.db, ctx.principal, play_id, body as any, ctx.now()),
  }),
  defineTool({
    name: "list_plays_for_review",
    title: "Plays waiting for review",
    description:
      "RevOps and the sales leader: the workspace's review queue (the Plays page's), newest first: drafts no one " +
      "picked up yet (state draft: pick_up_play) and plays under review (approve_play; revise_draft edits them). " +
      "A play shows its approvals: one approved by you waits for the other role's person.",
    input: QueueQuery,
    refs: playRefs,
    params: {
      state: "draft (to pick up) | under_review (to edit and approve); both when omitted",
      segment: "Only plays of this segment (its key, see baton://segments)",
      agent: "Only plays this brain agent drafted (AGT-901)",
      ...PAGE_PARAMS,
    },
    output: PlayPage,
    write: false,
    run: (ctx, q) => listQueue(ctx.db, ctx.principal, q as QueueFilter, ctx.now()),
  }),
  defineTool({
    name: "pick_up_play",
    title: "Pick up a play for review",
    description:
      "RevOps or the sales leader: take a drafted play into review (draft -> under_review). From then on its " +
      "brain agent no longer revises it; the reviewers edit it (revise_draft) and approve it (approve_play).",
    input: PlayId,
    refs: playRefs,
    params: { play_id: PLAY_ID },
    output: PlayRef,
    write: true,
    run: (ctx, { play_id }) => pickUpPlay(ctx.db, ctx.principal, play_id, ctx.now()),
  }),
  defineTool({
    name: "segment_caps_and_active_plays",
    title: "Caps and active plays of a segment",
    description:
      "A segment's hard cap on active plays (spec 000) and how many are active, its active unexpired plays, " +
      "and the per-prospect touch caps the coordinator applies (spec 001 gate 3, spec 002).",
    input: SegmentParams,
    refs: playRefs,
    params: { segment: "The segment's key (see baton://segments)" },
    output: Type.Object({
      segment: Type.String(),
      play_cap: Type.Union([
        Type.Object(
          {
            segment: Type.String(),
            play_cap: Type.Union([Type.Integer(), Type.Null()]),
            effective_cap: Type.Integer({ description: "The cap in force (the segment's or the default)" }),
            active: Type.Integer(),
            over_cap: Type.Boolean(),
          },
          { additionalProperties: true },
        ),
        Type.Null(),
      ]),
      active_plays: Type.Array(PlayRef),
      touch_caps: Type.Object({
        weekly_touch_cap: Type.Integer(),
        daily_touch_cap: Type.Integer(),
        conflict_queue_hours: Type.Integer(),
      }),
    }),
    write: false,
    run: async (ctx, { segment }) => {
      const now = ctx.now();
      const active = await activePlaysForSegment(ctx.db, ctx.principal, segment, now);
      const config = await getPlayConfig(ctx.db, ctx.principal, now);
      return {
        segment,
        play_cap: config.segments.find((s) => s.segment === segment) ?? null,
        active_plays: active,
        touch_caps: await touchCaps(ctx),
      };
    },
  }),
];

// Learning tools (spec 000 calibration loop): the figures a brain agent's plays are judged on —
// the quarter-end cohort (brain-co-designed plays vs the rest), step funnels, retrospectives
// against success_criteria and the brain's calibration by quarter. Readers: RevOps, SLMs, execs,
// admins and the brain agents (src/learning/read-learning-as.ts).
import { Type } from "typebox";
import { PAGE_FIELDS, pageOf, Uuid } from "../../api/schemas.ts";
import { cohortView } from "../../cohort/index.ts";
import { calibrationAs, campaignFunnelAs, playFunnelAs, retrospectivesAs } from "../../learning/index.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";

const Day = Type.String({ format: "date" });
const FUNNEL_RANGE = {
  from: "First week (YYYY-MM-DD, a Monday); optional",
  to: "Last week (YYYY-MM-DD); optional",
};
const Figures = Type.Record(Type.String(), Type.Unknown());
const FunnelOut = Type.Object(
  {
    scope: Type.Object({
      kind: Type.String({ description: "campaign | play" }),
      id: Type.String(),
      name: Type.String(),
      campaign_ids: Type.Array(Type.String()),
    }),
    from: Type.Union([Type.String(), Type.Null()]),
    to: Type.Union([Type.String(), Type.Null()]),
    steps: Type.Array(Figures, { description: "Per step: sent, replies, meetings, rates, reach, variants" }),
    activation: Figures,
    weeks: Type.Array(Figures),
    totals: Figures,
  },
  { description: "A step funnel (docs/learning.md)" },
);
const Retrospective = Type.Object(
  {
    retrospective_id: Type.String(),
    play_id: Type.String(),
    play_name: Type.String(),
    writer_agent_id: Type.String(),
    window_start: Type.String(),
    window_end: Type.String(),
    status: Type.String({ description: "draft | confirmed | amended" }),
    met_all: Type.Union([Type.Boolean(), Type.Null()], {
      description: "Every measured success criterion met (null: nothing measured)",
    }),
    comparison: Type.Array(Figures, { description: "Each success criterion: target, measured, met" }),
    draft_text: Type.String(),
  },
  { additionalProperties: true },
);
const CohortSide = Type.Object(
  {
    prospects: Type.Integer(),
    touches: Type.Integer(),
    replies: Type.Integer(),
    meetings: Type.Integer(),
    conversions: Type.Integer(),
    reply_rate: Type.Union([Type.Number(), Type.Null()]),
    meeting_rate: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: true },
);

export const learningTools = [
  defineTool({
    name: "cohort_view",
    title: "Quarter cohort: brain plays vs the rest",
    description:
      "Spec 000's quarter-end cohort retrospective: prospects, touches, replies, meetings and conversions of " +
      "brain-co-designed plays against everything without a brain, with the brain's plays one by one.",
    input: Type.Object(
      { quarter: Type.String({ pattern: "^[0-9]{4}-Q[1-4]$" }) },
      { additionalProperties: false },
    ),
    params: { quarter: "The quarter, YYYY-Qn (e.g. 2026-Q4)" },
    output: Type.Object({
      quarter: Type.String(),
      from: Type.String(),
      to: Type.String(),
      brain: CohortSide,
      no_brain: CohortSide,
    }),
    write: false,
    run: (ctx, { quarter }) => cohortView(ctx.db, ctx.principal, quarter),
  }),
  defineTool({
    name: "play_funnel",
    title: "A play's funnel",
    description: "The step funnel of a play (its campaigns together): per step and week, sent to meeting.",
    input: Type.Object(
      { play_id: Uuid, from: Type.Optional(Day), to: Type.Optional(Day) },
      { additionalProperties: false },
    ),
    params: { play_id: "The play (uuid)", ...FUNNEL_RANGE },
    output: FunnelOut,
    write: false,
    run: (ctx, { play_id, ...q }) => playFunnelAs(ctx.db, ctx.principal, play_id, q),
  }),
  defineTool({
    name: "campaign_funnel",
    title: "A campaign's funnel",
    description: "The step funnel of a campaign: per step, variant and week, sent to meeting.",
    input: Type.Object(
      {
        campaign: Type.String({ minLength: 1, maxLength: 64 }),
        from: Type.Optional(Day),
        to: Type.Optional(Day),
      },
      { additionalProperties: false },
    ),
    params: { campaign: "The campaign's slug or id", ...FUNNEL_RANGE },
    output: FunnelOut,
    write: false,
    run: (ctx, { campaign, ...q }) => campaignFunnelAs(ctx.db, ctx.principal, campaign, q),
  }),
  defineTool({
    name: "list_retrospectives",
    title: "Retrospectives",
    description:
      "Retrospectives (spec 000): each play's outcomes measured against its success_criteria over its " +
      "evaluation window, drafted by Baton and confirmed or amended by RevOps; newest window first.",
    input: Type.Object({ play_id: Type.Optional(Uuid), ...PAGE_FIELDS }, { additionalProperties: false }),
    params: { play_id: "Only this play's retrospectives (uuid); omit for every play", ...PAGE_PARAMS },
    output: pageOf(Retrospective),
    write: false,
    run: (ctx, { play_id, ...page }) => retrospectivesAs(ctx.db, ctx.principal, { playId: play_id, ...page }),
  }),
  defineTool({
    name: "agent_calibration",
    title: "Brain calibration by quarter",
    description:
      "Per brain agent and quarter (spec 000 calibration signals): drafted, activated, promotion rate " +
      "(target >= 30%), review edits per play, retrospective hit rate.",
    input: Type.Object({}, { additionalProperties: false }),
    output: Type.Object({
      thresholds: Type.Record(Type.String(), Type.Unknown()),
      rows: Type.Array(
        Type.Object(
          {
            agent_id: Type.String(),
            quarter: Type.String(),
            drafted: Type.Integer(),
            activated: Type.Integer(),
            promotion_rate: Type.Union([Type.Number(), Type.Null()]),
          },
          { additionalProperties: true },
        ),
      ),
    }),
    write: false,
    run: (ctx) => calibrationAs(ctx.db, ctx.principal),
  }),
];

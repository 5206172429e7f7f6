// TypeBox schemas of the plays API (spec 000). The document schemas come from the domain
// (src/plays/play-documents.ts) and are published as OpenAPI components under their $id.
import { Type } from "typebox";
import { RETIRE_REASONS } from "../../plays/index.ts";
import { IdParam, IsoTime, PAGE_FIELDS, PageQuery, pageOf, SegmentKey, Uuid } from "../schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NTime = Nullable(IsoTime);
const NUuid = Nullable(Uuid);
const DateStr = Type.String({ format: "date", description: "YYYY-MM-DD" });

export const PlayState = Type.Union(
  ["draft", "under_review", "active", "retired"].map((s) => Type.Literal(s)),
);
export const RetireReason = Type.Union(RETIRE_REASONS.map((s) => Type.Literal(s)));

export const Play = Type.Object(
  {
    play_id: Uuid,
    state: PlayState,
    scope: Type.Union([Type.Literal("segment"), Type.Literal("account_specific")]),
    segment: Nullable(Type.String()),
    account_id: NUuid,
    name: Type.String(),
    hypothesis: Type.String(),
    target_definition: Type.Any({ description: "PlayTargetDefinition" }),
    suggested_cadence: Type.Any({ description: "PlaySuggestedCadence" }),
    success_criteria: Type.Any({ description: "PlaySuccessCriteria" }),
    originating_proposal_id: Uuid,
    writer_agent_id: Type.String(),
    created_at: IsoTime,
    picked_up_by_user_id: NUuid,
    picked_up_at: NTime,
    edits_during_review: Type.Array(Type.Any(), {
      description:
        "Diff log appended by the database: {at, by_user_id, by_name, changes: {field: {from, to}}, approvals_withdrawn}",
    }),
    slm_approver_user_id: NUuid,
    slm_approved_at: NTime,
    revops_approver_user_id: NUuid,
    revops_approved_at: NTime,
    activated_at: NTime,
    active_period_start: Nullable(Type.String()),
    active_period_end: Nullable(Type.String()),
    retired_at: NTime,
    retired_by_user_id: NUuid,
    retire_reason: Nullable(Type.String()),
    retrospective_outcomes: Type.Any(),
    copied_from_play_id: NUuid,
    updated_at: IsoTime,
    expired: Type.Boolean({
      description: "Past active_period_end: invisible to AGT-302 and not counted against caps",
    }),
    tier: Type.Union([Type.Literal("hot"), Type.Literal("warm"), Type.Literal("cold")], {
      description: "spec 000 retention tier",
    }),
    archived: Type.Boolean(),
  },
  { $id: "Play", description: "A sales play (spec 000 SalesPlayLibrary row) with derived fields" },
);

export const HistoryEvent = Type.Object({
  at: Type.String(),
  event: Type.String(),
  by: Nullable(Type.String()),
  detail: Type.Optional(Type.Any()),
});

export const PlayWithHistory = Type.Object({ play: Type.Ref("Play"), history: Type.Array(HistoryEvent) });
export const PlayPage = pageOf(Type.Ref("Play"));
/** A list with a natural small bound, answered whole (the segment's play cap bounds it): no paging. */
export const PlayList = Type.Object({ items: Type.Array(Type.Ref("Play")) });

export const PlayIdParams = Type.Object({ playId: IdParam("play") });

export const CreateDraftBody = Type.Object(
  {
    scope: Type.Union([Type.Literal("segment"), Type.Literal("account_specific")]),
    segment: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    account_id: Type.Optional(Uuid),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    hypothesis: Type.String({ minLength: 1, maxLength: 20000 }),
    target_definition: Type.Ref("PlayTargetDefinition"),
    suggested_cadence: Type.Ref("PlaySuggestedCadence"),
    success_criteria: Type.Ref("PlaySuccessCriteria"),
    active_period_end: Type.Optional(DateStr),
    originating_proposal_id: Type.Optional(Uuid),
    proposal: Type.Optional(
      Type.Object(
        { payload: Type.Record(Type.String(), Type.Unknown()) },
        { description: "The brain output; logged in brain_proposals with the draft" },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EditBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    hypothesis: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
    target_definition: Type.Optional(Type.Ref("PlayTargetDefinition")),
    suggested_cadence: Type.Optional(Type.Ref("PlaySuggestedCadence")),
    active_period_end: Type.Optional(Nullable(DateStr)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ApproveBody = Type.Object(
  {
    as: Type.Optional(
      Type.Union([Type.Literal("slm"), Type.Literal("revops")], {
        description: "Which approval; chosen from your roles when omitted",
      }),
    ),
    active_period_start: Type.Optional(DateStr),
    active_period_end: Type.Optional(Nullable(DateStr)),
  },
  { additionalProperties: false },
);

export const RetireBody = Type.Object({ retire_reason: RetireReason }, { additionalProperties: false });
export const RetrospectiveBody = Type.Object(
  { outcomes: Type.Ref("PlayRetrospectiveOutcomes") },
  { additionalProperties: false },
);

export const QueueQuery = Type.Object({
  state: Type.Optional(
    Type.Union([Type.Literal("draft"), Type.Literal("under_review")], {
      description: "draft | under_review; both when omitted",
    }),
  ),
  segment: Type.Optional(Type.String({ maxLength: 64, description: "Only plays of this segment (its key)" })),
  agent: Type.Optional(
    Type.String({ maxLength: 16, description: "Only plays this brain agent drafted (AGT-901)" }),
  ),
  ...PAGE_FIELDS,
});
export const PageOnly = PageQuery;

export const SegmentParams = Type.Object({ segment: SegmentKey });

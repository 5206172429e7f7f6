// The coordinator's shapes that the HTTP routes (coordinator-events-routes.ts, coordinator-preview-
// routes.ts, flags-routes.ts) and the MCP tools (src/agents/mcp) both use: the event log, a contact's
// timeline, a decision's preview, a proactive flag (issue 59 item 3: the MCP server imports no route file).
import { Type } from "typebox";
import { Cursor, IdParam, IsoTime, Limit, Nullable, Uuid } from "../schemas.ts";

const N = Nullable;
export const SuppressedReason = Type.Union(
  [
    "compliance_block",
    "abm_active_suppression",
    "touch_cap_exceeded",
    "account_cap_exceeded",
    "conflict_resolved_queued",
    "outside_send_window",
    "legal_basis_missing",
  ].map((r) => Type.Literal(r)),
);
const Counts = Type.Record(Type.String(), Type.Integer());

const eventFields = {
  event_id: Type.Integer(),
  occurred_at: IsoTime,
  recorded_at: IsoTime,
  event_type: Type.String(),
  contact_id: N(Type.String()),
  account_id: N(Type.String()),
  enrollment_id: N(Type.String()),
  campaign_id: N(Type.String()),
  send_item_id: N(Type.String()),
  step_number: N(Type.Integer()),
  sequence_type: N(Type.String()),
  channel: N(Type.String()),
  coordinator_action: N(Type.String()),
  resolution: N(Type.String()),
  gate: N(Type.Integer()),
  touch_cap_at_event: N(Type.Integer()),
  compliance_status: N(Type.String()),
  suppressed_reason: N(Type.String()),
  release_at: N(IsoTime),
  originating_agent_id: N(Type.String()),
  actor_principal_id: N(Type.String()),
  play_id: N(Type.String()),
  originating_proposal_id: N(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
};
export const Event = Type.Object(eventFields, { description: "One CadenceEventLog row" });
export const TimelineEntry = Type.Object({
  ...eventFields,
  decision: Type.Object({
    action: N(Type.String()),
    gate: N(Type.Integer()),
    reason: N(Type.String()),
    release_at: N(IsoTime),
  }),
  play_name: N(Type.String()),
  campaign_name: N(Type.String()),
  message: N(
    Type.Object(
      { subject: N(Type.String()), body: Type.String(), drafted_by: Type.String() },
      { description: "A touch's message: the subject and body of its approved draft" },
    ),
  ),
  reply: N(
    Type.Object(
      {
        reply_id: Type.String(),
        text: Type.String(),
        intent: Type.String(),
        confidence: N(Type.Number()),
        classified_by: Type.String(),
        reading: Type.String({
          description: "how the reply was read, in words (not the classifier's rule names)",
        }),
        action: Type.String(),
        exit_reason: N(Type.String()),
        return_date: N(IsoTime),
        caused: Type.Array(
          Type.Object({ event_id: Type.Integer(), event_type: Type.String(), resolution: N(Type.String()) }),
        ),
      },
      { description: "A reply's text, class and what it caused (exit, hand-off, opt-out, pause)" },
    ),
  ),
  release: N(
    Type.Object(
      { released_at: N(IsoTime), released_by_event: N(Type.String()), ended: N(Type.String()) },
      { description: "A hold's or queue's release; released_at null while it waits" },
    ),
  ),
  signal: N(
    Type.Object(
      { says: Type.String(), signal_ids: Type.Array(Type.String()), signal_types: Type.Array(Type.String()) },
      { description: "A signal proposal's signals and what they say in words (issue 69)" },
    ),
  ),
});
export const Outcomes = {
  prospects: Type.Integer(),
  enrollments_started: Type.Integer(),
  touches: Type.Integer(),
  replies: Type.Integer(),
  meetings: Type.Integer(),
  conversions: Type.Integer(),
  suppressions: Counts,
  exits_by_reason: Counts,
  reply_rate: N(Type.Number()),
  meeting_rate: N(Type.Number()),
  conversion_rate: N(Type.Number()),
};
export const PlayRun = Type.Object({
  play_id: Type.String(),
  campaign_id: N(Type.String()),
  campaign_created: Type.Boolean(),
  skipped: N(Type.String()),
  requested: Type.Integer(),
  decisions: Counts,
  errors: Type.Array(Type.Object({ contact_id: Type.String(), code: Type.String() })),
});

// exported for the MCP query_events tool (issue 38)
export const EventsQuery = Type.Object({
  contact_id: Type.Optional({ ...Uuid, description: "Only this prospect's events (uuid)" }),
  play_id: Type.Optional({ ...Uuid, description: "Only events of this play (uuid)" }),
  originating_proposal_id: Type.Optional({
    ...Uuid,
    description: "Only events from this brain proposal (uuid)",
  }),
  suppressed_reason: Type.Optional({
    ...SuppressedReason,
    description: "Only decisions suppressed for this reason",
  }),
  event_type: Type.Optional(
    Type.String({ maxLength: 64, description: "Only events of this type (touch, reply, ...)" }),
  ),
  from: Type.Optional({ ...IsoTime, description: "occurred_at at or after this time (ISO 8601)" }),
  to: Type.Optional({ ...IsoTime, description: "occurred_at before this time (ISO 8601)" }),
  limit: Type.Optional({
    ...Limit,
    default: 50,
    description: "How many events per page, 1 to 500 (default 50)",
  }),
  cursor: Type.Optional(Cursor),
});

// exported for the MCP timeline tool (issue 6: tool inputs come from the route schemas)
export const TimelineParams = Type.Object({ id: IdParam("contact") });
export const TimelineQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 500,
      description: "How many events per page, 1 to 1000 (default 500)",
    }),
  ),
  cursor: Type.Optional(Cursor),
});

// POST /api/v1/coordinator/preview

export const PreviewBody = Type.Object(
  {
    contact_id: Type.String({ maxLength: 64 }),
    campaign: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "campaign id or slug: preview an enrollment" }),
    ),
    enrollment_id: Type.Optional(
      Type.String({ maxLength: 64, description: "preview this enrollment's current step" }),
    ),
    sequence_type: Type.Optional(
      Type.String({ maxLength: 32, description: "sales | nurture | marketing | transactional | abm" }),
    ),
    channel: Type.Optional(Type.String({ maxLength: 32, description: "email | linkedin (echoed in facts)" })),
    as_resumed: Type.Optional(
      Type.Boolean({ description: "with enrollment_id: a paused enrollment's step as decided once resumed" }),
    ),
  },
  { additionalProperties: false },
);

export const PreviewResult = Type.Object({
  verdict: Type.Union([Type.Literal("allowed"), Type.Literal("queued"), Type.Literal("blocked")]),
  action: Type.String({ description: "allow | hold | queue | block, as the real call would decide" }),
  gate: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  reason: Nullable(Type.String()),
  resolution: Type.Optional(
    Nullable(
      Type.String({
        description:
          "which rule decided a hold, e.g. weekly_cap, daily_cap, campaign_weekly_cap, account_weekly_cap (issue 61), send_window; null when allowed",
      }),
    ),
  ),
  until: Nullable(IsoTime),
  trace: Type.Array(
    Type.Object({ gate: Type.Integer(), outcome: Type.String(), reason: Nullable(Type.String()) }),
  ),
  facts: Type.Object({
    kind: Type.String({ description: "activation | step" }),
    sequence_type: Type.String(),
    campaign: Nullable(Type.String()),
    enrollment_id: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    touches_in_window: Type.Integer(),
    weekly_touch_cap: Type.Integer(),
    touches_today: Type.Integer(),
    daily_touch_cap: Type.Integer(),
    time_zone: Type.String(),
    opted_out: Type.Boolean(),
    unsubscribed: Type.Boolean(),
    icp_tier: Nullable(Type.String()),
    abm_active: Type.Boolean(),
    suppressed: Type.Boolean(),
    erased: Type.Boolean(),
    concurrent: Type.Array(
      Type.Object({ enrollment_id: Type.String(), sequence_type: Type.String(), status: Type.String() }),
    ),
  }),
});

// GET /api/v1/flags
export const FlagType = Type.Union(
  ["cap_warning", "concurrency", "stall", "backlog_risk"].map((t) => Type.Literal(t)),
);
export const Flag = Type.Object({
  flag_id: Type.String(),
  flag_type: Type.String(),
  status: Type.String(),
  contact_id: N(Type.String()),
  enrollment_id: N(Type.String()),
  principal_id: N(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  raised_at: IsoTime,
  escalated_at: N(IsoTime),
  resolved_at: N(IsoTime),
  resolved_by: N(Type.String()),
  resolution: N(Type.String()),
});

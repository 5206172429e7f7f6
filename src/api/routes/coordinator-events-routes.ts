// The coordinator's read side and play execution (spec 001 API): the event log with cursor paging,
// a contact's timeline, the quarter-end cohort view, and the RevOps trigger to execute active plays.
import { Type } from "typebox";
import { cohortView } from "../../cohort/cohort-view.ts";
import { contactTimeline } from "../../events/contact-timeline.ts";
import { queryEvents } from "../../events/query-events.ts";
import { executeActivePlaysFor } from "../../plays/execute-active-plays.ts";
import type { RouteModule } from "../context.ts";
import { Cursor, IdParam, IsoTime, Limit, stdErrors, Uuid } from "../schemas.ts";

const tags = ["coordinator"];
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const SuppressedReason = Type.Union(
  [
    "compliance_block",
    "abm_active_suppression",
    "touch_cap_exceeded",
    "conflict_resolved_queued",
    "outside_send_window",
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
const TimelineEntry = Type.Object({
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
});
const Outcomes = {
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
const PlayRun = Type.Object({
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

export const coordinatorEventsRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/events",
    {
      schema: {
        tags,
        summary: "Query the cadence event log, newest first, with cursor paging",
        querystring: EventsQuery,
        response: {
          200: Type.Object({ items: Type.Array(Event), next_cursor: N(Type.String()) }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      return queryEvents(deps.db, req.principal, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      } as Parameters<typeof queryEvents>[2]);
    },
  );

  app.get(
    "/api/v1/contacts/:id/timeline",
    {
      schema: {
        tags,
        summary:
          "Every event of a contact in time order, with each gate decision, release, message, reply and lineage",
        params: TimelineParams,
        querystring: TimelineQuery,
        response: {
          200: Type.Object({
            contact: Type.Object({
              contact_id: Type.String(),
              full_name: Type.String(),
              account_id: N(Type.String()),
              opted_out: Type.Boolean(),
            }),
            items: Type.Array(TimelineEntry),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => contactTimeline(deps.db, req.principal, req.params.id, req.query),
  );

  app.get(
    "/api/v1/cohort",
    {
      schema: {
        tags,
        summary:
          "Quarter-end cohort retrospective: brain-co-designed plays vs everything without a brain (RevOps, SLM, exec, admin, and the brain agents: spec 000's calibration loop)",
        querystring: Type.Object({
          quarter: Type.String({ maxLength: 10, description: "YYYY-Qn, e.g. 2026-Q4" }),
        }),
        response: {
          200: Type.Object({
            quarter: Type.String(),
            from: IsoTime,
            to: IsoTime,
            brain: Type.Object({
              ...Outcomes,
              plays: Type.Array(
                Type.Object({
                  play_id: Type.String(),
                  name: Type.String(),
                  touches: Type.Integer(),
                  replies: Type.Integer(),
                  meetings: Type.Integer(),
                }),
              ),
            }),
            no_brain: Type.Object(Outcomes),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => cohortView(deps.db, req.principal, req.query.quarter),
  );

  app.post(
    "/api/v1/coordinator/execute-plays",
    {
      schema: {
        tags,
        summary:
          "Execute the tenant's active plays now (RevOps): each target contact is asked through the gates",
        response: { 200: Type.Object({ runs: Type.Array(PlayRun) }), ...stdErrors },
      },
    },
    async (req) => ({ runs: await executeActivePlaysFor(deps.db, req.principal, deps.now()) }),
  );
};

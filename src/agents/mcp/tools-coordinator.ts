// Coordinator tools (spec 001): request a sequence activation through the five gates (marketing
// agents' nurture requests), query the event log by prospect, play, proposal or suppressed reason,
// read notifications addressed to this agent, and read and resolve proactive flags (AGT-303).
import { Type } from "typebox";
import { Event, EventsQuery, Flag, PreviewBody, PreviewResult } from "../../api/schemas/coordinator.ts";
import { PAGE_FIELDS, pageOf, Uuid } from "../../api/schemas.ts";
import { previewDecision, requestActivationAs } from "../../coordinator/index.ts";
import { queryEvents } from "../../events/index.ts";
import { listFlags, resolveFlag } from "../../flags/index.ts";
import { listNotifications } from "../../notifications/index.ts";
import { EVENT_TYPE_HINT, GOAL_HINT } from "./hints.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";
import { DecisionOut, decisionView } from "./tools-campaigns.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const coordinatorTools = [
  defineTool({
    name: "preview_decision",
    title: "Preview the coordinator's decision",
    description:
      "Any agent: what the five gates (spec 001) would decide now for a proposed enrollment (campaign) or an " +
      "enrollment's next step (enrollment_id), with each gate's outcome and the facts it saw. Writes nothing: " +
      "ask this before request_enrollment or request_activation.",
    input: PreviewBody,
    params: { contact_id: "The contact (uuid)" },
    output: PreviewResult,
    write: false,
    run: async (ctx, b) => {
      const p = await previewDecision(
        ctx.db,
        ctx.principal,
        {
          contactId: b.contact_id,
          campaign: b.campaign,
          enrollmentId: b.enrollment_id,
          sequenceType: b.sequence_type,
          channel: b.channel,
          asResumed: b.as_resumed,
        },
        ctx.now(),
      );
      return { ...p, until: p.until ? p.until.toISOString() : null };
    },
  }),
  defineTool({
    name: "request_activation",
    title: "Request a sequence activation",
    description:
      "Ask the coordinator to start a sequence for a contact (spec 001 request_activation): marketing agents " +
      "request nurture sequences this way. The five gates decide allow | hold | queue | block; gate 2 blocks a " +
      "suppressed prospect (opt-out, active ABM), gate 4 queues the losing side of a conflict until decision.until. " +
      "Read why later with query_events (contact_id) or prospect_timeline.",
    input: Type.Object(
      {
        contact_id: Uuid,
        campaign: Type.String({ minLength: 1, maxLength: 64 }),
        sequence_type: Type.Optional(Type.String({ maxLength: 32 })),
        goal: Type.Optional(
          Type.Union(
            ["awareness", "pipeline", "credibility", "marketing_relief"].map((g) => Type.Literal(g)),
          ),
        ),
        notes: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false },
    ),
    params: {
      contact_id: "The contact (uuid)",
      campaign: "The campaign's slug or id (a nurture campaign for marketing agents)",
      sequence_type: "Optional; must match the campaign's kind (nurture, sales, ...)",
      goal: GOAL_HINT,
      notes: "Optional notes kept with the request",
    },
    output: Type.Object({ decision: DecisionOut, enrollment_id: Nullable(Type.String()) }),
    write: true,
    run: async (ctx, b) => {
      const r = await requestActivationAs(
        ctx.db,
        ctx.principal,
        {
          contactId: b.contact_id,
          campaign: b.campaign,
          sequenceType: b.sequence_type,
          goal: (b.goal ?? null) as any,
          notes: b.notes ?? null,
          originatingAgentId: ctx.principal.agentId,
        },
        ctx.now(),
      );
      return { decision: decisionView(r.decision), enrollment_id: r.enrollmentId };
    },
  }),
  defineTool({
    name: "query_events",
    title: "Query the event log",
    description:
      "The cadence event log (spec 001 CadenceEventLog), newest first: filter by prospect (contact_id), play, " +
      "proposal or suppressed reason to see every gate decision, touch, reply and exit with its reason.",
    input: EventsQuery,
    params: {
      contact_id: "Only this prospect's events (uuid)",
      play_id: "Only events of this play (uuid)",
      originating_proposal_id: "Only events from this brain proposal (uuid)",
      suppressed_reason:
        "Only decisions suppressed for this reason: compliance_block (gate 1-2), abm_active_suppression (gate 2), " +
        "touch_cap_exceeded (gate 3, a contact's or campaign's cap), account_cap_exceeded (gate 3, the account's cap), conflict_resolved_queued (gate 4), outside_send_window",
      event_type: EVENT_TYPE_HINT,
      from: "occurred_at at or after (ISO time)",
      to: "occurred_at before (ISO time)",
      ...PAGE_PARAMS,
    },
    output: Type.Object({ items: Type.Array(Event), next_cursor: Nullable(Type.String()) }),
    write: false,
    run: (ctx, q) =>
      queryEvents(ctx.db, ctx.principal, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      } as Parameters<typeof queryEvents>[2]),
  }),
  defineTool({
    name: "list_notifications",
    title: "My notifications",
    description:
      "Notifications addressed to this agent (spec 001: gate 2 suppressions are notified to the originating " +
      "agent; stalled flags go to AGT-303), newest first; a token bound to a team or territory reads those about its book's prospects.",
    input: Type.Object(
      {
        kind: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        cursor: Type.Optional(Type.String({ maxLength: 20 })),
      },
      { additionalProperties: false },
    ),
    params: { kind: "Only this kind (e.g. activation.suppressed, flag.stall)", ...PAGE_PARAMS },
    output: Type.Object({
      items: Type.Array(
        Type.Object(
          {
            notification_id: Type.Integer(),
            kind: Type.String(),
            payload: Type.Record(Type.String(), Type.Unknown()),
            created_at: Type.String(),
          },
          { additionalProperties: true },
        ),
      ),
      next_cursor: Nullable(Type.String()),
    }),
    write: false,
    run: (ctx, q) => listNotifications(ctx.db, ctx.principal, { ...q, mine: true }),
  }),
  defineTool({
    name: "list_flags",
    title: "Proactive flags",
    description:
      "The coordinator's proactive flags (spec 001): cap_warning, concurrency, stall, backlog_risk, open or " +
      "resolved. AGT-303 (analysis) and managers see the tenant's; a rep sees its own.",
    input: Type.Object(
      {
        status: Type.Optional(Type.Union([Type.Literal("open"), Type.Literal("resolved")])),
        flag_type: Type.Optional(
          Type.Union(["cap_warning", "concurrency", "stall", "backlog_risk"].map((t) => Type.Literal(t))),
        ),
        contact_id: Type.Optional(Uuid),
        ...PAGE_FIELDS,
      },
      { additionalProperties: false },
    ),
    params: {
      status: "open | resolved",
      flag_type: "cap_warning | concurrency | stall | backlog_risk",
      contact_id: "Only this contact's flags (uuid)",
      ...PAGE_PARAMS,
    },
    output: pageOf(Flag),
    write: false,
    run: (ctx, q) => listFlags(ctx.db, ctx.principal, q as Parameters<typeof listFlags>[2]),
  }),
  defineTool({
    name: "resolve_flag",
    title: "Resolve a flag",
    description: "Resolve a proactive flag with an optional note (your analysis or what was done).",
    input: Type.Object(
      { flag_id: Uuid, note: Type.Optional(Type.String({ maxLength: 1000 })) },
      { additionalProperties: false },
    ),
    params: { flag_id: "The flag (from list_flags)", note: "What was done or recommended" },
    output: Flag,
    write: true,
    run: (ctx, { flag_id, note }) => resolveFlag(ctx.db, ctx.principal, flag_id, note, ctx.now()),
  }),
];

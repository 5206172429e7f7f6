// TypeBox schemas of a campaign's enrollments (spec 002 campaign_contacts): enroll one contact or
// many (with the coordinator's decision), list and read them, and exit, pause or resume one.
import { Type } from "typebox";
import { EXIT_REASONS, GOALS } from "../../campaigns/index.ts";
import { IdParam, IsoTime, Lits, Nullable, PAGE_FIELDS, Uuid } from "../schemas.ts";

export const IdParams = Type.Object({ id: IdParam("enrollment or hand-off") });
export const Goal = Lits(GOALS, "spec 002 goal: awareness | pipeline | credibility | marketing_relief");

export const EnrollBody = Type.Object(
  {
    contact_id: Uuid,
    goal: Type.Optional(Nullable(Goal)),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const BulkEnrollBody = Type.Object(
  { contacts: Type.Array(EnrollBody, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

const Decision = Type.Object(
  {
    action: Type.String(),
    gate: Nullable(Type.Integer()),
    reason: Nullable(Type.String()),
    // a Date in the handlers, serialized as ISO 8601 (fast-json-stringify's date-time)
    until: Type.Unsafe<Date | null>(Nullable(IsoTime)),
    eventId: Type.Integer(),
    touchCapAtEvent: Type.Integer(),
  },
  { description: "the coordinator's decision (spec 001 gates)" },
);

export const EnrollResult = Type.Object({
  outcome: Type.String({ description: "enrolled | queued | held | blocked" }),
  enrollment_id: Nullable(Type.String()),
  campaign: Type.String(),
  contact_id: Type.String(),
  decision: Decision,
});

export const BulkEnrollResult = Type.Object({
  results: Type.Array(
    Type.Object({
      contact_id: Type.String(),
      ok: Type.Boolean(),
      result: Type.Optional(EnrollResult),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});

const ENROLLMENT_STATUSES = [
  "queued",
  "active",
  "paused",
  "converted",
  "rejected",
  "timed_out",
  "exited",
  "opted_out",
  "cancelled",
];

export const Enrollment = Type.Object(
  {
    id: Type.String(),
    campaign: Type.String({ description: "the campaign's slug" }),
    campaign_name: Type.String({ description: "the campaign's name, what a person reads (issue 60 item 5)" }),
    contact_id: Type.String(),
    contact_name: Type.String(),
    status: Type.String(),
    current_step: Type.Integer(),
    next_send_at: Nullable(IsoTime),
    enrolled_at: IsoTime,
    exited_at: Nullable(IsoTime),
    exit_reason: Nullable(Type.String()),
    paused_until: Nullable(IsoTime),
    hold_reason: Nullable(
      Type.String({
        description:
          "why a reply holds it while paused (issue 56; what gate 5 reports): reply_pending_triage, reply_pending_review (a reply Baton could not trust), reply_later or reply_policy; null for any other state",
      }),
    ),
    goal: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    sequence_type: Type.String(),
    originating_agent_id: Nullable(Type.String()),
    play_id: Nullable(Type.String()),
  },
  { $id: "Enrollment", description: "An enrollment (spec 002 campaign_contacts)" },
);

export const EnrollmentListQuery = Type.Object({
  status: Type.Optional(Lits(ENROLLMENT_STATUSES, "Only enrollments in this status")),
  ...PAGE_FIELDS,
});

export const ExitBody = Type.Object(
  {
    reason: Type.String({ maxLength: 64, description: EXIT_REASONS.join(" | ") }),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const ExitResult = Type.Object({
  enrollment_id: Type.String(),
  already_ended: Type.Boolean(),
  status: Type.String(),
  reason: Nullable(Type.String()),
  next: Type.Object(
    {
      kind: Type.String({ description: "none | enrolled | handoff | skipped" }),
      campaign: Type.Optional(Type.String()),
      enrollment_id: Type.Optional(Nullable(Type.String())),
      outcome: Type.Optional(Type.String()),
      handoff_id: Type.Optional(Type.String()),
      gate: Type.Optional(Type.String()),
      why: Type.Optional(Type.String()),
    },
    { description: "where on_exit sent the contact" },
  ),
});

// POST /api/v1/enrollments/:id/pause and /resume, and the MCP pause and resume tools
const Reason = Type.String({ minLength: 1, maxLength: 2000, description: "why, in a person's words" });

export const PauseBody = Type.Object(
  {
    reason: Reason,
    until: Type.Optional(
      Type.Union([IsoTime, Type.Null()], {
        description: "when the engine resumes it by itself; absent or null: until a person resumes it",
      }),
    ),
  },
  { additionalProperties: false },
);
export const ResumeBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const PauseResult = Type.Object({
  enrollment_id: Type.String(),
  status: Type.String(),
  paused_until: Type.Union([IsoTime, Type.Null()]),
  next_send_at: Type.Union([IsoTime, Type.Null()]),
});

// TypeBox schemas of the campaigns API (spec 002): definitions, enrollments, hand-offs, replies.
import { Type } from "typebox";
import {
  APPROVAL_POLICIES,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  EXIT_REASONS,
  GOALS,
  REPLY_INTENTS,
} from "../../campaigns/index.ts";
import { IdParam, IsoTime, PAGE_FIELDS, Uuid } from "../schemas.ts";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Lits = (xs: readonly string[], description?: string) =>
  Type.Union(
    xs.map((x) => Type.Literal(x)),
    description ? { description } : {},
  );

export const Slug = Type.String({ pattern: "^[a-z0-9][a-z0-9_]{0,63}$", description: "lowercase slug" });
export const SlugParams = Type.Object({
  slug: Type.String({ maxLength: 64, description: "campaign slug or id" }),
});
export const IdParams = Type.Object({ id: IdParam("enrollment or hand-off") });
export const Goal = Lits(GOALS, "spec 002 goal: awareness | pipeline | credibility | marketing_relief");

// Channel and content type are validated by the domain (so an unknown one gets its own error code).
export const StepBody = Type.Object(
  {
    step_number: Type.Integer({ description: "1-based, 1..n without gap" }),
    delay_days: Type.Integer({ description: "days from enrollment (step 1 = day 0); ≥ 0, never decreasing" }),
    channel: Type.String({ description: `${CHANNELS.join(" | ")}` }),
    content_type: Type.String({ description: `${CONTENT_TYPES.join(" | ")}` }),
    template_instructions: Type.String({
      maxLength: 4000,
      description: "what to write, not the copy itself",
    }),
    thread: Type.Optional(
      Type.String({
        description: "new (default) | follow_up: sent in the first email's thread (docs/sending.md)",
      }),
    ),
    variants: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Array(
          Type.Object(
            {
              key: Type.String({ maxLength: 16, description: "a short label, e.g. A, B" }),
              subject: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
              instructions: Type.String({ maxLength: 4000 }),
              weight: Type.Number({ description: "relative weight > 0" }),
            },
            { additionalProperties: false },
          ),
          { description: "A/B variants of this step (2 to 4; docs/learning.md)" },
        ),
      ]),
    ),
    subject_template: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 300,
          description:
            'email only: the subject as a person wrote it, a Liquid template with merge fields, e.g. "{{account.name}} at B2B eCommerce World" (docs/campaigns.md "Templates"); null or blank: none',
        }),
      ),
    ),
    body_template: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 8000,
          description:
            'the body as a person wrote it, sent as written by the built-in drafter: Liquid with merge fields, e.g. "Hi {{contact.first_name | default: "there"}}," (docs/campaigns.md "Templates"); null or blank: none',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

const OnExitBody = Type.Record(Type.String(), Type.Unknown(), {
  description: `exit reason (${EXIT_REASONS.join(", ")}) → campaign slug | null | { "gate": "exec" }`,
});

const PolicyEffect = Type.Object(
  {
    action: Type.Union([Type.Literal("nothing"), Type.Literal("pause"), Type.Literal("stop")]),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: "with pause only" })),
  },
  { additionalProperties: false },
);
const ReplyPolicyBody = Type.Object(
  {
    other_campaigns: Type.Optional(PolicyEffect),
    colleagues: Type.Optional(PolicyEffect),
  },
  {
    additionalProperties: false,
    description:
      "issue 56: what a person's reply to this campaign does to the replier's other live campaigns and to the live enrollments, in this campaign, of colleagues at the same account: nothing | pause (days) | stop. Default: other_campaigns pause 14 days, colleagues nothing (docs/campaigns.md)",
  },
);

const definitionFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.String({
    minLength: 1,
    maxLength: 64,
    description: "event | membership | platform | onboarding | …",
  }),
  owner_role: Type.String({
    minLength: 1,
    maxLength: 64,
    description: "roles.bdr | roles.sales | roles.cs | …",
  }),
  kind: Lits(CAMPAIGN_KINDS, "sequence kind the coordinator's gates see"),
  approval_policy: Lits(APPROVAL_POLICIES, "sales campaigns always require_approval"),
  status: Lits(CAMPAIGN_STATUSES),
  on_exit: OnExitBody,
  play_id: Nullable(Uuid),
  steps: Type.Array(StepBody, { maxItems: 100 }),
  required_legal_basis: Nullable(
    Type.Array(Type.String({ maxLength: 40 }), {
      maxItems: 3,
      description:
        "issue 15 legal basis: legitimate_interest | consent | customer; gate 1 blocks contacts without one",
    }),
  ),
  reply_policy: Nullable(ReplyPolicyBody),
  weekly_touch_cap: Nullable(
    Type.Integer({
      minimum: 1,
      maximum: 100,
      description:
        "issue 59: at most this many touches of this campaign per contact in any rolling 7 days (1 to 100), beside the contact's own caps; gate 3 holds the rest (reason touch_cap_exceeded, resolution campaign_weekly_cap); null: no campaign cap",
    }),
  ),
  team_id: Nullable(
    Type.String({
      format: "uuid",
      description:
        "issue 61: the team the campaign belongs to (GET /api/v1/teams): RevOps, admins and its managers change it, its people enroll into it; only RevOps and admins set it; null: the workspace's campaign",
    }),
  ),
  personal_send: Type.Union([Type.Literal("on_click"), Type.Literal("at_once")], {
    description:
      "issue 67 item 5: how the exec's close steps (his personal sends) go: on_click (the default: each waits as his task until he clicks Send) | at_once (sent from his connected mailbox as soon as he approved it, with no click; the exec who sets it is the sender). Only the exec sets at_once; the exec, RevOps or an admin set on_click (FORBIDDEN_PERSONAL_SEND_CHOICE)",
  }),
  send_window: Nullable(
    Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'issue 12: {"days":["tue","wed","thu"],"start":"09:00","end":"11:30","time_zone"?,"skip_holidays"?,"spread_minutes"?} in the contact\'s zone (docs/sending.md); validated by the domain',
      },
    ),
  ),
};

export const CreateCampaignBody = Type.Object(
  {
    slug: Slug,
    name: definitionFields.name,
    type: definitionFields.type,
    owner_role: definitionFields.owner_role,
    kind: Type.Optional(definitionFields.kind),
    approval_policy: Type.Optional(definitionFields.approval_policy),
    status: Type.Optional(definitionFields.status),
    on_exit: Type.Optional(definitionFields.on_exit),
    play_id: Type.Optional(definitionFields.play_id),
    steps: definitionFields.steps,
    send_window: Type.Optional(definitionFields.send_window),
    weekly_touch_cap: Type.Optional(definitionFields.weekly_touch_cap),
    team_id: Type.Optional(definitionFields.team_id),
    required_legal_basis: Type.Optional(definitionFields.required_legal_basis),
    reply_policy: Type.Optional(definitionFields.reply_policy),
  },
  { additionalProperties: false },
);

export const UpdateCampaignBody = Type.Object(
  Object.fromEntries(Object.entries(definitionFields).map(([k, v]) => [k, Type.Optional(v as any)])) as any,
  { additionalProperties: false, minProperties: 1 },
);

export const Campaign = Type.Object(
  {
    id: Uuid,
    slug: Type.String(),
    name: Type.String(),
    type: Type.String(),
    owner_role: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    approval_policy: Type.String(),
    on_exit: Type.Record(Type.String(), Type.Unknown()),
    play_id: Nullable(Type.String()),
    created_at: IsoTime,
    updated_at: IsoTime,
    steps: Type.Array(
      Type.Object({
        step_number: Type.Integer(),
        delay_days: Type.Integer(),
        channel: Type.String(),
        content_type: Type.String(),
        template_instructions: Type.String(),
        thread: Type.Optional(Type.String()),
        subject_template: Type.Optional(Nullable(Type.String())),
        body_template: Type.Optional(Nullable(Type.String())),
        variants: Type.Optional(Nullable(Type.Array(Type.Record(Type.String(), Type.Unknown())))),
      }),
    ),
    send_window: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
    weekly_touch_cap: Type.Optional(Nullable(Type.Integer())),
    team_id: Type.Optional(Nullable(Type.String({ format: "uuid" }))),
    personal_send: Type.Optional(
      Type.Union([Type.Literal("on_click"), Type.Literal("at_once")], {
        description:
          "issue 67 item 5: the exec's close steps go out on his click (on_click) or at once from his mailbox (at_once)",
      }),
    ),
    personal_send_by: Type.Optional(
      Nullable(
        Type.String({ format: "uuid", description: "the exec who chose at_once (his mailbox sends)" }),
      ),
    ),
    required_legal_basis: Type.Optional(Nullable(Type.Array(Type.String()))),
    reply_policy: Type.Optional(
      Type.Object(
        { other_campaigns: PolicyEffect, colleagues: PolicyEffect },
        { description: "issue 56: the reply policy in force (the default when none was set)" },
      ),
    ),
  },
  { $id: "Campaign", description: "A campaign (spec 002 campaigns + campaign_sequences)" },
);

const Problems = Type.Array(
  Type.Object({ code: Type.String(), path: Type.String(), message: Type.String() }),
  { description: "what would refuse it, each at its path in the body; [] when it can be saved" },
);

export const DefinitionCheck = Type.Object({ problems: Problems });

export const ChangePreview = Type.Object(
  {
    campaign: Type.String(),
    problems: Problems,
    live: Type.Integer({ description: "live enrollments (queued, active, paused)" }),
    changes: Type.Array(
      Type.Object({
        kind: Type.String({
          description: "steps | removed_steps | scheduled_delay | on_exit | status | send_window",
        }),
        affected: Type.Integer({ description: "enrollments this part of the change reaches" }),
        sentence: Type.String(),
      }),
    ),
  },
  { description: "issue 37: a change to a campaign, checked and described before it is saved" },
);

export const CampaignListQuery = Type.Object({
  status: Type.Optional(Lits(CAMPAIGN_STATUSES, "Only campaigns in this status")),
  ...PAGE_FIELDS,
});

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

export const Handoff = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    gate_role: Type.String(),
    contact_id: Type.String(),
    contact_name: Type.String(),
    from_enrollment_id: Type.String(),
    from_campaign: Type.String(),
    exit_reason: Type.String(),
    created_at: IsoTime,
    decided_at: Nullable(IsoTime),
    decided_by_principal_id: Nullable(Type.String()),
    routed_campaign_ids: Type.Array(Type.String()),
    routed_enrollment_ids: Type.Array(Type.String()),
    goal: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    // issue 37 item 1: what the exec decides on (absent in a bulk route's results)
    company: Type.Optional(Nullable(Type.String())),
    reply: Type.Optional(
      Nullable(
        Type.Object({
          body: Type.String(),
          intent: Type.String(),
          received_at: IsoTime,
          channel: Type.String(),
        }),
      ),
    ),
    suggested_campaigns: Type.Optional(
      Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }), {
        description: "active sales-agent campaigns the contact is not in, related ones first",
      }),
    ),
  },
  { $id: "Handoff", description: "A hand-off waiting at (or decided by) the exec gate" },
);

export const HandoffListQuery = Type.Object({
  status: Type.Optional(Lits(["open", "routed", "closed"], "Only hand-offs in this status")),
  ...PAGE_FIELDS,
});

export const RouteHandoffBody = Type.Object(
  {
    campaigns: Type.Array(Type.String({ maxLength: 64 }), {
      maxItems: 10,
      description: "campaign slugs to enroll the contact in; [] closes the hand-off without a campaign",
    }),
    goal: Type.Optional(Nullable(Goal)),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

export const RouteHandoffsBody = Type.Object(
  {
    items: Type.Array(
      Type.Object({ handoff_id: Uuid, ...RouteHandoffBody.properties }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 500,
        description: "routed in order, as one call per hand-off would route them",
      },
    ),
  },
  { additionalProperties: false },
);

export const ReplyBody = Type.Object(
  {
    contact_id: Type.Optional(Type.String({ maxLength: 64 })),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    text: Type.String({ minLength: 1, maxLength: 50_000 }),
    received_at: IsoTime,
    channel: Type.Optional(Lits(CHANNELS)),
    enrollment_id: Type.Optional(Uuid),
    message_id: Type.Optional(
      Type.String({ maxLength: 998, description: "Message-ID; a duplicate is processed once" }),
    ),
    // issue 37 item 2: a person logging a reply keeps or overrules the classifier's class
    intent: Type.Optional(
      Lits(
        REPLY_INTENTS,
        "the class a person chose (POST /api/v1/replies/classify gives the classifier's); absent: classified here",
      ),
    ),
  },
  { additionalProperties: false },
);

export const ReplyResult = Type.Object({
  reply_id: Type.String(),
  duplicate: Type.Boolean(),
  contact_id: Type.String(),
  intent: Type.String(),
  confidence: Type.Number(),
  classified_by: Type.String(),
  action: Type.String({
    description:
      "exited | paused | opted_out | continued | no_enrollment | held (waits in the triage queue: GET /api/v1/replies/triage)",
  }),
  enrollment_id: Nullable(Type.String()),
  exit_reason: Nullable(Type.String()),
  return_date: Nullable(IsoTime),
  paused_until: Nullable(IsoTime),
  exit: Nullable(ExitResult),
  triage: Type.Optional(
    Type.String({ description: "auto (Baton acted alone) | pending (waits for a person) | decided" }),
  ),
  held_enrollment_ids: Type.Optional(Type.Array(Type.String(), { description: "what the reply held" })),
  policy_effects: Type.Optional(
    Type.Array(Type.Record(Type.String(), Type.Unknown()), {
      description: "what the campaign's reply policy did to other campaigns and colleagues",
    }),
  ),
});

export const StepPreviewParams = Type.Object({
  slug: Type.String({ maxLength: 64, description: "campaign slug or id" }),
  step: Type.Integer({ minimum: 1, maximum: 100, description: "step number" }),
});
export const StepPreviewQuery = Type.Object(
  { contact_id: { ...Uuid, description: "The contact to preview the step for (uuid)" } },
  { additionalProperties: false },
);
export const StepPreview = Type.Object(
  {
    campaign: Type.String(),
    step_number: Type.Integer(),
    channel: Type.String(),
    contact: Type.Object({
      contact_id: Type.String(),
      full_name: Type.String(),
      company: Nullable(Type.String()),
    }),
    enrollment_id: Nullable(Type.String({ description: "the enrollment whose goal and variant were used" })),
    variant: Nullable(Type.String()),
    subject: Nullable(Type.String()),
    body: Type.String(),
    from_templates: Type.Object({ subject: Type.Boolean(), body: Type.Boolean() }),
    missing: Type.Array(Type.String(), {
      description: "merge fields this contact has no value for, shown in the text as [field]",
    }),
    unfinished: Type.Object({ template_note: Type.Boolean(), parts: Type.Array(Type.String()) }),
    ready: Type.Boolean({ description: "true: approvable as written (nothing left to fill)" }),
  },
  { description: "The built-in drafter's draft of one step for one contact; nothing is written" },
);

export const TestSendResult = Type.Object(
  {
    to: Type.String({ description: "the signed-in person's own address, the only one a test goes to" }),
    subject: Type.String({ description: 'the subject as sent, prefixed "[Test] "' }),
    message_id: Type.String(),
    preview: StepPreview,
  },
  { additionalProperties: false },
);

export const EditedStepPreviewBody = Type.Object(
  {
    campaign: Type.Object(
      {
        slug: Type.Optional(Type.String({ maxLength: 64 })),
        name: Type.String({ maxLength: 200 }),
        type: Type.String({ maxLength: 32 }),
        kind: Type.Optional(Lits(CAMPAIGN_KINDS)),
        approval_policy: Type.Optional(Lits(APPROVAL_POLICIES)),
      },
      {
        additionalProperties: false,
        description: "the campaign as edited (its name and type reach the text)",
      },
    ),
    step: StepBody,
    contact_id: { ...Uuid, description: "a contact of your book (uuid), enrolled or not" },
    variant: Type.Optional(Type.String({ maxLength: 16, description: "the variant key to render, e.g. A" })),
  },
  { additionalProperties: false },
);

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

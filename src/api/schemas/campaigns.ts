// TypeBox schemas of the campaigns API (spec 002): a campaign's definition (its steps, on_exit map,
// reply policy and send window) to create or change it, the campaign as read, the read-only check
// of a definition and the impact preview of a change. Enrollments, hand-offs, replies and step
// previews have files of their own.
import { Type } from "typebox";
import {
  APPROVAL_POLICIES,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CHANNELS,
  CONTENT_TYPES,
  EXIT_REASONS,
} from "../../campaigns/index.ts";
import { IsoTime, Lits, Nullable, PAGE_FIELDS, Uuid } from "../schemas.ts";

export const Slug = Type.String({ pattern: "^[a-z0-9][a-z0-9_]{0,63}$", description: "lowercase slug" });
export const SlugParams = Type.Object({
  slug: Type.String({ maxLength: 64, description: "campaign slug or id" }),
});

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

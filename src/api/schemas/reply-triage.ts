// The reply triage queue's HTTP shapes (issue 56 items 2-3): the queue's items, one reply with its
// choices, a decision and its effects, the labelled examples and the agreement rate.
import { type TSchema, Type } from "typebox";
import { EXIT_REASONS, TRIAGE_DECISIONS } from "../../campaigns/index.ts";
import { EARNED_INTENTS } from "../../replies/index.ts";
import { Cursor, IsoTime, ItemError, Uuid } from "../schemas.ts";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const Lits = (xs: readonly string[], description?: string) =>
  Type.Union(
    xs.map((x) => Type.Literal(x)),
    description ? { description } : {},
  );

export const TriageStatusLit = Lits(
  ["pending", "decided", "auto"],
  "pending: waits for a person; decided: a person or an agent decided; auto: Baton acted alone",
);
export const TriageDecisionLit = Lits(TRIAGE_DECISIONS, "what to do with the reply (docs/campaigns.md)");

const Reading = Type.Object(
  {
    intent: Str,
    confidence: Type.Number({ description: "0..1: how sure the classifier is" }),
    by: Type.String({ description: "which rule or model read it" }),
    return_date: Nullable(IsoTime),
    stop_signal: Type.Boolean({ description: "any sign of a stop request in the reply's own words" }),
    referral: Nullable(Type.Object({ name: Nullable(Str), email: Nullable(Str) })),
    language: Nullable(Str),
    words: Type.String({ description: "the reading in words, for people (not the classifier's rule names)" }),
  },
  { description: "The classifier's reading" },
);

const Decision = Type.Object({
  decision: Str,
  intent: Nullable(Type.String({ description: "the intent the decision implies (the example's label)" })),
  details: Type.Record(Type.String(), Type.Unknown()),
  decided_by: Nullable(Type.Object({ principal_id: Str, name: Nullable(Str) })),
  decided_at: IsoTime,
});

const triageFields = {
  reply_id: Str,
  status: TriageStatusLit,
  subject: Nullable(Type.String({ description: "the mail's subject, when it came through a mailbox" })),
  received_at: IsoTime,
  channel: Str,
  action: Type.String({ description: "what Baton did when the reply came: held | exited | paused | …" }),
  contact: Type.Object({
    contact_id: Str,
    full_name: Str,
    email: Nullable(Str),
    title: Nullable(Str),
    account: Nullable(Type.Object({ account_id: Str, name: Str })),
  }),
  campaign: Nullable(Type.Object({ id: Str, slug: Str, name: Str, owner_role: Str })),
  enrollment_id: Nullable(Str),
  enrollment_status: Nullable(Str),
  hold_reason: Nullable(Type.String({ description: "reply_pending_triage while the reply holds it" })),
  excerpt: Type.String({ description: "the first 240 characters of the reply's own words" }),
  reading: Reading,
  held_enrollment_ids: Type.Array(Str, { description: "what the reply held" }),
  policy_effects: Type.Array(Type.Unknown(), {
    description:
      "what the campaign's reply policy did: [{enrollment_id, contact_id, campaign_id, scope, effect, paused_until}]",
  }),
  decision: Nullable(Decision),
  suggested: Type.Union(
    TRIAGE_DECISIONS.map((d) => Type.Literal(d)),
    { description: "the choice the reading suggests (the workspace highlights it)" },
  ),
};

export const TriageReply = Type.Object(triageFields, {
  $id: "TriageReply",
  description: "A reply in the triage queue (issue 56)",
});

export const TriageChoice = Type.Object({
  decision: TriageDecisionLit,
  key: Type.String({ description: "the keyboard key the workspace binds it to" }),
  allowed: Type.Boolean(),
  why_not: Nullable(Str),
  effect: Type.String({ description: "in one sentence, what it will do" }),
  defaults: Type.Record(Type.String(), Type.Unknown(), { description: "pre-filled from the reading" }),
});

export const TriageReplyDetail = Type.Object(
  {
    ...triageFields,
    own_text: Type.String({ description: "the reply's own words" }),
    quoted_text: Nullable(Type.String({ description: "the quoted original under them, folded" })),
    choices: Type.Array(TriageChoice),
    elsewhere: Type.Array(
      Type.Object({
        enrollment_id: Str,
        campaign_name: Str,
        status: Str,
        paused_until: Nullable(IsoTime),
        hold_reason: Nullable(Str),
        held_by_this_reply: Type.Boolean(),
      }),
      { description: "the replier's other live enrollments: what Continue resumes, and what stays paused" },
    ),
  },
  { $id: "TriageReplyDetail", description: "One reply in triage, with what each choice would do" },
);

export const TriageListQuery = Type.Object(
  {
    status: Type.Optional(TriageStatusLit),
    campaign: Type.Optional(Type.String({ maxLength: 64, description: "campaign slug or id" })),
    owner: Type.Optional(
      Type.String({
        maxLength: 64,
        description: "the campaign's owner_role (roles.bdr, roles.sales, …), or me: the contacts you own",
      }),
    ),
    contact_id: Type.Optional({ ...Uuid, description: "Only this contact's replies (uuid)" }),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 200,
        default: 50,
        description: "How many replies per page, 1 to 200 (default 50)",
      }),
    ),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

const decisionFields = {
  decision: TriageDecisionLit,
  exit_reason: Type.Optional(Lits(EXIT_REASONS, "exit: why (a positive reason runs on_exit)")),
  until: Type.Optional(
    Type.String({ format: "date-time", description: "later: when to try again (default: the date read)" }),
  ),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
};

export const DecideBody = Type.Object(
  {
    ...decisionFields,
    referral: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
        },
        {
          additionalProperties: false,
          description: "referral: the person named (default: whom the reply names)",
        },
      ),
    ),
    replier: Type.Optional(
      Lits(
        ["exit", "hold"],
        "referral: the replier's enrollment exits (disqualified; default) or stays held",
      ),
    ),
  },
  { additionalProperties: false },
);

export const BulkDecideBody = Type.Object(
  {
    reply_ids: Type.Array(Uuid, { minItems: 1, maxItems: 200 }),
    ...decisionFields,
  },
  { additionalProperties: false },
);

export const DecisionEffects = Type.Object({
  resumed: Type.Array(Str, { description: "enrollments resumed" }),
  exit: Nullable(Type.Record(Type.String(), Type.Unknown())),
  opted_out: Type.Boolean(),
  paused_until: Nullable(IsoTime),
  referral: Nullable(Type.Object({ contact_id: Str, created: Type.Boolean(), handoff_id: Str })),
  handoff_id: Nullable(Str),
});

export const DecideResult = Type.Object({
  reply: Type.Ref("TriageReplyDetail"),
  effects: DecisionEffects,
});

export const BulkDecideResult = Type.Object({
  results: Type.Array(
    Type.Object({
      reply_id: Str,
      ok: Type.Boolean(),
      reply: Type.Optional(Type.Ref("TriageReplyDetail")),
      effects: Type.Optional(DecisionEffects),
      error: Type.Optional(ItemError),
    }),
  ),
});

export const TriageCount = Type.Object({
  pending: Type.Integer({ description: "replies waiting for this principal" }),
  oldest_received_at: Nullable(IsoTime),
});

export const ExamplesQuery = Type.Object(
  {
    since: Type.Optional({
      ...IsoTime,
      description: "Only replies decided at or after this time (ISO 8601)",
    }),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 50_000,
        description: "At most this many lines (an export, not a page)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReplyAgreement = Type.Object({
  items: Type.Array(
    Type.Object({
      intent: Type.String({ description: "the intent the classifier read" }),
      language: Nullable(Str),
      decided: Type.Integer(),
      agreed: Type.Integer({ description: "decisions that imply the same intent" }),
      rate: Type.Number(),
    }),
  ),
  overall: Type.Object({ decided: Type.Integer(), agreed: Type.Integer(), rate: Nullable(Type.Number()) }),
});

// Automation earned from the team's decisions (issue 72 item 1; docs/campaigns.md "Automation earned")
const EarnedIntentLit = Lits(EARNED_INTENTS, "the intent Baton would act on alone");
const ClassLanguage = Type.String({
  pattern: "^[a-z]{2,3}$",
  description: "the replies' language (en, de, fr, es, nl, it, pt…), und when it is not known",
});

export const AutomationClassView = Type.Object(
  {
    intent: EarnedIntentLit,
    language: ClassLanguage,
    state: Lits(
      ["closed", "open", "closed_by_hand"],
      "open: Baton acts alone on sure readings; closed: earning; closed_by_hand: RevOps closed it",
    ),
    min_confidence: Type.Number({
      description: "the confidence band: readings at or above it count and act alone",
    }),
    decided: Type.Integer({ description: "people's decisions on sure readings since the tally started" }),
    agreed: Type.Integer({ description: "of them, those that implied the intent read" }),
    rate: Nullable(Type.Number({ description: "agreed / decided" })),
    to_earn: Type.Integer({ description: "agreeing decisions still needed before it may open" }),
    opened_at: Nullable(IsoTime),
    closed_at: Nullable(IsoTime),
    closed_by: Nullable(Uuid),
  },
  { $id: "AutomationClass" },
);

export const AutomationClasses = Type.Object({
  items: Type.Array(Type.Ref("AutomationClass")),
  rule: Type.Object(
    {
      min_decisions: Type.Integer(),
      min_agreement: Type.Number(),
      spot_check_every: Type.Integer({
        description: "an open class still sends one sure reply in this many to a person",
      }),
    },
    { description: "what opens a class (src/replies/automation.ts)" },
  ),
});

export const AutomationClassKey = Type.Object(
  { intent: EarnedIntentLit, language: ClassLanguage },
  { additionalProperties: false },
);

// The tenant's reply model versions (issue 72 item 2, GET /api/v1/reply-models): numbers only, no
// reply's text (src/campaigns/triage/reply-models.ts).
import { Type } from "typebox";
import { IsoTime, Nullable } from "../schemas.ts";

const SliceScore = Type.Object(
  {
    correct: Type.Integer({
      description:
        "held-out replies handled right: a sure reading of the person's intent, or an unsure one where the intent read was wrong",
    }),
    accuracy: Type.Number({ description: "correct / held_out" }),
    wrong_alone: Type.Integer({ description: "sure readings of another intent than the person's" }),
    stop_missed: Type.Integer({ description: "stop requests read as something else, with no stop signal" }),
  },
  { additionalProperties: false },
);

export const ReplyModelVersionView = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    model_version: Type.String({
      description: "as a reading names it (campaign_replies.model_version): tenant:<version>",
    }),
    base: Type.String({
      description: "the base model it was warm-started from: base:<first 12 of its digest>",
    }),
    compared_with: Type.String({ description: "the model it was measured against: base:… or tenant:…" }),
    trained_on: Type.Integer({ description: "people's decisions it was trained on" }),
    held_out: Type.Integer({ description: "people's decisions it was measured on (never trained on)" }),
    candidate: SliceScore,
    current: SliceScore,
    kept: Type.Boolean(),
    reason: Nullable(
      Type.String({
        description:
          "why it was not kept: not_better_on_held_out, misses_more_stop_requests, more_wrong_alone",
      }),
    ),
    active: Type.Boolean({ description: "the version the tenant's replies are read with now" }),
    training_ms: Type.Integer(),
    created_at: IsoTime,
  },
  { $id: "ReplyModelVersion", additionalProperties: false },
);

export const ReplyModelVersions = Type.Object({
  active: Type.String({
    description: "the model the tenant's replies are read with now: base:… or tenant:…",
  }),
  items: Type.Array(Type.Ref("ReplyModelVersion"), { description: "newest first, at most 500" }),
  rule: Type.Object(
    {
      min_examples: Type.Integer({ description: "people's decisions before a model is trained" }),
      min_held_out: Type.Integer({ description: "of them, in the held-out slice" }),
      retrain_after: Type.Integer({ description: "new people's decisions before the next training" }),
    },
    { description: "when a tenant's model is trained (src/campaigns/triage/reply-models.ts)" },
  ),
});

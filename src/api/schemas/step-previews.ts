// TypeBox schemas of a step's preview: a stored step as the built-in drafter writes it for one
// contact, the test send of it to oneself, and a step as edited in the campaign editor, unsaved.
import { Type } from "typebox";
import { APPROVAL_POLICIES, CAMPAIGN_KINDS } from "../../campaigns/index.ts";
import { Lits, Nullable, Uuid } from "../schemas.ts";
import { StepBody } from "./campaigns.ts";

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

// Learning's refusals (issue 13): step variants, winner promotion, retrospectives.
import { defineErrors } from "../errors/define.ts";

const list = (f: { problems?: { path: string; message: string }[] }) =>
  (f.problems ?? []).map((p) => `${p.path}: ${p.message}`).join("; ");

export const learningErrors = defineErrors({
  CAMPAIGN_STEP_VARIANTS_INVALID: {
    status: 422,
    rule: "A/B variants: 2 to 4 per step, unique keys, instructions, weights > 0 (docs/learning.md)",
    message: (f) => `A step's variants are invalid: ${list(f) || "a step has 2 to 4 variants"}.`,
    next: () =>
      "Give the step 2 to 4 variants, each { key, subject, instructions, weight > 0 } with a unique key, or none.",
  },
  VARIANT_NOT_FOUND: {
    status: 404,
    rule: "a winner is one of the step's variants",
    message: (f) =>
      `Step ${f.step ?? "?"} of campaign ${f.campaign ?? ""} has no variant ${f.variant ?? ""}${
        f.known?.length ? ` (it has ${f.known.join(", ")})` : " (it has no variants)"
      }.`,
    next: () =>
      "Read the step's variants (GET /api/v1/learning/campaigns/:slug/variants) and promote one of them.",
  },
  RETROSPECTIVE_NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `Retrospective ${f.id ?? ""} was not found.`,
    next: () => "List the play's retrospectives (GET /api/v1/learning/plays/:id/retrospectives).",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof learningErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

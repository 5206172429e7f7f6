import { defineErrors } from "../errors/define.ts";

export const coordinatorErrors = defineErrors({
  UNKNOWN_SEQUENCE_TYPE: {
    status: 400,
    rule: "spec 001: sequence types are sales, nurture, marketing, transactional, abm",
    message: (f) => `Unknown sequence type '${f.sequence_type}'.`,
    next: () => "Use one of: sales, nurture, marketing, transactional, abm.",
  },
  PREVIEW_TARGET_MISSING: {
    status: 422,
    rule: "issue 37: a preview gates a proposed activation or an enrollment's step",
    message: () => "The preview names neither a campaign, an enrollment nor a sequence type.",
    next: () =>
      "Send campaign (id or slug) to preview an enrollment, enrollment_id to preview its next step, or sequence_type.",
  },
  SEQUENCE_TYPE_MISMATCH: {
    status: 422,
    rule: "spec 001: the sequence type the gates see is the campaign's kind",
    message: (f) => `Campaign ${f.campaign} runs '${f.kind}' sequences, not '${f.sequence_type}'.`,
    next: (f) => `Omit sequence_type or send '${f.kind}', or pick a campaign of kind '${f.sequence_type}'.`,
  },
  ILLEGAL_SEQUENCE_TRANSITION: {
    status: 409,
    rule: "spec 001 gate 5: state transition validation",
    message: (f) => `Gate 5 refused the request: ${f.reason} (${f.transition}).`,
    next: (f) =>
      f.reason === "already_enrolled"
        ? "The prospect already has a live enrollment in this campaign; read it instead."
        : f.reason === "campaign_not_active"
          ? "Resume the campaign first."
          : "Check the enrollment's status; only a queued enrollment can be activated and only an active one can step.",
  },
  SEQUENCE_FINISHED: {
    status: 409,
    rule: "spec 001 gate 5: a finished sequence takes no more steps",
    message: (f) => `Enrollment ${f.enrollment_id} is ${f.status}; it takes no more steps.`,
    next: () => "Request a new activation if the prospect should be contacted again.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof coordinatorErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

// Error codes of the Signals view (issue 69 item 4): its actions on a hot account or person.
import { defineErrors } from "../errors/define.ts";

export const signalViewErrors = defineErrors({
  SIGNAL_NO_MATCHING_PLAY: {
    status: 409,
    rule: "issue 69 item 4: a hot person is enrolled only into an active play whose target their signals answer",
    message: (f) =>
      `No active play's target matches ${f.subject ?? "them"} on their signals now${f.why ? `: ${f.why}` : ""}.`,
    next: () =>
      "Create a follow-up task instead, or ask a brain agent to draft a play whose intent signals name these signals.",
  },
});

// its codes in the one registry's type (src/errors/registry.ts)
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends SignalViewErrors {}
}
type SignalViewErrors = typeof signalViewErrors;

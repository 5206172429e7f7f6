// The refusal of 'baton doctor' (src/cli/doctor-commands.ts).
import { defineErrors } from "../errors/define.ts";

export const doctorErrors = defineErrors({
  DOCTOR_FAILED: {
    status: 503,
    rule: "issue 10: baton doctor exits non-zero when a configured part fails its check",
    message: (f) => `Not every configured part is in order: ${(f.parts ?? []).join(", ")} failed.`,
    next: () =>
      "Read the table above for each failed part's detail, fix it (see docs/operations.md), and run 'baton doctor' again.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof doctorErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

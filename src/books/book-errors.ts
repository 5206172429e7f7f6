// Refusals of the books (issue 61 item 2). Outside a book the application answers NOT_FOUND, as for
// another workspace's rows; OUTSIDE_BOOK is the database's own refusal (0460), which a write reaches
// only when a path forgot to ask the book first.
import { defineErrors } from "../errors/define.ts";

export const bookErrors = defineErrors({
  OUTSIDE_BOOK: {
    status: 404,
    sqlstate: "BK001",
    rule: "a person works the prospects of their book (the workspace's setting: own, team or the workspace)",
    message: () => "This prospect is not in your book.",
    next: () =>
      "Ask the prospect's owner, their team's manager or RevOps, or ask RevOps to give you the prospect (Teams → Books).",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof bookErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

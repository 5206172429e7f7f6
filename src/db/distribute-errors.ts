// Refusals of `baton db distribute` (issue 40): it distributes Baton's tables on a Citus coordinator.
import { defineErrors } from "../errors/define.ts";

export const distributeErrors = defineErrors({
  CITUS_NOT_INSTALLED: {
    status: 409,
    rule: "Baton is distributed by tenant on Citus only (docs/scaling.md); a plain PostgreSQL database has nothing to distribute to",
    message: (f) =>
      `This database (PostgreSQL ${f.server}) has no Citus extension, so there is nothing to distribute its tables to.`,
    next: () =>
      "On a single PostgreSQL server there is nothing to do. To distribute: load citus (shared_preload_libraries = 'citus') on a coordinator and its workers, CREATE EXTENSION citus in this database on every node, register the workers (citus_set_coordinator_host, citus_add_node), then run `baton db distribute` against the coordinator (docs/scaling.md).",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof distributeErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

// Refusals of the database's owner-only switches (issue 36 item 1; db/migrations/0200). Class BG.
import { defineErrors } from "../errors/define.ts";

export const guardErrors = defineErrors({
  APPLICATION_CLOCK_REFUSED: {
    status: 409,
    sqlstate: "BG001",
    rule: "the play rules run on the database's clock unless the database's owner allowed an application clock (simulator and test databases only)",
    message: (f) =>
      `The application clock (${f.application_clock}) is not the database's (${f.database_clock}), and this database does not allow one.`,
    next: () =>
      "Write at the current time. Only a throw-away database whose owner allowed it (allowApplicationClock, src/db/owner-settings.ts) takes a moved clock.",
  },
  OWNER_ONLY: {
    status: 403,
    sqlstate: "BG002",
    rule: "only the database's owner role (the one that migrates) changes what the database allows",
    message: (f) => `${f.role ?? "This role"} may not ${f.operation ?? "change"} ${f.table ?? "this table"}.`,
    next: () => "Connect as the owner (BATON_MIGRATE_DATABASE_URL) to change it.",
  },
  ERASURE_TARGET_INVALID: {
    status: 409,
    sqlstate: "BG003",
    rule: "baton_erase_contacts erases contacts of the tenant that are not erased yet, with the fixed marker",
    message: (f) =>
      f.marker !== undefined
        ? `The erasure marker ${f.marker} is not [erased] or [erased <8 hex digits>].`
        : `Of ${f.contacts} contacts to erase, ${f.found} exist in the tenant and are not erased yet.`,
    next: () => "Erase a person through POST /api/v1/contacts/{id}/erase or `baton contacts erase`.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof guardErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

// Refusals of the admin area (issue 11): token expiry and revocation, deactivated principals, the
// last admin of a tenant, and the append-only audit log.
import { defineErrors } from "../errors/define.ts";

export const adminErrors = defineErrors({
  TOKEN_EXPIRED: {
    status: 401,
    rule: "API tokens expire (issue 11); an expired token is refused on the next request",
    message: (f) => `This API token expired${f.expired_at ? ` at ${f.expired_at}` : ""}.`,
    next: () =>
      "Ask an admin for a new token (workspace Admin → API tokens, or 'baton admin tokens create'), then replace the old one.",
  },
  TOKEN_REVOKED: {
    status: 401,
    rule: "a revoked API token is refused on the next request",
    message: (f) => `This API token was revoked${f.revoked_at ? ` at ${f.revoked_at}` : ""}.`,
    next: () => "Ask an admin for a new token if this integration should keep working.",
  },
  PRINCIPAL_DEACTIVATED: {
    status: 401,
    rule: "a deactivated person or agent signs in no more; its sessions and tokens are refused",
    message: (f) => `${f.principal ?? "This principal"} was deactivated by an admin.`,
    next: () => "Ask an admin of your workspace to reactivate you.",
  },
  LAST_ADMIN: {
    status: 409,
    rule: "every tenant keeps at least one active admin",
    message: (f) =>
      `${f.principal ?? "This person"} is the last active admin of the workspace; the change would leave it without one.`,
    next: () => "Give the admin role to another person first, then try again.",
  },
  PERSON_EMAIL_TAKEN: {
    status: 409,
    rule: "one person per email address in a workspace",
    message: (f) => `A person with the email ${f.email} already exists in this workspace.`,
    next: () => "Change that person's roles, or reactivate them if they were deactivated.",
  },
  TOKEN_EXPIRY_TOO_LONG: {
    status: 422,
    rule: "API tokens expire within the configured maximum (BATON_TOKEN_MAX_DAYS)",
    message: (f) => `A token may live at most ${f.max_days} days; ${f.requested_days} were asked for.`,
    next: (f) => `Ask for ${f.max_days} days or fewer, and rotate the token before it expires.`,
  },
  AUDIT_LOG_APPEND_ONLY: {
    status: 409,
    sqlstate: "BA001",
    rule: "issue 11: the audit log is append-only; the database refuses UPDATE, DELETE and TRUNCATE",
    message: (f) => `The audit log is append-only; ${f.operation ?? "a change"} was refused.`,
    next: () => "Nothing to do: audit entries are evidence and are never changed or removed.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof adminErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}

import { defineErrors } from "./define.ts";

export const foundationErrors = defineErrors({
  UNAUTHENTICATED: {
    status: 401,
    rule: "every API call carries a bearer token",
    message: (f) =>
      f.reason === "missing" ? "No bearer token was sent." : "The bearer token is not valid or was revoked.",
    next: () => "Send 'Authorization: Bearer <token>'. Issue a token with 'baton tokens create'.",
  },
  FORBIDDEN_ROLE: {
    status: 403,
    rule: "each role may do only its own actions",
    message: (f) =>
      `${f.principal ?? "This principal"} may not ${f.action}; it needs ${f.required ?? "another role"}.`,
    next: (f) => `Ask someone with ${f.required ?? "the required role"} to do it.`,
  },
  NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `${f.entity ?? "Resource"} ${f.id ?? ""} was not found.`.replace(/\s+was/, " was"),
    next: (f) => `Check the ${f.entity ?? "resource"} id; list them to find the right one.`,
  },
  VALIDATION_FAILED: {
    status: 400,
    rule: "all input is validated against a schema",
    message: (f) =>
      `The request is invalid: ${(f.errors ?? []).map((e: any) => `${e.path || "/"} ${e.message}`).join("; ")}`,
    next: () => "Fix each listed path and send the request again.",
  },
  INVALID_JSON: {
    status: 400,
    rule: "request bodies are JSON",
    message: (f) => `The request body is not valid JSON: ${f.detail ?? ""}`,
    next: () => "Send a valid JSON body with 'Content-Type: application/json'.",
  },
  BODY_TOO_LARGE: {
    status: 413,
    rule: "each route takes bodies up to its limit (docs/operations.md, body limits)",
    message: (f) =>
      `The request body is larger than this route takes${typeof f.limit_bytes === "number" ? ` (${f.limit_bytes} bytes)` : ""}.`,
    next: () =>
      "Send less in one request: split a bulk call into several, or import a large file with the imports API.",
  },
  CONFLICT: {
    status: 409,
    rule: "unique keys",
    message: (f) => `This conflicts with an existing record (${f.constraint ?? "unique key"}).`,
    next: () => "Read the existing record instead of creating it again.",
  },
  INVALID_REFERENCE: {
    status: 422,
    rule: "referential integrity",
    message: (f) => `A referenced record does not exist (${f.constraint ?? "foreign key"}).`,
    next: () => "Check the ids you referenced; they must exist in your tenant.",
  },
  CHECK_VIOLATION: {
    status: 422,
    rule: "database check constraints",
    message: (f) => `The record breaks the rule ${f.constraint ?? "(check constraint)"}.`,
    next: () => "Correct the fields named by the rule and try again.",
  },
  RETRY_LATER: {
    status: 503,
    rule: "concurrent writers",
    message: () => "The write collided with a concurrent one and was rolled back.",
    next: () => "Retry the same request; it is safe to repeat.",
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    rule: "a lost database connection is a fault of the moment (docs/operations.md, lost database connection)",
    message: () => "The database could not be reached (its connection was lost, or it is restarting).",
    next: (f) =>
      `Retry after ${f.retry_after_s ?? 2} seconds (see Retry-After); a write without an Idempotency-Key may or may not have been made, so read before repeating it.`,
  },
  RATE_LIMITED: {
    status: 429,
    rule: "rate limits per principal",
    message: (f) => `Too many requests from this principal; retry after ${f.retry_after_s} s.`,
    next: (f) => `Wait ${f.retry_after_s} seconds (see Retry-After), then retry.`,
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    rule: "an Idempotency-Key names one request",
    message: () => "This Idempotency-Key was already used for a different request.",
    next: () => "Use a new Idempotency-Key for a different request.",
  },
  DATA_DIR_LOCKED: {
    status: 503,
    rule: "one process per embedded data directory",
    message: (f) =>
      `The data directory ${f.data_dir} is in use by another Baton process${f.pid ? ` (pid ${f.pid})` : ""}.`,
    next: (f) =>
      `Stop that process, or set BATON_DATA_DIR to another directory, or use DATABASE_URL for a shared server. If no Baton runs, delete ${f.lock_file}.`,
  },
  SCHEMA_NEWER_THAN_CODE: {
    status: 500,
    rule: "migrations are forward only",
    message: (f) =>
      `The database has migrations this build does not know: ${(f.unknown_migrations ?? []).join(", ")}.`,
    next: () => "Run a Baton build at least as new as the one that migrated this database.",
  },
  EVENT_LOG_APPEND_ONLY: {
    status: 409,
    sqlstate: "BC900",
    rule: "spec 001: CadenceEventLog is the audit trail; it is append-only",
    message: (f) => `The event log is append-only; ${f.operation ?? "a change"} was refused.`,
    next: () => "Append a new event that corrects or explains the earlier one.",
  },
  INTERNAL: {
    status: 500,
    rule: "unexpected error",
    message: () => "Something went wrong inside Baton.",
    next: () => "Retry; if it persists, report it with the request id.",
  },
});

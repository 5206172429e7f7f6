// Shared TypeBox schemas for the HTTP API (and the MCP tools, which reuse them).
import { Type } from "typebox";

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: "Stable error code from the registry (docs/errors.md)" }),
      message: Type.String(),
      rule: Type.String({ description: "The rule the refusal comes from" }),
      facts: Type.Record(Type.String(), Type.Unknown()),
      next_action: Type.String({ description: "What to do next, in words a person or an agent can follow" }),
      status: Type.Integer(),
    }),
    request_id: Type.Optional(Type.String()),
  },
  { $id: "ErrorResponse", description: "Every refusal" },
);

/** The error responses every authenticated route can give. */
export const stdErrors = {
  400: Type.Ref("ErrorResponse"),
  401: Type.Ref("ErrorResponse"),
  403: Type.Ref("ErrorResponse"),
  404: Type.Ref("ErrorResponse"),
  409: Type.Ref("ErrorResponse"),
  422: Type.Ref("ErrorResponse"),
  429: Type.Ref("ErrorResponse"),
} as const;

export const Uuid = Type.String({ format: "uuid" });
/** One item's refusal in a bulk call's results (BatonError.itemError). */
export const ItemError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  next_action: Type.String(),
});
export const IsoTime = Type.String({ format: "date-time" });

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

/**
 * The body limit of routes whose documents are legitimately large (a campaign of 100 steps with
 * variants, 500 bulk enrollments with notes, a batch of MCP calls): 4 MiB, or the configured default
 * when that is larger. Every other route takes BATON_HTTP_BODY_LIMIT_BYTES (1 MiB).
 */
export function largeBodyLimit(config: { http: { bodyLimitBytes: number } }): number {
  return Math.max(config.http.bodyLimitBytes, 4 * 1024 * 1024);
}

// Shared TypeBox schemas for the HTTP API (and the MCP tools, which reuse them).
import { type TSchema, Type } from "typebox";
import { CURSOR_MAX_LENGTH } from "../db/page-cursor.ts";

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
/** A value or null (TypeBox's union with Null). */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** One of a list of strings (a vocabulary's literals), with an optional description. */
export const Lits = (xs: readonly string[], description?: string) =>
  Type.Union(
    xs.map((x) => Type.Literal(x)),
    description ? { description } : {},
  );

export const IsoTime = Type.String({ format: "date-time" });

/**
 * The one paging style (issue 58; docs/api.md "Lists"): every list takes `limit` and `cursor` and
 * answers `{items, next_cursor}`; next_cursor is null on the last page, and a page is never cut
 * without one. Spread PAGE_FIELDS into a route's querystring; answer with pageOf(Item).
 */
export const Limit = Type.Integer({
  minimum: 1,
  maximum: 500,
  description: "How many items per page, 1 to 500 (each list names its default)",
});
export const Cursor = Type.String({
  minLength: 1,
  maxLength: CURSOR_MAX_LENGTH,
  description: "The next_cursor of the previous page, unchanged; omit it for the first page",
});
export const PAGE_FIELDS = { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) };
export const PageQuery = Type.Object(PAGE_FIELDS);
export const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: "Send it as cursor to read the next page; null on the last page",
});
/** A page of a list's answer: `{items, next_cursor}`. */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), next_cursor: NextCursor });
}

/** The path parameter `id` of a resource, described ("The hand-off's id (uuid)"). */
export function IdParam(what: string, schema: "uuid" | "text" = "uuid") {
  const description = `The ${what}'s id${schema === "uuid" ? " (uuid)" : ""}, as its list returns it`;
  return schema === "uuid"
    ? Type.String({ format: "uuid", description })
    : Type.String({ minLength: 1, maxLength: 64, description });
}

/**
 * The body limit of routes whose documents are legitimately large (a campaign of 100 steps with
 * variants, 500 bulk enrollments with notes, a batch of MCP calls): 4 MiB, or the configured default
 * when that is larger. Every other route takes BATON_HTTP_BODY_LIMIT_BYTES (1 MiB).
 */
export function largeBodyLimit(config: { http: { bodyLimitBytes: number } }): number {
  return Math.max(config.http.bodyLimitBytes, 4 * 1024 * 1024);
}

/** The path parameter `segment`: a segment's key. */
export const SegmentKey = Type.String({
  minLength: 1,
  maxLength: 64,
  description: "The segment's key (as GET /api/v1/plays/config lists the segments)",
});

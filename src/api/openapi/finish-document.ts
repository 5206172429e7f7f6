// The last pass over the OpenAPI document @fastify/swagger builds (its `transformObject`), so that
// generators and gateways take it as it is (issue 38 item 3): every operation gets an operationId,
// a tag with a description and a description of how to call it (operation-names.ts); the
// refusals every route shares become named responses over one ErrorResponse schema, and every
// operation documents the faults any route can answer, 500 and 503 with Retry-After (issue 58); the
// wildcard route (/u/*, the unsubscribe link) gets a named path parameter; and `servers` names
// this server. Pure: the same routes give the same document.
import { operationIdOf, TAGS, tagOf } from "./operation-names.ts";

type Json = Record<string, any>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** The name and description of a route's trailing wildcard in the document (the router cannot name it). */
const WILDCARD_NAMES: Record<string, { name: string; description: string }> = {
  "/u/": { name: "token", description: "The signed unsubscribe token from the email's link" },
};

const ERROR_SCHEMA_REF = "#/components/schemas/ErrorResponse";

/** The refusals shared by every route, by status: each a named response over ErrorResponse. */
const ERROR_RESPONSES: Record<string, { name: string; description: string; headers?: Json }> = {
  "400": {
    name: "BadRequest",
    description: "The input is invalid (VALIDATION_FAILED, INVALID_JSON): error.facts names each path.",
  },
  "401": {
    name: "Unauthorized",
    description: "No valid bearer token or session (UNAUTHENTICATED).",
  },
  "403": {
    name: "Forbidden",
    description: "The caller's role may not do this (FORBIDDEN_ROLE, or the rule named in error.rule).",
  },
  "404": {
    name: "NotFound",
    description: "Nothing with this id in the caller's tenant (NOT_FOUND).",
  },
  "409": {
    name: "Conflict",
    description: "The request conflicts with the current state (error.code says which rule).",
  },
  "413": {
    name: "PayloadTooLarge",
    description: "The body is larger than this route takes (BODY_TOO_LARGE).",
  },
  "422": {
    name: "UnprocessableEntity",
    description: "A rule refused the request (error.code and error.rule say which; docs/errors.md).",
  },
  "429": {
    name: "TooManyRequests",
    description: "The caller's rate limit is spent (RATE_LIMITED); retry after Retry-After seconds.",
    headers: {
      "Retry-After": {
        description: "Seconds to wait before retrying.",
        schema: { type: "integer", minimum: 0 },
      },
    },
  },
  "500": {
    name: "InternalServerError",
    description:
      "An unexpected fault (INTERNAL): nothing the caller sent is to blame. error.facts is empty; request_id names the log line.",
  },
  "503": {
    name: "ServiceUnavailable",
    description:
      "Busy or not ready (RETRY_LATER), or the database connection was lost (DATABASE_UNAVAILABLE): retry after Retry-After seconds. A read, or a write sent with an Idempotency-Key, is safe to repeat.",
    headers: {
      "Retry-After": {
        description: "Seconds to wait before retrying.",
        schema: { type: "integer", minimum: 0 },
      },
    },
  },
};

/** The faults any operation can answer (issue 58): each a named response, added where a route names none. */
const FAULT_STATUSES = ["500", "503"] as const;

export interface FinishOptions {
  /** This server's public base URL (BATON_PUBLIC_URL). */
  publicUrl: string;
}

/** True when a response is exactly the shared error body (what `stdErrors` in schemas.ts gives). */
function isSharedError(response: Json | undefined): boolean {
  const content = response?.content;
  if (!content || Object.keys(content).length !== 1) return false;
  return content["application/json"]?.schema?.$ref === ERROR_SCHEMA_REF;
}

function wildcardPath(path: string): { path: string; name: string; description: string } | null {
  if (!path.endsWith("/{*}")) return null;
  const prefix = path.slice(0, -3);
  const { name, description } = WILDCARD_NAMES[prefix] ?? {
    name: "path",
    description: "The rest of the path",
  };
  return { path: `${prefix}{${name}}`, name, description };
}

function describe(op: Json, method: string, path: string): string {
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const lines = [
    isPublic
      ? "Public: no token or session is needed."
      : "Needs 'Authorization: Bearer <token>' (or a workspace session); the caller's role decides what it may do. Rate-limited per caller.",
  ];
  if (method !== "get" && path.startsWith("/api/"))
    lines.push("Send an Idempotency-Key header to make a retry safe: the same key returns the first result.");
  if (!path.startsWith("/u/"))
    lines.push("A refusal is an ErrorResponse with a stable error.code (docs/errors.md) and a next_action.");
  return lines.join(" ");
}

export function finishOpenApiDocument(doc: Json, opts: FinishOptions): Json {
  doc.servers = [{ url: opts.publicUrl, description: "This Baton server (BATON_PUBLIC_URL)" }];
  doc.components ??= {};
  const usedResponses = new Set<string>();
  const usedTags = new Set<string>();
  const seenIds = new Map<string, string>();
  const paths: Json = {};
  for (const [rawPath, item] of Object.entries<Json>(doc.paths ?? {})) {
    const wildcard = wildcardPath(rawPath);
    const path = wildcard?.path ?? rawPath;
    for (const method of METHODS) {
      const op: Json | undefined = item[method];
      if (!op) continue;
      if (wildcard)
        for (const p of op.parameters ?? [])
          if (p.in === "path" && p.name === "*") {
            p.name = wildcard.name;
            p.description ??= wildcard.description;
          }
      // a route may name its operation itself; otherwise the rule does, unique across the document
      let id: string = op.operationId ?? operationIdOf(method, path);
      if (seenIds.has(id)) id = `${id}_${method}_${seenIds.size}`;
      seenIds.set(id, `${method} ${path}`);
      op.operationId = id;
      const tag = tagOf(path);
      op.tags = [tag];
      usedTags.add(tag);
      op.description ??= describe(op, method, path);
      op.responses ??= {};
      const responses: Json = op.responses;
      if (!Object.keys(responses).some((s) => s.startsWith("4"))) {
        responses["400"] = { content: { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } } };
        if (!(Array.isArray(op.security) && op.security.length === 0)) {
          responses["401"] = { content: { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } } };
          responses["429"] = { content: { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } } };
        }
      }
      for (const status of FAULT_STATUSES)
        responses[status] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
      for (const status of FAULT_STATUSES) if (responses[status].$ref) usedResponses.add(status);
      for (const [status, response] of Object.entries<Json>(responses)) {
        const shared = ERROR_RESPONSES[status];
        if (!shared || !isSharedError(response)) continue;
        responses[status] = { $ref: `#/components/responses/${shared.name}` };
        usedResponses.add(status);
      }
    }
    paths[path] = item;
  }
  doc.paths = paths;
  const components: Json = {};
  for (const status of Object.keys(ERROR_RESPONSES)) {
    if (!usedResponses.has(status)) continue;
    const { name, description, headers } = ERROR_RESPONSES[status];
    components[name] = {
      description,
      ...(headers ? { headers } : {}),
      content: { "application/json": { schema: { $ref: ERROR_SCHEMA_REF } } },
    };
  }
  doc.components.responses = { ...(doc.components.responses ?? {}), ...components };
  const described = new Set(TAGS.map((t) => t.name));
  doc.tags = [
    ...TAGS.filter((t) => usedTags.has(t.name)),
    ...[...usedTags].filter((t) => !described.has(t)).map((name) => ({ name })),
  ];
  return doc;
}

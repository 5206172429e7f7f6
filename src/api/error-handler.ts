import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isLostConnection, LOST_CONNECTION_RETRY_AFTER_S } from "../db/lost-connection.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { mapDbError } from "../errors/map-db-error.ts";
import { MAX_ERROR_TEXT, MAX_REPORTED_ERRORS } from "./json-validator.ts";

/** The error body every refusal has, over HTTP and MCP alike. */
export function errorBody(e: BatonError, requestId?: string) {
  return { error: { ...e.toJSON(), status: e.status }, ...(requestId ? { request_id: requestId } : {}) };
}

function cut(text: unknown): string {
  const s = String(text ?? "");
  return s.length > MAX_ERROR_TEXT ? `${s.slice(0, MAX_ERROR_TEXT)}…` : s;
}

/**
 * VALIDATION_FAILED from a validator's errors: at most MAX_REPORTED_ERRORS, each cut short, so a
 * reply never grows with the input (issue 36 item 9); `more_errors` counts those left out.
 */
export function validationFailed(
  errors: readonly { instancePath?: string; message?: string }[],
  context: string,
): BatonError {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS).map((v) => ({
    path: cut(`${context}${v.instancePath ?? ""}`),
    message: cut(v.message ?? "is invalid"),
  }));
  const more = errors.length - shown.length;
  return new BatonError("VALIDATION_FAILED", { errors: shown, ...(more > 0 ? { more_errors: more } : {}) });
}

/** A lost database connection (db/lost-connection.ts): 503 with Retry-After, never INTERNAL. */
export function databaseUnavailable(cause: unknown): BatonError {
  return new BatonError("DATABASE_UNAVAILABLE", { retry_after_s: LOST_CONNECTION_RETRY_AFTER_S }, { cause });
}

export function toBatonError(error: unknown): BatonError {
  if (isLostConnection(error)) return databaseUnavailable(error);
  if (isBatonError(error)) return error;
  const db = mapDbError(error);
  if (db) return db;
  const fe = error as FastifyError & { validation?: any[]; validationContext?: string };
  if (fe?.validation) return validationFailed(fe.validation, fe.validationContext ?? "body");
  if (fe?.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe instanceof SyntaxError) {
    return new BatonError("INVALID_JSON", { detail: cut(fe.message) });
  }
  if (fe?.code === "FST_ERR_BAD_URL") {
    return new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "url", message: "is not a valid URL (malformed percent-encoding)" }],
    });
  }
  if (fe?.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return new BatonError("INVALID_JSON", { detail: "the body is empty" });
  }
  if (fe?.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "headers/content-type", message: cut(fe.message) }],
    });
  }
  if (fe?.code === "FST_ERR_MAX_PARAM_LENGTH") {
    // a path parameter longer than the router accepts (100 characters): no id is that long
    return new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "url", message: "a path parameter is longer than 100 characters" }],
    });
  }
  if (fe?.statusCode === 413) return new BatonError("BODY_TOO_LARGE", {});
  return new BatonError("INTERNAL", {}, { cause: error });
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  let e = toBatonError(error);
  if (e.code === "BODY_TOO_LARGE" && typeof request.routeOptions?.bodyLimit === "number")
    e = new BatonError("BODY_TOO_LARGE", { limit_bytes: request.routeOptions.bodyLimit });
  if (e.status >= 500) request.log.error({ err: error, code: e.code }, "request failed");
  else request.log.info({ code: e.code }, "request refused");
  // a refusal that names its wait says it in Retry-After (RFC 9110 §10.2.3); every other 503 is a
  // fault of the moment, worth one more try a second later
  if (typeof e.facts.retry_after_s === "number") reply.header("Retry-After", String(e.facts.retry_after_s));
  else if (e.status === 503) reply.header("Retry-After", "1");
  return reply.status(e.status).send(errorBody(e, request.id));
}

import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { mapDbError } from "../errors/map-db-error.ts";

/** The error body every refusal has, over HTTP and MCP alike. */
export function errorBody(e: BatonError, requestId?: string) {
  return { error: { ...e.toJSON(), status: e.status }, ...(requestId ? { request_id: requestId } : {}) };
}

export function toBatonError(error: unknown): BatonError {
  if (isBatonError(error)) return error;
  const db = mapDbError(error);
  if (db) return db;
  const fe = error as FastifyError & { validation?: any[]; validationContext?: string };
  if (fe?.validation) {
    return new BatonError("VALIDATION_FAILED", {
      errors: fe.validation.map((v: any) => ({
        path: `${fe.validationContext ?? "body"}${v.instancePath ?? ""}`,
        message: v.message ?? "is invalid",
      })),
    });
  }
  if (fe?.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe instanceof SyntaxError) {
    return new BatonError("INVALID_JSON", { detail: fe.message });
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
      errors: [{ path: "headers/content-type", message: fe.message }],
    });
  }
  if (fe?.statusCode === 413) {
    return new BatonError("VALIDATION_FAILED", { errors: [{ path: "body", message: "is too large" }] });
  }
  return new BatonError("INTERNAL", {}, { cause: error });
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const e = toBatonError(error);
  if (e.status >= 500) request.log.error({ err: error, code: e.code }, "request failed");
  else request.log.info({ code: e.code }, "request refused");
  if (e.code === "RATE_LIMITED" && typeof e.facts.retry_after_s === "number") {
    reply.header("Retry-After", String(e.facts.retry_after_s));
  }
  return reply.status(e.status).send(errorBody(e, request.id));
}

// Inputs no schema can state, refused before any handler or the database sees them (issue 36 item
// 10: each gave 500 INTERNAL): a NUL byte in the URL or in a JSON string (PostgreSQL's text and
// jsonb cannot hold one), and JSON nested deeper than any Baton document (PostgreSQL's jsonb and
// the validators recurse on it). Numbers beyond what the database holds are bounded in the
// validators (json-validator.ts). Each refusal is a 400 VALIDATION_FAILED naming the path.
import type { FastifyRequest } from "fastify";
import { BatonError } from "../errors/baton-error.ts";
import type { BatonApp } from "./context.ts";

/** No Baton document nests deeper than this (a play's cadence is about 6 levels). */
export const MAX_JSON_DEPTH = 64;

function refuse(path: string, message: string): BatonError {
  return new BatonError("VALIDATION_FAILED", { errors: [{ path, message }] });
}

/** The deepest nesting of a JSON text, stopping as soon as it passes `max` (one pass, no recursion). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The path of the first string (or key) holding a NUL character, or undefined. */
export function nulPath(value: unknown, path = "body"): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (!value || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nulPath(value[i], `${path}/${i}`);
      if (p) return p;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes("\u0000")) return `${path}/${k.replaceAll("\u0000", "\\u0000")}`;
    const p = nulPath(v, `${path}/${k}`);
    if (p) return p;
  }
  return undefined;
}

/** A NUL in the path or the query string: raw, or percent-encoded (the router decodes it). */
export function urlHasNul(url: string): boolean {
  return url.includes("\u0000") || /%00/i.test(url);
}

export function registerInputGuards(app: BatonApp): void {
  app.addHook("onRequest", async (request: FastifyRequest) => {
    if (urlHasNul(request.url)) throw refuse("url", "must not contain a NUL character (%00)");
  });

  // fastify's own JSON parser (with its __proto__ and constructor checks), after the two checks
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(refuse("body", `must not nest deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parse(request, text, (err, value) => {
      if (err) return done(err, undefined);
      // a NUL can only be written \u0000 in JSON text: walk the value only when that appears
      const at = text.includes("\\u0000") ? nulPath(value) : undefined;
      if (at) return done(refuse(at, "must not contain a NUL character (\\u0000)"), undefined);
      done(null, value);
    });
  });
}

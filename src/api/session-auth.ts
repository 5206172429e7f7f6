// Cookie sessions over HTTP (issue 11): the cookie's name and attributes, and the check of a
// cookie-authenticated request. Every write (non-GET) with a session cookie must come from
// BATON_PUBLIC_URL's origin (Origin, or Referer when no Origin is sent) AND carry the session's
// CSRF token in X-CSRF-Token. Bearer-token requests never reach this code.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ActiveSession } from "../auth/sessions/lookup-session.ts";
import { lookupSession } from "../auth/sessions/lookup-session.ts";
import { sameSecret } from "../auth/sessions/opaque-id.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { AppDeps } from "./context.ts";
import { isHttps } from "./web-security.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Set when the request was authenticated by a session cookie (not a bearer token). */
    signInSession?: ActiveSession;
  }
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** `__Host-` binds the cookie to this exact origin over https (no Domain, Path=/, Secure). */
export function sessionCookieName(publicUrl: string): string {
  return isHttps(publicUrl) ? "__Host-baton_session" : "baton_session";
}

export function sessionCookieOf(request: FastifyRequest, deps: AppDeps): string | undefined {
  return request.cookies?.[sessionCookieName(deps.config.publicUrl)] || undefined;
}

export function setSessionCookie(reply: FastifyReply, deps: AppDeps, id: string): void {
  reply.setCookie(sessionCookieName(deps.config.publicUrl), id, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(deps.config.publicUrl),
    // the server ends the session; the browser keeps it until then at most
    maxAge: Math.floor(deps.config.session.absoluteMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: AppDeps): void {
  reply.clearCookie(sessionCookieName(deps.config.publicUrl), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(deps.config.publicUrl),
  });
}

/** Refuses a write from another origin. Sign-in posts (no session yet) are checked too. */
export function checkOrigin(request: FastifyRequest, deps: AppDeps): void {
  const expected = new URL(deps.config.publicUrl).origin;
  const origin = request.headers.origin;
  let seen: string | undefined = typeof origin === "string" && origin !== "null" ? origin : undefined;
  if (!seen && typeof request.headers.referer === "string") {
    try {
      seen = new URL(request.headers.referer).origin;
    } catch {
      seen = undefined;
    }
  }
  if (seen !== expected) {
    throw new BatonError("CSRF_REFUSED", { reason: "origin", origin: origin ?? null, expected });
  }
}

/** The principal of the session cookie; writes also pass the Origin and CSRF-token checks. */
export async function authenticateSession(request: FastifyRequest, deps: AppDeps, id: string) {
  const session = await lookupSession(deps.db, id, deps.config.session, deps.now());
  if (!SAFE.has(request.method)) {
    checkOrigin(request, deps);
    const sent = request.headers["x-csrf-token"];
    if (!sameSecret(typeof sent === "string" ? sent : undefined, session.csrfToken)) {
      throw new BatonError("CSRF_REFUSED", { reason: "token" });
    }
  }
  request.signInSession = session;
  return session.principal;
}

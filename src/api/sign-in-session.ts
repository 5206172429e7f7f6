// What every sign-in route does once it knows who signed in: a new session (the id rotates: the
// browser's previous session, if any, is revoked), the cookie, and the audit entry. And the
// audit entry of a refused sign-in (never with the token, code or link).
import type { FastifyReply, FastifyRequest } from "fastify";
import { recordAudit } from "../audit/index.ts";
import { describePrincipal, type Principal } from "../auth/principal.ts";
import { createSession } from "../auth/sessions/create-session.ts";
import type { SignInMethod } from "../auth/sessions/tables.ts";
import type { AppDeps } from "./context.ts";
import { sessionCookieOf, setSessionCookie } from "./session-auth.ts";

export function userAgentOf(request: FastifyRequest): string | null {
  const ua = request.headers["user-agent"];
  return typeof ua === "string" ? ua : null;
}

export async function signInWithSession(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  principal: Principal,
  method: SignInMethod,
  details: Record<string, unknown> = {},
): Promise<void> {
  const session = await createSession(
    deps.db,
    {
      clientId: principal.clientId,
      principalId: principal.principalId,
      method,
      ip: request.ip,
      userAgent: userAgentOf(request),
      previousId: sessionCookieOf(request, deps),
    },
    deps.config.session,
    deps.now(),
  );
  setSessionCookie(reply, deps, session.id);
  await recordAudit(deps.db, {
    clientId: principal.clientId,
    actorPrincipalId: principal.principalId,
    actorLabel: describePrincipal(principal),
    action: "sign_in",
    target: principal.principalId,
    details: { method, ...details },
    ip: request.ip,
    userAgent: userAgentOf(request),
  });
}

export async function auditFailedSignIn(
  request: FastifyRequest,
  deps: AppDeps,
  clientId: string | undefined,
  method: SignInMethod,
  reason: string,
  who: { principalId?: string | null; label?: string } = {},
): Promise<void> {
  if (!clientId) return; // no tenant to file it under (an unknown link or workspace)
  const exists = await deps.db
    .selectFrom("clients")
    .select("client_id")
    .where("client_id", "=", clientId)
    .executeTakeFirst();
  if (!exists) return;
  await recordAudit(deps.db, {
    clientId,
    actorPrincipalId: who.principalId ?? null,
    actorLabel: who.label ?? "unknown",
    action: "sign_in_failed",
    details: { method, reason },
    ip: request.ip,
    userAgent: userAgentOf(request),
  });
}

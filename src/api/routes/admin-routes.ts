// The admin's view of people, API tokens and the audit log (issue 11). Admin role only; every write
// is audited with the request's IP and user agent.
import { Type } from "typebox";
import {
  changeAgentRoles,
  changeRoles,
  createApiToken,
  deactivatePerson,
  invitePerson,
  listPeople,
  listTokens,
  reactivatePerson,
  revokeApiToken,
  revokePersonSessions,
} from "../../admin/index.ts";
import { listAudit } from "../../audit/index.ts";
import type { AgentRole, Role } from "../../auth/principal.ts";
import { auditSourceOf as sourceOf } from "../audit-source.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, pageOf, stdErrors } from "../schemas.ts";
import { clearSessionCookie } from "../session-auth.ts";
import {
  Agent,
  AgentRolesBody,
  AuditEntry,
  AuditQuery,
  CreatedToken,
  InviteBody,
  Person,
  RolesBody,
  SessionsRevoked,
  Token,
  TokenBody,
} from "./admin-schemas.ts";

const IdParams = Type.Object({ id: IdParam("principal or token") });

export const adminRoutes: RouteModule = (app, deps) => {
  const tags = ["admin"];

  app.get(
    "/api/v1/admin/people",
    {
      schema: {
        tags,
        summary: "The people of the workspace (admin)",
        querystring: Type.Object({
          include_deactivated: Type.Optional(
            Type.Boolean({ default: true, description: "Also list deactivated people (default true)" }),
          ),
        }),
        response: { 200: Type.Object({ items: Type.Array(Person) }), ...stdErrors },
      },
    },
    async (req) => ({
      items: await listPeople(deps.db, req.principal, { includeDeactivated: req.query.include_deactivated }),
    }),
  );

  app.post(
    "/api/v1/admin/people",
    {
      schema: {
        tags,
        summary: "Invite a person: email, display name, roles (admin; audited person_invited)",
        body: InviteBody,
        response: { 201: Person, ...stdErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const person = await invitePerson(
        deps.db,
        req.principal,
        { email: b.email, displayName: b.display_name, roles: b.roles as Role[] },
        sourceOf(req),
      );
      return reply.code(201).send(person);
    },
  );

  app.put(
    "/api/v1/admin/people/:id/roles",
    {
      schema: {
        tags,
        summary: "Set a person's roles (admin; audited role_changed; the last admin keeps the admin role)",
        params: IdParams,
        body: RolesBody,
        response: { 200: Person, ...stdErrors },
      },
    },
    async (req) =>
      changeRoles(deps.db, req.principal, req.params.id, req.body.roles as Role[], sourceOf(req)),
  );

  app.put(
    "/api/v1/admin/agents/:agent_id/roles",
    {
      schema: {
        tags,
        summary:
          "Set an agent's roles, e.g. reply_triage to work the reply triage queue (admin; audited role_changed)",
        params: Type.Object({
          agent_id: Type.String({
            minLength: 1,
            maxLength: 64,
            description: "The agent's id, e.g. AGT-301 (agent_id in GET /api/v1/admin/tokens)",
          }),
        }),
        body: AgentRolesBody,
        response: { 200: Agent, ...stdErrors },
      },
    },
    async (req) =>
      changeAgentRoles(
        deps.db,
        req.principal,
        req.params.agent_id,
        req.body.roles as AgentRole[],
        sourceOf(req),
      ),
  );

  app.post(
    "/api/v1/admin/people/:id/deactivate",
    {
      schema: {
        tags,
        summary: "Deactivate a person: their sessions end now, their tokens are refused (admin; audited)",
        params: IdParams,
        response: {
          200: Type.Intersect([Person, Type.Object({ sessions_ended: Type.Integer() })]),
          ...stdErrors,
        },
      },
    },
    async (req) => deactivatePerson(deps.db, req.principal, req.params.id, deps.now(), sourceOf(req)),
  );

  app.post(
    "/api/v1/admin/people/:id/reactivate",
    {
      schema: {
        tags,
        summary: "Reactivate a person; they sign in again (admin; audited person_reactivated)",
        params: IdParams,
        response: { 200: Person, ...stdErrors },
      },
    },
    async (req) => reactivatePerson(deps.db, req.principal, req.params.id, sourceOf(req)),
  );

  app.post(
    "/api/v1/admin/people/:id/revoke-sessions",
    {
      schema: {
        tags,
        summary:
          "Sign a person out everywhere: every session of theirs ends now; they stay active, their tokens keep working (admin; audited sessions_revoked)",
        params: IdParams,
        response: { 200: SessionsRevoked, ...stdErrors },
      },
    },
    async (req, reply) => {
      const r = await revokePersonSessions(deps.db, req.principal, req.params.id, deps.now(), sourceOf(req));
      // an admin who signs themselves out everywhere ended the session of this very request too
      const signedOut = req.signInSession?.principal.principalId === req.params.id;
      if (signedOut) clearSessionCookie(reply, deps);
      return { ...r, signed_out: signedOut };
    },
  );

  app.get(
    "/api/v1/admin/tokens",
    {
      schema: {
        tags,
        summary:
          "API tokens of the workspace: name, whose, the book it reaches, status, expiry, last use (never the token)",
        querystring: Type.Object({
          include_revoked: Type.Optional(
            Type.Boolean({ default: true, description: "Also list revoked tokens (default true)" }),
          ),
        }),
        response: { 200: Type.Object({ items: Type.Array(Token) }), ...stdErrors },
      },
    },
    async (req) => ({
      items: await listTokens(deps.db, req.principal, deps.now(), {
        includeRevoked: req.query.include_revoked,
      }),
    }),
  );

  app.post(
    "/api/v1/admin/tokens",
    {
      schema: {
        tags,
        summary:
          "Create an API token for an agent or integration, an agent's optionally bound to a team's or territory's book; the token is in this response only",
        body: TokenBody,
        response: { 201: CreatedToken, ...stdErrors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const created = await createApiToken(
        deps.db,
        { clientId: req.principal.clientId, principal: req.principal },
        {
          name: b.name,
          roles: b.roles as Role[] | undefined,
          agentId: b.agent_id,
          principalId: b.principal_id,
          expiresInDays: b.expires_in_days,
          book:
            b.book &&
            ("team_id" in b.book ? { teamId: b.book.team_id } : { territoryId: b.book.territory_id }),
        },
        deps.config.tokens,
        deps.now(),
        sourceOf(req),
      );
      return reply.code(201).header("cache-control", "no-store").send(created);
    },
  );

  app.post(
    "/api/v1/admin/tokens/:id/revoke",
    {
      schema: {
        tags,
        summary: "Revoke an API token; its next request is refused with TOKEN_REVOKED (admin; audited)",
        params: IdParams,
        response: { 200: Token, ...stdErrors },
      },
    },
    async (req) => revokeApiToken(deps.db, req.principal, req.params.id, deps.now(), sourceOf(req)),
  );

  app.get(
    "/api/v1/admin/audit",
    {
      schema: {
        tags,
        summary:
          "The audit log, newest first: filter by action, actor, since/until; page with cursor (admin)",
        querystring: AuditQuery,
        response: {
          200: pageOf(AuditEntry),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      return listAudit(deps.db, req.principal, {
        action: q.action,
        actor: q.actor,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      });
    },
  );
};

// GET /api/v1/crm/oauth/:provider/callback: The CRM's redirect back after the grant (authorization code); completes in the starter's sign-in session.
// Registered by crm-oauth-routes.ts.
import { Type } from "typebox";
import { lookupSession } from "../../../auth/sessions/lookup-session.ts";
import { finishCrmConnect } from "../../../crm/connect-crm.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { IsoTime, stdErrors, Uuid } from "../../schemas.ts";
import { sessionCookieOf } from "../../session-auth.ts";
import { Provider, ProviderParams, settings } from "./common.ts";

export const getCrmOauthCallbackRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/crm/oauth/:provider/callback",
    {
      // the CRM redirects the browser here: no bearer token; the browser's sign-in cookie says who
      config: { public: true },
      // the query carries the authorization code: request log lines only at warn
      logLevel: "warn",
      schema: {
        tags: ["crm"],
        summary:
          "The CRM's redirect back after the grant (authorization code); completes in the starter's sign-in session",
        description:
          "Refused (CRM_OAUTH_STATE_INVALID, nothing changed) without the Baton sign-in session of the person who started the grant, or with a used, expired, other workspace's or other session's state. 202 when the tokens are for another account than the connected one: nothing changes until POST /api/v1/crm/oauth/{provider}/confirm.",
        security: [],
        params: ProviderParams,
        querystring: Type.Object({
          state: Type.String({
            minLength: 1,
            maxLength: 1000,
            description: "the state of the authorize URL",
          }),
          code: Type.Optional(
            Type.String({ minLength: 1, maxLength: 2000, description: "the authorization code" }),
          ),
          error: Type.Optional(Type.String({ maxLength: 200, description: "RFC 6749 §4.1.2.1 error code" })),
          error_description: Type.Optional(
            Type.String({ maxLength: 1000, description: "the CRM's description of the error" }),
          ),
        }),
        response: {
          200: Type.Object({
            connected: Type.Literal(true),
            provider: Provider,
            account: Type.String({ description: "the CRM account (HubSpot portal id, Salesforce org id)" }),
          }),
          202: Type.Object({
            connected: Type.Literal(false),
            provider: Provider,
            pending: Type.Object({
              grant_id: Uuid,
              account: Type.String({ description: "the account the new grant is for" }),
              previous_account: Type.String({ description: "the account the workspace is connected to" }),
              expires_at: IsoTime,
              confirm: Type.String({ description: "the call that makes the change" }),
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req, reply) => {
      const s = settings(deps, req.params.provider);
      const now = deps.now();
      const cookie = sessionCookieOf(req, deps);
      const session = cookie
        ? await lookupSession(deps.db, cookie, deps.config.session, now).catch(() => undefined)
        : undefined;
      if (!session)
        throw new BatonError("CRM_OAUTH_STATE_INVALID", {
          provider: s.provider.name,
          why: "this browser has no live Baton sign-in; the grant completes only in the sign-in session of the person who started it",
        });
      const q = req.query;
      const r = await finishCrmConnect(
        deps.db,
        s,
        session.principal,
        session.sessionId,
        { state: q.state, code: q.code, error: q.error, errorDescription: q.error_description },
        now,
      );
      if (r.status === "connected")
        return { connected: true as const, provider: s.provider.name, account: r.account };
      return reply.status(202).send({
        connected: false as const,
        provider: s.provider.name,
        pending: {
          grant_id: r.grantId,
          account: r.account,
          previous_account: r.previous,
          expires_at: r.expiresAt.toISOString(),
          confirm: `POST /api/v1/crm/oauth/${s.provider.name}/confirm`,
        },
      });
    },
  );
};

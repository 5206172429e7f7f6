// Connecting a CRM of record over OAuth2 (issue 41 item 1; issue 58, Deliver 2; docs/adapters.md
// "Connecting a CRM"): a revops or admin person asks for the authorize URL (a grant in flight, with
// its state and PKCE verifier kept server-side), grants access in the CRM, and the CRM sends the
// browser back to the callback, which completes the grant only in that person's Baton sign-in
// session. A grant for another account than the connected one waits for POST …/confirm. Thin over
// src/crm/connect-crm.ts.
import { Type } from "typebox";
import { type Principal, requireRole } from "../../auth/principal.ts";
import { lookupSession } from "../../auth/sessions/lookup-session.ts";
import {
  type ConnectSettings,
  confirmCrmAccountChange,
  finishCrmConnect,
  startCrmConnect,
} from "../../crm/connect-crm.ts";
import { requireCrmOAuthProvider } from "../../crm/crm-oauth-providers.ts";
import type { CrmProviderName } from "../../crm/tables.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { AppDeps, RouteModule } from "../context.ts";
import { IsoTime, stdErrors, Uuid } from "../schemas.ts";
import { sessionCookieOf } from "../session-auth.ts";

const Provider = Type.Union([Type.Literal("hubspot"), Type.Literal("salesforce")], {
  description: "the CRM: hubspot or salesforce",
});
const ProviderParams = Type.Object({ provider: Provider });

function settings(deps: AppDeps, name: CrmProviderName): ConnectSettings {
  return {
    secret: deps.config.secret,
    publicUrl: deps.config.publicUrl,
    provider: requireCrmOAuthProvider(deps.config, name),
  };
}

/** The role before the arguments (a rep is told FORBIDDEN_ROLE, not that a CRM is unconfigured). */
const connectors = {
  preValidation: async (req: { principal: Principal }) =>
    requireRole(req.principal, "connect the CRM", "revops", "admin"),
};

export const crmOAuthRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/crm/oauth/:provider/start",
    {
      ...connectors,
      schema: {
        tags: ["crm"],
        summary: "Start connecting the workspace's CRM (revops, admin): the URL where access is granted",
        description:
          "Open authorize_url in a browser signed in to Baton as the same person (in the same browser session when this call was made with the session cookie); the grant is valid 10 minutes and completes once.",
        params: ProviderParams,
        response: {
          200: Type.Object({
            authorize_url: Type.String({ description: "open it; valid for 10 minutes, once" }),
            redirect_uri: Type.String({ description: "must be registered in the CRM app as is" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const s = settings(deps, req.params.provider);
      const sessionId = req.signInSession?.sessionId ?? null;
      const r = await startCrmConnect(deps.db, s, req.principal, sessionId, deps.now());
      return { authorize_url: r.authorizeUrl, redirect_uri: r.redirectUri };
    },
  );

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

  app.post(
    "/api/v1/crm/oauth/:provider/confirm",
    {
      ...connectors,
      schema: {
        tags: ["crm"],
        summary: "Confirm a change of the connected CRM account (revops, admin)",
        description:
          "Makes a grant the callback parked (202) the workspace's connection: its tokens replace the old account's, and the links to the old account's records and the change poll's cursor are dropped, so the next sync finds or creates the records in the new account.",
        params: ProviderParams,
        body: Type.Object({ grant_id: Uuid }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            connected: Type.Literal(true),
            provider: Provider,
            account: Type.String({ description: "the account now connected" }),
            previous_account: Type.String({ description: "the account it replaced" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const crm = requireCrmOAuthProvider(deps.config, req.params.provider);
      const r = await confirmCrmAccountChange(
        deps.db,
        deps.config.secret,
        req.principal,
        crm,
        req.body.grant_id,
        deps.now(),
      );
      return {
        connected: true as const,
        provider: crm.name,
        account: r.account,
        previous_account: r.previous,
      };
    },
  );
};

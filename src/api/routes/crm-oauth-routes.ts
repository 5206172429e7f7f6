// Connecting a CRM of record over OAuth2 (issue 41 item 1, docs/adapters.md "HubSpot"): a revops
// user asks for the authorize URL (with a signed state bound to the workspace), grants access in
// the CRM, and the CRM sends the browser back to the public callback, which checks the state,
// exchanges the code and stores the tokens sealed. Thin over src/crm.
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import { exchangeCode, saveOAuthTokens } from "../../crm/crm-oauth.ts";
import { authorizeUrlOf, oauthRedirectUri, requireCrmOAuthProvider } from "../../crm/crm-oauth-providers.ts";
import { signOAuthState, verifyOAuthState } from "../../crm/crm-oauth-state.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const Provider = Type.Union([Type.Literal("hubspot"), Type.Literal("salesforce")]);

export const crmOAuthRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/crm/oauth/:provider/start",
    {
      schema: {
        tags: ["crm"],
        summary: "Start connecting the workspace's CRM (revops, admin): the URL where access is granted",
        params: Type.Object({ provider: Provider }),
        response: {
          200: Type.Object({
            authorize_url: Type.String({ description: "open it; valid for 10 minutes" }),
            redirect_uri: Type.String({ description: "must be registered in the CRM app as is" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      requireRole(req.principal, "connect the CRM", "revops", "admin");
      const provider = requireCrmOAuthProvider(deps.config, req.params.provider);
      const redirectUri = oauthRedirectUri(deps.config.publicUrl, provider.name);
      const state = signOAuthState(deps.config.secret, req.principal.clientId, provider.name, deps.now());
      return { authorize_url: authorizeUrlOf(provider, redirectUri, state), redirect_uri: redirectUri };
    },
  );

  app.get(
    "/api/v1/crm/oauth/:provider/callback",
    {
      // the CRM redirects the browser here: no bearer token; the signed state names the workspace
      config: { public: true },
      // the query carries the authorization code: request log lines only at warn
      logLevel: "warn",
      schema: {
        tags: ["crm"],
        summary: "The CRM's redirect back after the grant (authorization code); public, state-checked",
        security: [],
        params: Type.Object({ provider: Provider }),
        querystring: Type.Object({
          state: Type.String({ minLength: 1, maxLength: 1000 }),
          code: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
          error: Type.Optional(Type.String({ maxLength: 200 })),
          error_description: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: {
          200: Type.Object({
            connected: Type.Literal(true),
            provider: Provider,
            account: Type.Union([Type.String(), Type.Null()]),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const provider = requireCrmOAuthProvider(deps.config, req.params.provider);
      const now = deps.now();
      const { clientId } = verifyOAuthState(deps.config.secret, provider.name, req.query.state, now);
      if (!req.query.code)
        throw new BatonError("CRM_OAUTH_EXCHANGE_FAILED", {
          provider: provider.name,
          status: 400,
          why: [req.query.error ?? "no code", req.query.error_description].filter(Boolean).join(": "),
        });
      const redirectUri = oauthRedirectUri(deps.config.publicUrl, provider.name);
      const tokens = await exchangeCode(provider, req.query.code, redirectUri, fetch, now);
      const accountRef = tokens.accountRef ?? (await provider.accountOf?.(tokens, fetch));
      await saveOAuthTokens(
        deps.db,
        deps.config.secret,
        clientId,
        provider.name,
        { ...tokens, accountRef },
        now,
      );
      return { connected: true as const, provider: provider.name, account: accountRef ?? null };
    },
  );
};

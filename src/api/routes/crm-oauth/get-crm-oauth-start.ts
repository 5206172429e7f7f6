// GET /api/v1/crm/oauth/:provider/start: Start connecting the workspace's CRM (revops, admin): the URL where access is granted.
// Registered by crm-oauth-routes.ts.
import { Type } from "typebox";
import { startCrmConnect } from "../../../crm/connect-crm.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { connectors, ProviderParams, settings } from "./common.ts";

export const getCrmOauthStartRoute: RouteModule = (app, deps) => {
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
};

// PUT /api/v1/admin/idp: Sets the workspace's single sign-on settings (issuer, client, allowed domains, claim → role map).
// Registered by idp-admin-routes.ts.
import { putIdpSettings } from "../../../auth/oidc/idp-settings.ts";
import { describePrincipal, requireRole } from "../../../auth/principal.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { userAgentOf } from "../../sign-in-session.ts";
import { IdpInput, IdpView } from "./common.ts";

export const putAdminIdpRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/admin/idp",
    {
      schema: {
        tags: ["admin"],
        summary:
          "Sets the workspace's single sign-on settings (issuer, client, allowed domains, claim → role map)",
        body: IdpInput,
        response: { 200: IdpView, ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "change the IdP settings", "admin");
      return putIdpSettings(
        deps.db,
        req.principal.clientId,
        req.body,
        {
          principalId: req.principal.principalId,
          label: describePrincipal(req.principal),
          ip: req.ip,
          userAgent: userAgentOf(req),
        },
        deps.config.secret,
        deps.now(),
      );
    },
  );
};

// GET /api/v1/admin/idp: The workspace's single sign-on (OpenID Connect) settings; the client secret is never returned.
// Registered by idp-admin-routes.ts.
import { getIdpSettings } from "../../../auth/oidc/idp-settings.ts";
import { requireRole } from "../../../auth/principal.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { IdpView } from "./common.ts";

export const getAdminIdpRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/admin/idp",
    {
      schema: {
        tags: ["admin"],
        summary:
          "The workspace's single sign-on (OpenID Connect) settings; the client secret is never returned",
        response: { 200: IdpView, ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "read the IdP settings", "admin");
      return getIdpSettings(deps.db, req.principal.clientId);
    },
  );
};

// The tenant's IdP settings (issue 11), admin role only. The client secret is write-only: PUT
// accepts it, GET says only whether one is stored. Every change is audited (idp_settings_changed).
import type { RouteModule } from "../context.ts";
import { getAdminIdpRoute } from "./idp-admin/get-admin-idp.ts";
import { putAdminIdpRoute } from "./idp-admin/put-admin-idp.ts";

export const idpAdminRoutes: RouteModule = (app, deps) => {
  getAdminIdpRoute(app, deps); // GET /api/v1/admin/idp
  putAdminIdpRoute(app, deps); // PUT /api/v1/admin/idp
};

// PUT /api/v1/admin/people/:id/roles: Set a person's roles (admin; audited role_changed; the last admin keeps the admin role).
// Registered by admin-routes.ts.
import { changeRoles } from "../../../admin/index.ts";
import type { Role } from "../../../auth/principal.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Person, RolesBody } from "../admin-schemas.ts";
import { IdParams, tags } from "./common.ts";

export const putAdminPeopleRolesRoute: RouteModule = (app, deps) => {
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
};

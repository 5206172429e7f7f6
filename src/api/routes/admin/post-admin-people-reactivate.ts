// POST /api/v1/admin/people/:id/reactivate: Reactivate a person; they sign in again (admin; audited person_reactivated).
// Registered by admin-routes.ts.
import { reactivatePerson } from "../../../admin/index.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Person } from "../admin-schemas.ts";
import { IdParams, tags } from "./common.ts";

export const postAdminPeopleReactivateRoute: RouteModule = (app, deps) => {
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
};

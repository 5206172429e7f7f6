// POST /api/v1/admin/people/:id/deactivate: Deactivate a person: their sessions end now, their tokens are refused (admin; audited).
// Registered by admin-routes.ts.
import { Type } from "typebox";
import { deactivatePerson } from "../../../admin/index.ts";
import { auditSourceOf as sourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Person } from "../admin-schemas.ts";
import { IdParams, tags } from "./common.ts";

export const postAdminPeopleDeactivateRoute: RouteModule = (app, deps) => {
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
};

// PUT /api/v1/admin/people/:id/crm-user: Name a person's user id in the connected CRM, so the CRM's owner of a contact names them (RevOps, admin; audited person_crm_user_set).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { setCrmUserId } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { Uuid } from "./common.ts";

export const putAdminPeopleCrmUserRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/admin/people/:id/crm-user",
    {
      schema: {
        tags: ["admin"],
        summary:
          "Name a person's user id in the connected CRM, so the CRM's owner of a contact names them (RevOps, admin; audited person_crm_user_set)",
        params: Type.Object({ id: IdParam("person") }),
        body: Type.Object(
          { crm_user_id: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ principal_id: Uuid, crm_user_id: Type.Union([Type.String(), Type.Null()]) }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      setCrmUserId(deps.db, req.principal, req.params.id, req.body.crm_user_id, auditSourceOf(req)),
  );
};

// PUT /api/v1/accounts/:id/owner: Give an account an owner (an active person), or none (RevOps, admin; audited account_owner_set).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { setAccountOwner } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { Uuid } from "./common.ts";

export const putAccountOwnerRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/accounts/:id/owner",
    {
      schema: {
        tags: ["accounts"],
        summary:
          "Give an account an owner (an active person), or none (RevOps, admin; audited account_owner_set)",
        params: Type.Object({ id: IdParam("account") }),
        body: Type.Object(
          { owner_principal_id: Type.Union([Uuid, Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ account_id: Uuid, owner_principal_id: Type.Union([Uuid, Type.Null()]) }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      setAccountOwner(deps.db, req.principal, req.params.id, req.body.owner_principal_id, auditSourceOf(req)),
  );
};

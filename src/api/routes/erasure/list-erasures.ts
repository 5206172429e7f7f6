// GET /api/v1/erasures: The erasure log, newest first: who asked, when, under what reference (no personal data); 100 a page unless limit says.
// Registered by erasure-routes.ts.
import { Type } from "typebox";
import { listErasures } from "../../../prospects/list-erasures.ts";
import type { RouteModule } from "../../context.ts";
import { PageQuery, pageOf, stdErrors } from "../../schemas.ts";

export const listErasuresRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/erasures",
    {
      schema: {
        tags: ["prospects"],
        summary:
          "The erasure log, newest first: who asked, when, under what reference (no personal data); 100 a page unless limit says",
        querystring: PageQuery,
        response: {
          200: pageOf(
            Type.Object({
              id: Type.String(),
              contact_id: Type.String(),
              request_reference: Type.String(),
              requested_by_principal_id: Type.Union([Type.String(), Type.Null()]),
              erased_at: Type.String(),
              removed: Type.Record(Type.String(), Type.Integer()),
              crm_erasure_queued: Type.Boolean(),
            }),
          ),
          ...stdErrors,
        },
      },
    },
    async (req) => listErasures(deps.db, req.principal, req.query),
  );
};

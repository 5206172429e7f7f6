// POST /api/v1/data-requests/:id/close: Close a data-protection request with what was done (erased, answered, refused); RevOps or admin.
// Registered by data-request-routes.ts.
import { Type } from "typebox";
import { closeDataRequest, DATA_REQUEST_OUTCOMES } from "../../../prospects/data-requests.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { DataRequest } from "./common.ts";

export const postDataRequestCloseRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/data-requests/:id/close",
    {
      schema: {
        tags: ["data-requests"],
        summary:
          "Close a data-protection request with what was done (erased, answered, refused); RevOps or admin",
        params: Type.Object({ id: IdParam("data request") }),
        body: Type.Object(
          { outcome: Type.Union(DATA_REQUEST_OUTCOMES.map((o) => Type.Literal(o))) },
          { additionalProperties: false },
        ),
        response: { 200: DataRequest, ...stdErrors },
      },
    },
    async (req) => closeDataRequest(deps.db, req.principal, req.params.id, req.body.outcome, deps.now()),
  );
};

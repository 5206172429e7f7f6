// GET /api/v1/data-requests: Data-protection requests made in replies (erasure, access), open ones first by their legal deadline; RevOps or admin.
// Registered by data-request-routes.ts.
import { Type } from "typebox";
import { listDataRequests } from "../../../prospects/data-requests.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DataRequest } from "./common.ts";

export const listDataRequestsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/data-requests",
    {
      schema: {
        tags: ["data-requests"],
        summary:
          "Data-protection requests made in replies (erasure, access), open ones first by their legal deadline; RevOps or admin",
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal("open"), Type.Literal("closed")], {
                description: "open: waiting for a person; closed: erased, answered or refused",
              }),
            ),
            contact_id: Type.Optional(
              Type.String({ maxLength: 64, description: "Only the requests of this contact (its id)" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DataRequest) }), ...stdErrors },
      },
    },
    async (req) => ({
      items: await listDataRequests(deps.db, req.principal, {
        status: req.query.status,
        contactId: req.query.contact_id,
      }),
    }),
  );
};

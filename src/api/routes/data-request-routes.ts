// Data-protection requests made in replies (issue 72 item 3): RevOps sees each with its legal
// deadline and closes it once erased (POST /api/v1/contacts/:id/erase), answered or refused. Thin
// over src/prospects/data-requests.ts.
import { Type } from "typebox";
import { closeDataRequest, DATA_REQUEST_OUTCOMES, listDataRequests } from "../../prospects/data-requests.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, stdErrors } from "../schemas.ts";

const Str = Type.String();
const NullStr = Type.Union([Str, Type.Null()]);
const DataRequest = Type.Object({
  id: Str,
  contact_id: Str,
  kind: Type.String({ description: "erasure (GDPR art. 17) | access (art. 15)" }),
  status: Type.String({ description: "open | erased | answered | refused" }),
  reply_id: NullStr,
  received_at: Str,
  due_at: Type.String({ description: "the legal deadline: one month from receipt (GDPR art. 12(3))" }),
  created_at: Str,
  closed_at: NullStr,
  closed_by_principal_id: NullStr,
});

export const dataRequestRoutes: RouteModule = (app, deps) => {
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

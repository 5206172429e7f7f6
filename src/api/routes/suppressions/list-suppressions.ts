// GET /api/v1/suppressions: The tenant's suppression lists (addresses, domains, erased people), newest first; 100 a page unless limit says.
// Registered by suppressions-routes.ts.
import { Type } from "typebox";
import { listSuppressions } from "../../../prospects/manage-suppressions.ts";
import type { RouteModule } from "../../context.ts";
import { PAGE_FIELDS, pageOf, stdErrors } from "../../schemas.ts";
import { Item } from "./common.ts";

export const listSuppressionsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/suppressions",
    {
      schema: {
        tags: ["prospects"],
        summary:
          "The tenant's suppression lists (addresses, domains, erased people), newest first; 100 a page unless limit says",
        querystring: Type.Object({
          kind: Type.Optional(
            Type.Union([Type.Literal("email"), Type.Literal("domain"), Type.Literal("email_hash")], {
              description: "email | domain | email_hash (an erased person)",
            }),
          ),
          search: Type.Optional(
            Type.String({
              maxLength: 200,
              description: "Only entries whose address or domain contains these characters",
            }),
          ),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(Item), ...stdErrors },
      },
    },
    async (req) => listSuppressions(deps.db, req.principal, req.query),
  );
};

// GET /api/v1/contacts/:id/enrollments: A prospect's enrollments in every campaign, newest first (live and ended); 100 a page unless limit says.
// Registered by prospect-actions-routes.ts.
import { Type } from "typebox";
import { listEnrollmentsInBook } from "../../../campaigns/index.ts";
import { isUuid } from "../../../db/is-uuid.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, PageQuery, pageOf, stdErrors } from "../../schemas.ts";

export const listContactEnrollmentsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/contacts/:id/enrollments",
    {
      schema: {
        tags: ["campaigns"],
        summary:
          "A prospect's enrollments in every campaign, newest first (live and ended); 100 a page unless limit says",
        params: Type.Object({ id: IdParam("contact", "text") }),
        querystring: PageQuery,
        response: { 200: pageOf(Type.Ref("Enrollment")), ...stdErrors },
      },
    },
    async (req) => {
      if (!isUuid(req.params.id)) throw new BatonError("NOT_FOUND", { entity: "contact", id: req.params.id });
      // a prospect outside the principal's book has none to show (docs/books.md)
      return listEnrollmentsInBook(deps.db, req.principal, { contactId: req.params.id, ...req.query });
    },
  );
};
